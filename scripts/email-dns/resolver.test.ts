import { describe, expect, it } from "vitest";
import { UsageError } from "../lib/errors";
import { parseDnsServer } from "./resolver";

describe("parseDnsServer", () => {
  it.each([
    ["127.0.0.1:5353", { host: "127.0.0.1", port: 5353 }],
    ["127.0.0.1", { host: "127.0.0.1", port: 53 }],
    ["[::1]:5300", { host: "::1", port: 5300 }],
    ["::1", { host: "::1", port: 53 }],
    ["ns1.example.net:53", { host: "ns1.example.net", port: 53 }],
  ])("%s", (text, expected) => {
    expect(parseDnsServer(text)).toEqual(expected);
  });

  it.each(["127.0.0.1:0", "127.0.0.1:70000", "host:port", "", "a b:53"])("refuses %j with a usage error", (text) => {
    expect(() => parseDnsServer(text)).toThrow(UsageError);
    expect(() => parseDnsServer(text)).toThrow(/expected HOST or HOST:PORT, such as 127\.0\.0\.1:5353 or \[::1\]:53/);
  });
});
