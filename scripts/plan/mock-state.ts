import { createHash } from "node:crypto";
import type { MockInvoke, MockState } from "./capture-monitor";

/**
 * What the offline plan pretends providers return. Inputs come back as
 * state; types whose outputs other resources read (ARNs, tokens, generated
 * values) get deterministic stand-ins, so two plans of the same config are
 * identical and a diff shows only real changes.
 */

const MOCK_ACCOUNT = "123456789012";

function digest(text: string, length = 16): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

type OutputFiller = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

/** Extra outputs per resource type. Add an entry when a component reads a computed output. */
export const MOCK_OUTPUTS: Record<string, OutputFiller> = {
  "random:index/randomPassword:RandomPassword": (name, inputs) => ({
    result: `mock-${digest(`password:${name}`, Number(inputs.length ?? 32))}`,
  }),
  "random:index/randomBytes:RandomBytes": (name) => ({ base64: Buffer.from(digest(`bytes:${name}`, 32)).toString("base64"), hex: digest(`bytes:${name}`, 32) }),
  "random:index/randomId:RandomId": (name) => ({ hex: digest(`id:${name}`, 16), b64Url: digest(`id:${name}`, 16) }),
  // SES Easy DKIM: three 32-character tokens per identity (the DKIM CNAMEs are built from them).
  "aws:sesv2/emailIdentity:EmailIdentity": (name, inputs) => ({
    dkimSigningAttributes: {
      ...((inputs.dkimSigningAttributes as Record<string, unknown> | undefined) ?? {}),
      tokens: [1, 2, 3].map((i) => digest(`ses-dkim:${String(inputs.emailIdentity)}:${i}`, 32)),
      signingAttributesOrigin: "AWS_SES",
      status: "PENDING",
    },
  }),
  "cloudflare:index/zoneDnssec:ZoneDnssec": (name) => ({
    ds: `example.com. 3600 IN DS 2371 13 2 ${digest(`ds:${name}`, 64).toUpperCase()}`,
  }),
  // ARNs in the shapes AWS returns, so policy documents built from them read like the real thing.
  "aws:kms/key:Key": (name, inputs) => {
    const h = digest(`kms:${name}`, 32);
    const keyId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    return { keyId, arn: `arn:aws:kms:${awsRegion(inputs)}:${MOCK_ACCOUNT}:key/${keyId}` };
  },
  "aws:secretsmanager/secret:Secret": (name, inputs) => ({
    // Secrets Manager appends a 6-character suffix to the secret's name.
    arn: `arn:aws:secretsmanager:${awsRegion(inputs)}:${MOCK_ACCOUNT}:secret:${String(inputs.name ?? name)}-${digest(`secret:${name}`, 6)}`,
  }),
  "aws:iam/role:Role": (name, inputs) => {
    const roleName = String(inputs.name ?? `${name}-${digest(`role:${name}`, 7)}`);
    return { name: roleName, arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${roleName}` };
  },
  "aws:iam/policy:Policy": (name, inputs) => {
    const policyName = String(inputs.name ?? `${name}-${digest(`policy:${name}`, 7)}`);
    return { name: policyName, arn: `arn:aws:iam::${MOCK_ACCOUNT}:policy/${policyName}` };
  },
};

function awsRegion(inputs: Record<string, unknown>): string {
  return typeof inputs.region === "string" ? inputs.region : "us-east-1";
}

/** AWS resources get an ARN and Cloudflare ones an id: enough for references between resources. */
export const mockState: MockState = (type, name, inputs) => {
  const id = `${name}-${digest(`${type}:${name}`, 8)}`;
  const extra = MOCK_OUTPUTS[type]?.(name, inputs) ?? {};
  const state: Record<string, unknown> = { ...inputs, ...extra };
  if (type.startsWith("aws:") && state.arn === undefined) {
    const service = type.split(":")[1].split("/")[0];
    state.arn = `arn:aws:${service}:${awsRegion(inputs)}:${MOCK_ACCOUNT}:${name}`;
  }
  return { id, state };
};

/** Data-source calls the example program is allowed to make offline; anything else is an error. */
export const mockInvoke: MockInvoke = (token, inputs) => {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/offline`, userId: "AIDAOFFLINE", id: MOCK_ACCOUNT };
    case "aws:index/getRegion:getRegion":
      return { name: inputs.name ?? "us-east-1", region: inputs.region ?? "us-east-1", id: "us-east-1" };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    default:
      throw new Error(`the offline plan has no stand-in for the data source ${token}; add one to scripts/plan/mock-state.ts`);
  }
};
