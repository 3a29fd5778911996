import { z } from "zod";
import { originAddress } from "./primitives";

/**
 * Blue/green: two origins and the colour that takes traffic. `active` is the
 * one line a deploy or a rollback changes.
 */
export const DeploySchema = z
  .object({
    /** @default "blue" */
    active: z.enum(["blue", "green"], { error: "expected blue or green" }).default("blue"),
    origins: z
      .object({
        blue: originAddress,
        green: originAddress,
      })
      .strict(),
    /** Origin of the marketing site (apex and www). @default the active colour's origin */
    marketingOrigin: originAddress.optional(),
  })
  .strict();
export type DeployConfig = z.infer<typeof DeploySchema>;
