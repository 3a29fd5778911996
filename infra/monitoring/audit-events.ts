/**
 * The auth events the application writes to the audit log group, and what it
 * must never write. One list for the README, the handover document and the
 * metric filter, so they cannot drift apart.
 */

export interface AuditEventSpec {
  event: string;
  when: string;
  fields: string[];
}

/** Every event also carries `timestamp`, `requestId`, `ip` and `userAgent`. */
export const AUDIT_EVENTS: AuditEventSpec[] = [
  { event: "login.success", when: "a session is created", fields: ["userId", "tenantId", "role", "method", "mfa"] },
  { event: "login.failure", when: "a login is refused", fields: ["userId (when the email matched an account)", "tenantId (when known)", "reason"] },
  { event: "logout", when: "a session ends", fields: ["userId", "tenantId"] },
  { event: "password_reset.requested", when: "a reset mail is sent", fields: ["userId (when the address matched)", "tenantId"] },
  { event: "password_reset.completed", when: "a new password is set", fields: ["userId", "tenantId"] },
  { event: "invite.sent", when: "an invitation is created", fields: ["inviterId", "tenantId", "role", "inviteeEmailHash"] },
  { event: "invite.accepted", when: "an invitation is used", fields: ["userId", "tenantId", "role"] },
  { event: "role.changed", when: "a permission changes", fields: ["actorId", "userId", "tenantId", "from", "to"] },
  { event: "export.requested", when: "a data export starts", fields: ["userId", "tenantId", "scope"] },
  { event: "export.downloaded", when: "an export is fetched", fields: ["userId", "tenantId", "scope", "rowCount"] },
];

/** Never in a log line, in any event. */
export const NEVER_LOG = [
  "passwords (typed or hashed)",
  "session ids and cookies",
  "access, refresh, CSRF and API tokens",
  "Authorization headers",
  "password-reset and invite links or their tokens",
  "MFA codes and secrets",
  "full card numbers or CVCs (at most the last four digits)",
  "bank details",
  "request or response bodies of auth endpoints",
];

/** CloudWatch Logs JSON filter pattern for refused logins. */
export const LOGIN_FAILURE_PATTERN = '{ $.event = "login.failure" }';
