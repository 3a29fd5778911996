import { z } from "zod";
import { configKey } from "./primitives";

/**
 * Server-side secrets. Values never live here: each name is a Pulumi config
 * key set with `pulumi config set --secret <key>` and read with requireSecret.
 */
export const SecretsSchema = z
  .object({
    /** Config keys holding secrets the server needs (database URL, payment keys, ...). @default [] */
    fromConfig: z.array(configKey).default([]),
  })
  .strict()
  .prefault({});
export type SecretsConfig = z.infer<typeof SecretsSchema>;
