// The pack's entry point for the Pulumi engine. `new PolicyPack` starts the analyzer's gRPC
// server and never returns, so this file only constructs it; the policies live in ./all.ts.
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT, PACK_NAME, POLICIES } from "./all";

new PolicyPack(PACK_NAME, {
  description: PACK_DESCRIPTION,
  enforcementLevel: PACK_ENFORCEMENT,
  policies: POLICIES,
});
