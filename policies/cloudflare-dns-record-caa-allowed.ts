import { normalizeName } from "./lib/dns";
import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type DnsRecordProps } from "./lib/types";

/**
 * Cloudflare's Universal and Advanced certificates come from these CAs; a CAA
 * record that leaves them out makes certificate renewal fail (RFC 8659).
 */
const CLOUDFLARE_CAS = ["letsencrypt.org", "pki.goog", "ssl.com", "digicert.com", "comodoca.com"];

export const cloudflareDnsRecordCaaAllowed: LaunchReadyPolicy = {
  name: "cloudflare-dns-record-caa-allowed",
  description: "CAA records may only authorize the certificate authorities the portal allows, so no other CA can issue a certificate for its names (RFC 8659).",
  severity: "medium",
  tags: ["edge-tls", "cloudflare"],
  remediationSteps: "Use only the allowed CA domains in CAA issue/issuewild records, or add the CA to the policy's allowedCas.",
  configSchema: {
    properties: {
      allowedCas: {
        type: "array",
        items: { type: "string", minLength: 1 },
        minItems: 1,
        default: CLOUDFLARE_CAS,
        description: "CA domains CAA issue/issuewild records may name (default: the CAs Cloudflare issues edge certificates from).",
      },
    },
  },
  validateResource: ofType<DnsRecordProps>(CF.dnsRecord, (record, args, report) => {
    if (record.type !== "CAA") return args.notApplicable("Record is not a CAA record");
    const { allowedCas = CLOUDFLARE_CAS } = args.getConfig<{ allowedCas?: string[] }>();
    const tag = String(record.data?.tag ?? "").toLowerCase();
    if (tag !== "issue" && tag !== "issuewild") return;
    // The CA domain is the part before any ";" parameters; ";" alone forbids issuance and is always allowed.
    const ca = normalizeName(String(record.data?.value ?? "").split(";")[0]);
    if (ca !== "" && !allowedCas.map(normalizeName).includes(ca)) {
      report(`CAA ${tag} record ${normalizeName(record.name)} must name one of ${allowedCas.join(", ")}, found "${ca}".`);
    }
  }),
};
