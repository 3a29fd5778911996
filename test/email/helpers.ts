import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** The portal object of an example stack file, as raw input (a fresh copy per call). */
export function examplePortal(stack: "dev" | "staging" | "prod"): Record<string, any> {
  const file = path.resolve(__dirname, "..", "..", "stacks", `Pulumi.${stack}.yaml`);
  const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  return structuredClone(doc.config["launch-ready:portal"]) as Record<string, any>;
}

/** A fresh DKIM public key (base64 SubjectPublicKeyInfo), generated at test time, never committed. */
export function dkimPublicKey(bits = 2048): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

/** A key pair for signing in tests: PEM private key and the base64 public key. */
export function dkimKeyPair(bits = 2048): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync("rsa", { modulusLength: bits });
  return {
    privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: pair.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}
