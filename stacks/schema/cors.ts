import { z } from "zod";
import { httpsOrigin } from "./primitives";

/** Origins the API accepts cross-origin requests from. Never `*`. */
export const CorsSchema = z
  .object({
    /** @default [] — then only the portal's own app origin is allowed. */
    allowedOrigins: z.array(httpsOrigin).default([]),
  })
  .strict()
  .prefault({});
export type CorsConfig = z.infer<typeof CorsSchema>;
