import { z } from "zod";
import { dnsLabel, domainName } from "./primitives";

/** Where the portal lives: the zone apex and the labels of its hostnames. */
export const DomainSchema = z
  .object({
    /** The Cloudflare zone, e.g. `example.com`. Marketing pages are served here. */
    apex: domainName,
    /**
     * Labels under the apex.
     * @default { www: "www", app: "app", api: "api" }
     */
    hostnames: z
      .object({
        /** Marketing alias that redirects to the canonical host. @default "www" */
        www: dnsLabel.default("www"),
        /** The authenticated portal (buyers, sellers, admins). @default "app" */
        app: dnsLabel.default("app"),
        /** The JSON API. @default "api" */
        api: dnsLabel.default("api"),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type DomainConfig = z.infer<typeof DomainSchema>;
