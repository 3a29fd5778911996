import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { comparePlans } from "../../scripts/diff/compare";
import { planStack, PROJECT_ROOT } from "../../scripts/plan/plan-stack";
import { PortalConfigError } from "../../stacks/schema";
import { portalHosts } from "../../infra/hostnames";
import { componentWarnings } from "../plan/components";

/** The example stack's portal object, with changes. */
function examplePortal(stack: string, edit: (portal: Record<string, any>) => void): unknown {
  const file = path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`);
  const portal = structuredClone(parse(fs.readFileSync(file, "utf8")).config["launch-ready:portal"]);
  edit(portal);
  return portal;
}

async function flip(stack: string, edit: (portal: Record<string, any>) => void) {
  const at = (active: string) =>
    examplePortal(stack, (p) => {
      edit(p);
      p.deploy.active = active;
    });
  const before = await planStack({ stack, portalOverride: at("blue") });
  const after = await planStack({ stack, portalOverride: at("green") });
  return { before, after, diff: comparePlans(before.plan, after.plan) };
}

const changes = (diff: ReturnType<typeof comparePlans>) => diff.updated.map((u) => ({ type: u.type, name: u.name, keys: u.changedKeys }));

describe("flipping deploy.active changes only the switch", () => {
  for (const stack of ["dev", "staging", "prod"]) {
    it(`${stack}, dns backend: the four followed records change content, nothing else`, async () => {
      const { before, after, diff } = await flip(stack, (p) => {
        p.deploy.switch = { backend: "dns" };
      });
      expect(diff.added).toEqual([]);
      expect(diff.removed).toEqual([]);
      expect(diff.replaced).toEqual([]);
      expect(changes(diff)).toEqual(
        ["apex", "www", "app", "api"].map((k) => ({ type: "cloudflare:index/dnsRecord:DnsRecord", name: `tradeloft-dns-${k}`, keys: ["content"] })),
      );
      const green = after.config.deploy.origins.green;
      const app = after.plan.resources.find((r) => r.name === "tradeloft-dns-app")!;
      expect(app.inputs.content).toBe(green);
      expect(app.inputs.comment).toBe("launch-ready: portal, follows deploy.active");
      expect(before.plan.resources.find((r) => r.name === "tradeloft-dns-app")!.inputs.content).toBe(before.config.deploy.origins.blue);
      expect(diff.unchanged).toBe(before.plan.resources.length - 4);
    });

    it(`${stack}, load-balancer backend: only the load balancers' pool order changes`, async () => {
      const { before, after, diff } = await flip(stack, (p) => {
        p.deploy.switch = { backend: "load-balancer" };
      });
      expect(diff.added).toEqual([]);
      expect(diff.removed).toEqual([]);
      expect(diff.replaced).toEqual([]);
      expect(changes(diff)).toEqual(
        ["apex", "www", "app", "api"].map((k) => ({ type: "cloudflare:index/loadBalancer:LoadBalancer", name: `tradeloft-switch-${k}`, keys: ["defaultPools", "fallbackPool"] })),
      );
      const pool = (plan: typeof after.plan, colour: string) => plan.resources.find((r) => r.name === `tradeloft-switch-pool-${colour}`)!;
      const lb = after.plan.resources.find((r) => r.name === "tradeloft-switch-app")!;
      // Active pool first, the standby as failover and fallback; the pools themselves do not change.
      expect(pool(after.plan, "green").inputs).toEqual(pool(before.plan, "green").inputs);
      const beforeLb = before.plan.resources.find((r) => r.name === "tradeloft-switch-app")!;
      expect(beforeLb.inputs.defaultPools).toEqual([expect.stringMatching(/^tradeloft-switch-pool-blue-/), expect.stringMatching(/^tradeloft-switch-pool-green-/)]);
      expect(beforeLb.inputs.fallbackPool).toMatch(/^tradeloft-switch-pool-green-/);
      expect(lb.inputs.defaultPools).toEqual([expect.stringMatching(/^tradeloft-switch-pool-green-/), expect.stringMatching(/^tradeloft-switch-pool-blue-/)]);
      expect(lb.inputs.fallbackPool).toMatch(/^tradeloft-switch-pool-blue-/);
      expect(lb.inputs.steeringPolicy).toBe("off");
      expect(componentWarnings(after.plan.notes, "deploy")).toEqual([
        `deploy.switch.backend is load-balancer: Cloudflare Load Balancing is a paid add-on on the ${after.config.cloudflare.plan} plan; enable it for account 0123456789abcdef0123456789abcdef before \`pulumi up\`, or use backend: dns`,
      ]);
      // With the load balancer owning the hostnames, no address record is written for them
      // (the zone still holds the edge's CAA and the email records, which are not the switch's).
      const hostnames = Object.values(portalHosts(after.config));
      const records = after.plan.resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord");
      expect(records.filter((r) => r.name.match(/^tradeloft-dns-(apex|www|app|api)$/))).toEqual([]);
      expect(records.filter((r) => hostnames.includes(r.inputs.name as string) && ["A", "AAAA", "CNAME"].includes(r.inputs.type as string))).toEqual([]);
    });
  }

  it("prod, load-balancer with a 10% canary: weights move with the pools, nothing else", async () => {
    const { after, diff } = await flip("prod", (p) => {
      p.deploy.switch = { backend: "load-balancer", canaryPercent: 10 };
    });
    expect(diff.added.length + diff.removed.length + diff.replaced.length).toBe(0);
    expect(new Set(diff.updated.map((u) => u.changedKeys.join(",")))).toEqual(new Set(["defaultPools,fallbackPool,randomSteering"]));
    const lb = after.plan.resources.find((r) => r.name === "tradeloft-switch-api")!;
    const weights = (lb.inputs.randomSteering as { poolWeights: Record<string, number> }).poolWeights;
    expect(Object.entries(weights).map(([id, w]) => [id.replace(/-[0-9a-f]{8}$/, ""), w]).sort()).toEqual([
      ["tradeloft-switch-pool-blue", 0.1],
      ["tradeloft-switch-pool-green", 0.9],
    ]);
    expect(lb.inputs.steeringPolicy).toBe("random");
    expect(lb.inputs.sessionAffinity).toBe("cookie");
  });

  it("with a marketingOrigin, only app and api follow the colour", async () => {
    const { diff } = await flip("staging", (p) => {
      p.deploy.marketingOrigin = "198.51.100.99";
    });
    expect(changes(diff).map((c) => c.name)).toEqual(["tradeloft-dns-app", "tradeloft-dns-api"]);
  });

  it("the load-balancer monitor probes the health path over HTTPS as the app hostname", async () => {
    const { after } = await flip("prod", (p) => {
      p.deploy.switch = { backend: "load-balancer" };
      p.routes = { health: "/healthz" };
    });
    const monitor = after.plan.resources.find((r) => r.type === "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor")!;
    expect(monitor.name).toBe("tradeloft-switch-monitor");
    expect(monitor.inputs).toMatchObject({ type: "https", path: "/healthz", expectedCodes: "200", header: { Host: ["app.example.com"] }, accountId: "0123456789abcdef0123456789abcdef" });
    const pools = after.plan.resources.filter((r) => r.type === "cloudflare:index/loadBalancerPool:LoadBalancerPool");
    expect(pools.map((p) => [p.name, p.inputs.name, (p.inputs.origins as { address: string }[])[0].address, p.inputs.monitor])).toEqual([
      ["tradeloft-switch-pool-blue", "tradeloft-prod-blue", "203.0.113.10", expect.stringMatching(/^tradeloft-switch-monitor-/)],
      ["tradeloft-switch-pool-green", "tradeloft-prod-green", "203.0.113.20", expect.stringMatching(/^tradeloft-switch-monitor-/)],
    ]);
  });
});

describe("deploy config rules", () => {
  const problems = async (edit: (p: Record<string, any>) => void) => {
    try {
      await planStack({ stack: "dev", portalOverride: examplePortal("dev", edit) });
    } catch (e) {
      if (e instanceof PortalConfigError) return e.problems.map((p) => `${p.path} ${p.value ?? ""}: ${p.message}`);
      throw e;
    }
    return [];
  };

  it("defaults to the dns backend on free, and the example plans have no load balancer", async () => {
    const { plan } = await planStack({ stack: "dev" });
    expect(plan.outputs.trafficSwitch).toBe("dns");
    expect(plan.resources.some((r) => r.type.includes("loadBalancer"))).toBe(false);
  });

  it("defaults to load-balancer on enterprise", async () => {
    const { plan } = await planStack({ stack: "dev", portalOverride: examplePortal("dev", (p) => (p.cloudflare.plan = "enterprise")) });
    expect(plan.outputs.trafficSwitch).toBe("load-balancer");
    // Load Balancing is included on enterprise: no add-on warning from the switch.
    expect(componentWarnings(plan.notes, "deploy")).toEqual([]);
  });

  it("refuses a canary on the dns backend and mixed origin kinds, naming the keys", async () => {
    expect(
      await problems((p) => {
        p.deploy.switch = { canaryPercent: 10 };
        p.deploy.origins.green = "green.origin.example.net";
      }),
    ).toEqual([
      "launch-ready:portal.deploy.switch.canaryPercent 10: a canary needs deploy.switch.backend: load-balancer (the dns backend points each hostname at one origin); set it to 0 or switch backend",
      'launch-ready:portal.deploy.origins.green "green.origin.example.net": must be the same kind as deploy.origins.blue (ipv4, not hostname) with the dns backend: a flip would replace the record (A/AAAA/CNAME types cannot change in place); use two ipv4 addresses or backend: load-balancer',
    ]);
  });

  it("rejects bad values with what is allowed", async () => {
    expect(
      await problems((p) => {
        p.deploy.switch = { backend: "round-robin", canaryPercent: 80 };
        p.deploy.gates = { checks: ["health", "vibes"], p95Ms: 2 };
      }),
    ).toEqual([
      'launch-ready:portal.deploy.switch.backend "round-robin": expected load-balancer or dns',
      "launch-ready:portal.deploy.switch.canaryPercent 80: expected at most 50: above half, promote the colour with `launch-ready deploy --to` instead",
      expect.stringMatching(/^launch-ready:portal\.deploy\.gates\.checks\.1 "vibes": expected one of health, latency-p95, /),
      "launch-ready:portal.deploy.gates.p95Ms 2: expected at least 10 ms",
    ]);
  });
});
