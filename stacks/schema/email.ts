import { z } from "zod";
import { domainName, emailAddress } from "./primitives";

/** How the portal sends mail (password resets, invites) and proves it. */
export const EmailSchema = z
  .object({
    /** Domain in the From: header; usually the apex. */
    sendingDomain: domainName,
    /** Mail providers that send for the domain. @default [{ kind: "ses" }] */
    providers: z
      .array(
        z
          .object({
            kind: z.enum(["ses", "postmark", "sendgrid", "resend", "mailgun", "google-workspace"], {
              error: "expected one of ses, postmark, sendgrid, resend, mailgun, google-workspace",
            }),
          })
          .loose(),
      )
      .min(1, { error: "list at least one mail provider, such as { kind: ses }" })
      .default([{ kind: "ses" }]),
    dmarc: z
      .object({
        /** @default "quarantine" */
        policy: z.enum(["none", "quarantine", "reject"], { error: "expected one of quarantine, reject (or none, only outside prod)" }).default("quarantine"),
        /** Where aggregate reports go (rua). */
        reportAddress: emailAddress,
        /** @default "strict" */
        alignment: z.enum(["strict", "relaxed"], { error: "expected strict or relaxed" }).default("strict"),
      })
      .strict(),
  })
  .strict();
export type EmailConfig = z.infer<typeof EmailSchema>;
