import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as dgram from "node:dgram";
import * as os from "node:os";
import * as path from "node:path";
import { promises as dns } from "node:dns";

/**
 * A real Knot DNS authoritative server for tests: its own config, zones,
 * rundir and database in a temp dir, on a free 127.0.0.1 port (never the
 * system service). `.ci/run` installs the `knot` Debian package.
 */

export interface ZoneSpec {
  /** Zone apex, e.g. `tradeloft.test`. */
  origin: string;
  /** Records in master-file syntax (RFC 1035 §5); SOA and NS are added. */
  body: string;
}

export interface KnotServer {
  /** `127.0.0.1:PORT`, for --dns-server. */
  address: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export const KNOTD = ["/usr/sbin/knotd", "/usr/bin/knotd"].find((p) => fs.existsSync(p));

/** Startup is bounded: poll for an answer every 100 ms, give up after this. */
const READY_TIMEOUT_MS = 10_000;

async function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket("udp4");
    sock.once("error", () => resolve(false));
    sock.bind(port, "127.0.0.1", () => sock.close(() => resolve(true)));
  });
}

/** A port free for both TCP and UDP on 127.0.0.1 (DNS listens on both). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once("error", reject);
      srv.listen(0, "127.0.0.1", () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    if (await udpPortFree(port)) return port;
  }
  throw new Error("no free port for both TCP and UDP on 127.0.0.1 after 20 attempts");
}

/** SOA and NS first (Knot refuses a zone without them), then the records. */
export function zoneText(zone: ZoneSpec): string {
  const origin = zone.origin.endsWith(".") ? zone.origin : `${zone.origin}.`;
  const head = [
    `$ORIGIN ${origin}`,
    `$TTL 300`,
    `@ 300 IN SOA ns1.${origin} hostmaster.${origin} 1 3600 600 86400 300`,
    `@ 300 IN NS ns1.${origin}`,
    `ns1.${origin} 300 IN A 127.0.0.1`,
  ];
  return `${head.join("\n")}\n${zone.body}\n`;
}

/** Validates zones with kzonecheck when available, so a broken fixture fails with Knot's own words. */
function checkZone(file: string, origin: string): void {
  const kzonecheck = ["/usr/bin/kzonecheck", "/usr/sbin/kzonecheck"].find((p) => fs.existsSync(p));
  if (!kzonecheck) return;
  const r = spawnSync(kzonecheck, ["-o", origin, file], { encoding: "utf8", timeout: 10_000 });
  if (r.status !== 0) throw new Error(`kzonecheck refused ${path.basename(file)}:\n${r.stdout}${r.stderr}`);
}

export async function startKnot(zones: ZoneSpec[]): Promise<KnotServer> {
  if (!KNOTD) throw new Error("knotd is not installed: run `apt-get install knot` (listed in .ci/run DEBIAN_PACKAGES)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "launch-ready-knot-"));
  for (const sub of ["run", "db", "zones"]) fs.mkdirSync(path.join(dir, sub));
  for (const z of zones) {
    const file = path.join(dir, "zones", `${z.origin}.zone`);
    fs.writeFileSync(file, zoneText(z));
    checkZone(file, z.origin);
  }
  const port = await freePort();
  const conf = [
    "server:",
    `    rundir: "${dir}/run"`,
    `    listen: 127.0.0.1@${port}`,
    "    udp-workers: 1",
    "    tcp-workers: 1",
    "    background-workers: 1",
    "database:",
    `    storage: "${dir}/db"`,
    "log:",
    "  - target: stderr",
    "    any: warning",
    "template:",
    "  - id: default",
    `    storage: "${dir}/zones"`,
    '    file: "%s.zone"',
    "    zonefile-sync: -1",
    "    journal-content: none",
    "zone:",
    ...zones.map((z) => `  - domain: ${z.origin}`),
    "",
  ].join("\n");
  const confFile = path.join(dir, "knot.conf");
  fs.writeFileSync(confFile, conf);

  const child: ChildProcess = spawn(KNOTD, ["-c", confFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += String(d)));
  let exited = false;
  child.once("exit", () => (exited = true));

  const stop = async () => {
    if (!exited) {
      const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await done;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  // Ready when every zone answers its SOA over UDP.
  const resolver = new dns.Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`knotd exited during startup:\n${stderr}`);
    }
    try {
      for (const z of zones) await resolver.resolveSoa(z.origin);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`knotd did not answer on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { address: `127.0.0.1:${port}`, port, dir, stop };
}

/** Splits a long TXT value into quoted 255-byte strings (RFC 1035 §3.3.14). */
export function txt(value: string): string {
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += 255) chunks.push(`"${value.slice(i, i + 255)}"`);
  return chunks.join(" ");
}
