import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";

/**
 * A synthetic stack of `count` resources shaped like the portal's: DNS
 * records and zone settings under components of 50 children each, every
 * record depending on its component's first setting.
 */
export function syntheticProgram(count: number): () => Record<string, unknown> {
  return () => {
    const zoneId = "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a";
    let made = 0;
    let group = 0;
    const ids: pulumi.Output<string>[] = [];
    while (made < count) {
      const component = new pulumi.ComponentResource("bench:index:Group", `group-${group}`);
      made++;
      const first = new cloudflare.ZoneSetting(`group-${group}-setting`, { zoneId, settingId: "min_tls_version", value: "1.2" }, { parent: component });
      made++;
      for (let i = 0; i < 48 && made < count; i++, made++) {
        const rec = new cloudflare.DnsRecord(
          `group-${group}-rec-${i}`,
          { zoneId, name: `h${group}-${i}.example.com`, type: "A", content: "192.0.2.1", ttl: 1, proxied: true, comment: first.id },
          { parent: component },
        );
        if (i === 0) ids.push(rec.id);
      }
      group++;
    }
    return { firstIds: ids.slice(0, 3) };
  };
}
