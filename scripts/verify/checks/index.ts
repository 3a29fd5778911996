import type { LiveCheck } from "../check";
import { authBoundaryCheck } from "./auth-boundary";
import { cacheSafetyCheck } from "./cache-safety";
import { corsCheck } from "./cors";
import { csrfCheck } from "./csrf";
import { emailDnsCheck } from "./email-dns";
import { healthCheck } from "./health";
import { indexingCheck } from "./indexing";
import { inputValidationCheck } from "./input-validation";
import { latencyP95Check } from "./latency-p95";
import { rateLimitCheck } from "./rate-limit";
import { secretsInBundleCheck } from "./secrets-in-bundle";
import { securityHeadersCheck } from "./security-headers";
import { sessionCookiesCheck } from "./session-cookies";
import { sessionLogoutCheck } from "./session-logout";
import { tenantIsolationCheck } from "./tenant-isolation";
import { tlsCheck } from "./tls";

/**
 * The live checks in the order they run. Order matters: latency runs before
 * the rate-limit check (whose tripped limits would otherwise disturb it), and
 * rate-limit runs after everything that signs in.
 */
export const LIVE_CHECKS: LiveCheck[] = [
  healthCheck,
  tlsCheck,
  securityHeadersCheck,
  indexingCheck,
  authBoundaryCheck,
  sessionCookiesCheck,
  cacheSafetyCheck,
  tenantIsolationCheck,
  inputValidationCheck,
  corsCheck,
  csrfCheck,
  sessionLogoutCheck,
  secretsInBundleCheck,
  latencyP95Check,
  rateLimitCheck,
  emailDnsCheck,
];
