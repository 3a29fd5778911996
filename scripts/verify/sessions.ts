import type { Cookie } from "undici";
import type { HttpClient, HttpResponse } from "./http";
import type { VerifyTarget } from "./target";

/** A signed-in test account: its cookies, the session cookie as the login set it, and its CSRF token. */
export interface Session {
  account: string;
  cookies: Map<string, string>;
  sessionCookie: Cookie;
  loginResponse: HttpResponse;
  csrfToken?: string;
}

/** Signing in failed: the checks that need a session report it instead of guessing. */
export class LoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoginError";
  }
}

const SESSION_NAME = /sess|sid|auth|token|jwt/i;

export function cookieHeader(session: Session): string {
  return [...session.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** Fills `${field}` in the login body from the account (email, password, any other field). */
export function fillBody(template: unknown, account: Record<string, unknown>): unknown {
  if (typeof template === "string") {
    const whole = /^\$\{([^}]+)\}$/.exec(template);
    if (whole) return account[whole[1]] ?? template;
    return template.replace(/\$\{([^}]+)\}/g, (m, name: string) => (account[name] === undefined ? m : String(account[name])));
  }
  if (Array.isArray(template)) return template.map((v) => fillBody(v, account));
  if (template && typeof template === "object") return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillBody(v, account)]));
  return template;
}

export class Sessions {
  private readonly cache = new Map<string, Promise<Session>>();
  constructor(
    private readonly target: VerifyTarget,
    private readonly http: () => HttpClient,
  ) {}

  accountNames(): string[] {
    return Object.keys(this.target.accounts);
  }

  /** The shared session of an account (signed in once per run: login is rate limited). */
  get(account: string): Promise<Session> {
    let s = this.cache.get(account);
    if (!s) {
      s = this.signIn(account);
      this.cache.set(account, s);
      s.catch(() => undefined);
    }
    return s;
  }

  /** A session of its own (the logout check ends it). */
  async signIn(account: string): Promise<Session> {
    const acct = this.target.accounts[account];
    if (!acct) throw new LoginError(`no account named "${account}" in the verify file`);
    const { login } = this.target.routes;
    const res = await this.http().send(login.path, { method: login.method, body: fillBody(login.body, acct as Record<string, unknown>) });
    const live = res.cookies.filter((c) => c.maxAge === undefined || c.maxAge > 0);
    if (res.status >= 400 || live.length === 0) {
      throw new LoginError(`signing in as ${account} at ${login.method} ${login.path} failed (status ${res.status}${live.length === 0 ? ", no cookie set" : ""}); check the account and routes.login in the verify file`);
    }
    const wanted = login.sessionCookie;
    const sessionCookie = wanted ? live.find((c) => c.name === wanted) : (live.find((c) => SESSION_NAME.test(c.name)) ?? live[0]);
    if (!sessionCookie) throw new LoginError(`signing in as ${account} set no cookie named "${wanted}" (set: ${live.map((c) => c.name).join(", ")}); fix routes.login.sessionCookie`);
    return { account, cookies: new Map(live.map((c) => [c.name, c.value])), sessionCookie, loginResponse: res };
  }

  /** The CSRF token of a session, when the portal uses one (routes.csrf). */
  async csrf(session: Session): Promise<Record<string, string>> {
    const spec = this.target.routes.csrf;
    if (!spec) return {};
    if (!session.csrfToken) {
      const res = await this.http().send(spec.tokenUrl, { cookie: cookieHeader(session) });
      let token: string | undefined = res.headers[spec.header.toLowerCase()];
      if (!token) {
        try {
          const json = JSON.parse(res.body) as Record<string, unknown>;
          const found = ["token", "csrfToken", "csrf", "_csrf"].map((k) => json[k]).find((v) => typeof v === "string");
          token = found as string | undefined;
        } catch {
          /* not JSON: no token */
        }
      }
      if (!token) throw new LoginError(`no CSRF token at ${spec.tokenUrl} (status ${res.status}); check routes.csrf in the verify file`);
      session.csrfToken = token;
    }
    return { [spec.header]: session.csrfToken };
  }

  /** Headers for a same-origin, state-changing request of this session (cookie + CSRF token). */
  async authHeaders(session: Session): Promise<{ cookie: string; headers: Record<string, string> }> {
    return { cookie: cookieHeader(session), headers: { origin: this.target.origin, ...(await this.csrf(session)) } };
  }

  /** Two accounts, preferring different tenants: the owner and someone who must not see their data. */
  otherThan(owner: string): string | undefined {
    const names = this.accountNames().filter((n) => n !== owner);
    const ownerTenant = this.target.accounts[owner]?.tenant;
    return names.find((n) => ownerTenant !== undefined && this.target.accounts[n].tenant !== ownerTenant) ?? names[0];
  }
}
