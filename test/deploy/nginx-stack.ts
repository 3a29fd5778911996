import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import { CONFIG_NAMESPACE, PORTAL_KEY, parsePortalConfig } from "../../stacks/schema";
import type { Colour } from "../../stacks/schema/deploy";
import { readActiveColourFile, writeActiveColourFile } from "../../scripts/deploy/stack-file";
import type { OriginTarget, StackOperations } from "../../scripts/deploy/types";
import { parse } from "yaml";

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface NginxStackOptions {
  stack: string;
  /** The stack file this "stack" applies (a real portal stack file, edited by the same code as the real one). */
  stackFile: string;
  /** Working folder: nginx prefix, config, pid, logs. */
  dir: string;
  proxyPort: number;
  /** The loopback port of each colour's origin server. */
  originPorts: Record<Colour, number>;
  healthPath: string;
}

/**
 * StackOperations on a real nginx reverse proxy on loopback: `up` reads the
 * stack file the way the program does (parsed by the portal schema), writes
 * the upstream for `deploy.active` and reloads nginx gracefully (`nginx -s
 * reload`: old workers finish their requests, new ones take new connections).
 */
export class NginxStackOperations implements StackOperations {
  readonly stack: string;
  readonly applied: Colour[] = [];
  constructor(private readonly opts: NginxStackOptions) {
    this.stack = opts.stack;
  }

  private get conf(): string {
    return path.join(this.opts.dir, "nginx.conf");
  }

  private nginx(...args: string[]): void {
    execFileSync("nginx", ["-p", `${this.opts.dir}/`, "-e", path.join(this.opts.dir, "error.log"), "-c", this.conf, ...args], { stdio: "pipe" });
  }

  async start(): Promise<void> {
    try {
      execFileSync("nginx", ["-v"], { stdio: "pipe" });
    } catch {
      throw new Error("nginx is not installed: `apt-get install nginx-light` (.ci/run installs it with the other Debian packages the tests use)");
    }
    const d = this.opts.dir;
    for (const t of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) fs.mkdirSync(path.join(d, `tmp_${t}`), { recursive: true, mode: 0o777 });
    fs.writeFileSync(
      this.conf,
      `worker_processes 1;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  # On reload nginx closes idle keep-alive client connections; a request sent
  # on one at that instant gets no answer (RFC 9112 §9.3.1 leaves the retry to
  # the client). Cloudflare's edge absorbs this in production; this proxy opens
  # a connection per request so the test measures the switch, not that race.
  keepalive_timeout 0;
  client_body_temp_path ${d}/tmp_body;
  proxy_temp_path ${d}/tmp_proxy;
  fastcgi_temp_path ${d}/tmp_fastcgi;
  uwsgi_temp_path ${d}/tmp_uwsgi;
  scgi_temp_path ${d}/tmp_scgi;
  include ${d}/upstream.conf;
  server {
    listen 127.0.0.1:${this.opts.proxyPort};
    location / {
      proxy_pass http://portal;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 30s;
    }
  }
}
`,
    );
    const active = this.activeInStackFile();
    this.writeUpstream(active);
    this.nginx();
    await this.waitForColour(active);
  }

  async stop(): Promise<void> {
    const pidFile = path.join(this.opts.dir, "nginx.pid");
    if (!fs.existsSync(pidFile)) return;
    const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
    try {
      this.nginx("-s", "quit");
    } catch {
      // already gone
    }
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await sleep(100);
    }
    process.kill(pid, "SIGKILL");
  }

  async readActive(): Promise<Colour> {
    return readActiveColourFile(this.opts.stackFile);
  }

  async writeActive(colour: Colour): Promise<void> {
    writeActiveColourFile(this.opts.stackFile, colour);
  }

  async up(): Promise<void> {
    const active = this.activeInStackFile();
    this.writeUpstream(active);
    const oldWorkers = this.workerPids();
    this.nginx("-s", "reload");
    await this.waitForColour(active);
    // The master starts new workers before it retires the old ones, so for a
    // moment both accept connections: the switch is done when the old are gone.
    await this.waitForExit(oldWorkers);
    this.applied.push(active);
  }

  originTarget(colour: Colour): OriginTarget {
    return { colour, baseUrl: `http://127.0.0.1:${this.opts.originPorts[colour]}` };
  }

  publicUrl(): string {
    return `http://127.0.0.1:${this.opts.proxyPort}`;
  }

  /** What the program would read: the stack file parsed by the portal schema. */
  private activeInStackFile(): Colour {
    const raw = parse(fs.readFileSync(this.opts.stackFile, "utf8")).config[`${CONFIG_NAMESPACE}:${PORTAL_KEY}`];
    return parsePortalConfig(raw, this.opts.stackFile).deploy.active;
  }

  private writeUpstream(colour: Colour): void {
    const file = path.join(this.opts.dir, "upstream.conf");
    fs.writeFileSync(`${file}.tmp`, `upstream portal { server 127.0.0.1:${this.opts.originPorts[colour]}; }\n`);
    fs.renameSync(`${file}.tmp`, file);
  }

  /** `nginx -s reload` only signals the master: wait (bounded) until new connections reach the colour. */
  private async waitForColour(colour: Colour): Promise<void> {
    const deadline = Date.now() + 10_000;
    let seen = "";
    while (Date.now() < deadline) {
      try {
        const res = await request(`${this.publicUrl()}${this.opts.healthPath}`, { headers: { connection: "close" }, headersTimeout: 5000, bodyTimeout: 5000 });
        await res.body.dump();
        seen = String(res.headers["x-origin-colour"]);
        if (seen === colour) return;
      } catch (e) {
        seen = (e as Error).message;
      }
      await sleep(50);
    }
    throw new Error(`nginx did not switch to ${colour} within 10 s (last answer: ${seen}); see ${this.opts.dir}/error.log`);
  }

  /** The nginx master's worker processes (Linux /proc). */
  private workerPids(): number[] {
    const pidFile = path.join(this.opts.dir, "nginx.pid");
    if (!fs.existsSync(pidFile)) return [];
    const master = fs.readFileSync(pidFile, "utf8").trim();
    const pids: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
        if (ppid === master) pids.push(Number(entry));
      } catch {
        // the process exited while we looked
      }
    }
    return pids;
  }

  private async waitForExit(pids: number[]): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (const pid of pids) {
      while (Date.now() < deadline && fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ")) await sleep(20);
    }
  }
}
