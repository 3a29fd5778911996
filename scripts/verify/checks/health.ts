import type { LiveCheck } from "../check";
import { finding, snippet } from "../check";
import { describeNetworkError } from "../http";

/** The health endpoint answers 200 quickly: uptime checks and deploy gates rely on it. */
export const healthCheck: LiveCheck = {
  id: "health",
  title: "health endpoint answers 200 quickly",
  async run({ target, http }) {
    const url = http.resolve(target.routes.health).href;
    const fix = `Serve ${target.routes.health} without a session, answering 200 within ${target.health.maxMs} ms once the app and its database are up; point uptime checks and the deploy gate at it.`;
    try {
      const res = await http.send(target.routes.health);
      const ms = Math.round(res.ms);
      if (res.status !== 200) {
        return [finding("health", "fail", { message: `the health endpoint answered ${res.status}, not 200`, target: url, evidence: `${res.status} in ${ms} ms: ${snippet(res.body)}`, fix })];
      }
      if (res.ms > target.health.maxMs) {
        return [finding("health", "fail", { severity: "medium", message: `the health endpoint took ${ms} ms (bound ${target.health.maxMs} ms)`, target: url, evidence: `200 in ${ms} ms`, fix })];
      }
      return [finding("health", "pass", { message: `the health endpoint answered 200 in ${ms} ms`, target: url, evidence: `200 in ${ms} ms (bound ${target.health.maxMs} ms)` })];
    } catch (e) {
      return [finding("health", "fail", { message: `the health endpoint did not answer: ${describeNetworkError(e, http.timeoutMs)}`, target: url, fix })];
    }
  },
};
