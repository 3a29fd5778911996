import { describe, expect, it } from "vitest";
import type { PlannedResource, PlanNote } from "../../scripts/plan/model";
import { componentResources, componentWarnings, rootType } from "./components";

const warn = (message: string): PlanNote => ({ kind: "warning", message });

describe("componentWarnings", () => {
  const notes = [
    warn("launch-ready:portal.edge.dns.dnssec is false: the zone is not signed, answers can be spoofed"),
    warn("monitoring: edge error alerts do not page PagerDuty"),
    warn("rate limits (free plan): combined"),
    { kind: "info" as const, message: "monitoring: not a warning" },
    warn("email.spf.all is ~all for example.com"),
    warn("deploy.switch.backend is load-balancer"),
  ];

  it("keeps each component's warnings, in plan order, and no other note", () => {
    expect(componentWarnings(notes, "edge")).toEqual([notes[0].message, notes[2].message]);
    expect(componentWarnings(notes, "monitoring")).toEqual([notes[1].message]);
    expect(componentWarnings(notes, "email")).toEqual([notes[4].message]);
    expect(componentWarnings(notes, "deploy")).toEqual([notes[5].message]);
  });

  it("throws on a warning no component claims, so a new wording is never filtered away unseen", () => {
    expect(() => componentWarnings([...notes, warn("something else entirely")], "edge")).toThrow("plan warning claimed by no component: something else entirely");
  });
});

describe("componentResources", () => {
  const res = (urn: string) => ({ urn }) as PlannedResource;
  const edge = res("urn:pulumi:prod::launch-ready::launch-ready:edge:PortalEdge$launch-ready:edge:EdgeDnssec$cloudflare:index/zoneDnssec:ZoneDnssec::tradeloft-edge-dnssec-zone");
  const dns = res("urn:pulumi:prod::launch-ready::launch-ready:edge:PortalDns$cloudflare:index/dnsRecord:DnsRecord::tradeloft-dns-app");
  const topic = res("urn:pulumi:prod::launch-ready::launch-ready:monitoring:AlertTopic$aws:sns/topic:Topic::tradeloft-alerts");
  const ses = res("urn:pulumi:prod::launch-ready::launch-ready:email:PortalEmail$launch-ready:email:SesSender$aws:sesv2/emailIdentity:EmailIdentity::tradeloft-email-ses-identity");

  it("follows the URN's parent type chain to the top-level component", () => {
    expect(rootType(edge)).toBe("launch-ready:edge:PortalEdge");
    expect(componentResources([edge, dns, topic, ses], "edge")).toEqual([edge]);
    expect(componentResources([edge, dns, topic, ses], "dns")).toEqual([dns]);
    expect(componentResources([edge, dns, topic, ses], "monitoring")).toEqual([topic]);
    expect(componentResources([edge, dns, topic, ses], "email")).toEqual([ses]);
    expect(componentResources([edge, dns, topic, ses], "deploy")).toEqual([]);
  });
});
