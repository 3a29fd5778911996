import type { Finding } from "../../lib/findings";
import type { CheckId, VerifyContext } from "../check";
import { finding } from "../check";
import { LoginError, type Session } from "../sessions";

/**
 * Signs in for a check, or says plainly why the check cannot run: no
 * accounts in the verify file (skip) or the login did not work (warn — the
 * portal may be fine, the verify file may be wrong; either way nothing was proven).
 */
export async function sessionFor(ctx: VerifyContext, id: CheckId, account?: string, fresh = false): Promise<Session | Finding> {
  const name = account ?? ctx.sessions.accountNames()[0];
  if (!name) {
    return finding(id, "skip", { message: "needs a test account: add accounts (with passwords from ${ENV_VARS}) to the verify file (--config)" });
  }
  try {
    return fresh ? await ctx.sessions.signIn(name) : await ctx.sessions.get(name);
  } catch (e) {
    if (e instanceof LoginError) return finding(id, "warn", { severity: "medium", message: `could not run: ${e.message}`, mandatory: false });
    throw e;
  }
}

export function isFinding(x: unknown): x is Finding {
  return Boolean(x && typeof x === "object" && "status" in x && "area" in x);
}
