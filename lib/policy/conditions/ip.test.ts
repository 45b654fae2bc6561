import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import { compileConditions, evaluateConditions } from "./evaluate";
import { cidrContains, ipOperators, parseCidr } from "./ip";

// IpAddress / NotIpAddress: RFC 4632 CIDR, IPv4 and IPv6; an address without a prefix is /32.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress

function holds(op: string, key: string, values: string | string[], ctx: ContextInput = {}): boolean {
  const conds = compileConditions({ [op]: { [key]: Array.isArray(values) ? values : [values] } }, true);
  return evaluateConditions(conds, new RequestContext(ctx)).length === 0;
}

const ip = (a: string) => ({ "aws:SourceIp": a });

describe("parseCidr", () => {
  it("an IPv4 address without a prefix is a /32", () => {
    expect(parseCidr("203.0.113.7")).toEqual({ v6: false, network: 0xcb007107n, bits: 32 });
  });

  it("masks host bits of a block", () => {
    expect(parseCidr("10.1.2.3/8")).toEqual({ v6: false, network: 0x0a000000n, bits: 8 });
    expect(parseCidr("0.0.0.0/0")).toEqual({ v6: false, network: 0n, bits: 0 });
  });

  it("an IPv6 address without a prefix is a /128", () => {
    expect(parseCidr("2001:db8::1")).toMatchObject({ v6: true, bits: 128 });
  });

  it("expands :: and accepts upper-case hex", () => {
    expect(parseCidr("2001:DB8::")?.network).toBe(parseCidr("2001:0db8:0000:0000:0000:0000:0000:0000")?.network);
    expect(parseCidr("::")).toEqual({ v6: true, network: 0n, bits: 128 });
    expect(parseCidr("::1")?.network).toBe(1n);
    expect(parseCidr("1:2:3:4:5:6:7::")?.network).toBe(parseCidr("1:2:3:4:5:6:7:0")?.network);
  });

  it("reads an IPv4-mapped IPv6 address as IPv4", () => {
    expect(parseCidr("::ffff:10.0.0.1")).toEqual(parseCidr("10.0.0.1"));
    expect(parseCidr("::ffff:0a00:0001")).toEqual(parseCidr("10.0.0.1"));
    expect(parseCidr("::ffff:10.0.0.0/104")).toEqual(parseCidr("10.0.0.0/8"));
  });

  it("reads a dotted IPv4 tail in a full IPv6 address", () => {
    expect(parseCidr("64:ff9b::192.0.2.33")?.network).toBe((0x64ff9bn << 96n) | 0xc0000221n);
  });

  it("trims surrounding spaces", () => {
    expect(parseCidr(" 10.0.0.1 ")).toEqual(parseCidr("10.0.0.1"));
  });

  it.each([
    "",
    "10.0.0",
    "10.0.0.256",
    "10.0.0.1.2",
    "10.0.0.-1",
    "10.0.0.1/33",
    "10.0.0.1/",
    "10.0.0.1/x",
    "a.b.c.d",
    "2001:db8::1/129",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "::1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7",
    "12345::",
    "g::1",
    "::ffff:10.0.0.300",
    "fe80::1%eth0",
  ])("rejects %j", (s) => {
    expect(parseCidr(s)).toBeNull();
  });
});

describe("cidrContains", () => {
  it("never mixes families", () => {
    const v4 = parseCidr("0.0.0.0/0")!;
    const v6 = parseCidr("::/0")!;
    expect(cidrContains(v4, parseCidr("2001:db8::1")!)).toBe(false);
    expect(cidrContains(v6, parseCidr("10.0.0.1")!)).toBe(false);
    expect(cidrContains(v6, parseCidr("2001:db8::1")!)).toBe(true);
  });

  it("checks the prefix bits only", () => {
    const block = parseCidr("192.0.2.0/24")!;
    expect(cidrContains(block, parseCidr("192.0.2.255")!)).toBe(true);
    expect(cidrContains(block, parseCidr("192.0.3.0")!)).toBe(false);
  });
});

describe("IpAddress / NotIpAddress", () => {
  it("IpAddress is positive, NotIpAddress negated", () => {
    expect(ipOperators.map((o) => [o.name, o.negated])).toEqual([
      ["IpAddress", false],
      ["NotIpAddress", true],
    ]);
  });

  it("IpAddress matches addresses inside the block", () => {
    expect(holds("IpAddress", "aws:SourceIp", "203.0.113.0/24", ip("203.0.113.77"))).toBe(true);
    expect(holds("IpAddress", "aws:SourceIp", "203.0.113.0/24", ip("203.0.114.1"))).toBe(false);
  });

  it("an address without a prefix matches only itself (/32)", () => {
    expect(holds("IpAddress", "aws:SourceIp", "203.0.113.7", ip("203.0.113.7"))).toBe(true);
    expect(holds("IpAddress", "aws:SourceIp", "203.0.113.7", ip("203.0.113.8"))).toBe(false);
  });

  it("IPv6 blocks", () => {
    expect(holds("IpAddress", "aws:SourceIp", "2001:db8:1234::/48", ip("2001:db8:1234:ffff::1"))).toBe(true);
    expect(holds("IpAddress", "aws:SourceIp", "2001:db8:1234::/48", ip("2001:db8:1235::1"))).toBe(false);
    expect(holds("IpAddress", "aws:SourceIp", "2001:db8:1234::/48", ip("203.0.113.7"))).toBe(false);
  });

  it("an IPv4-mapped request address matches an IPv4 block", () => {
    expect(holds("IpAddress", "aws:SourceIp", "10.0.0.0/8", ip("::ffff:10.9.8.7"))).toBe(true);
  });

  it("several blocks OR for IpAddress and NOR for NotIpAddress", () => {
    const blocks = ["192.0.2.0/24", "203.0.113.0/24"];
    expect(holds("IpAddress", "aws:SourceIp", blocks, ip("203.0.113.1"))).toBe(true);
    expect(holds("NotIpAddress", "aws:SourceIp", blocks, ip("203.0.113.1"))).toBe(false);
    expect(holds("NotIpAddress", "aws:SourceIp", blocks, ip("198.51.100.1"))).toBe(true);
  });

  it("missing aws:SourceIp (e.g. via a VPC endpoint): IpAddress false, NotIpAddress true", () => {
    // rules reference R3.12: aws:SourceIp is absent for requests through a VPC endpoint
    expect(holds("IpAddress", "aws:SourceIp", "10.0.0.0/8")).toBe(false);
    expect(holds("NotIpAddress", "aws:SourceIp", "10.0.0.0/8")).toBe(true);
    expect(holds("IpAddressIfExists", "aws:SourceIp", "10.0.0.0/8")).toBe(true);
  });

  it("a request value that is not an address never matches", () => {
    expect(holds("IpAddress", "aws:SourceIp", "0.0.0.0/0", ip("localhost"))).toBe(false);
  });

  it("a bad policy block makes the condition invalid", () => {
    const [c] = compileConditions({ IpAddress: { "aws:SourceIp": ["10.0.0.0/33"] } }, true);
    expect(c?.invalid).toBe('IpAddress aws:SourceIp: "10.0.0.0/33" is not an IP address or CIDR block');
    expect(holds("NotIpAddress", "aws:SourceIp", "nope", ip("10.0.0.1"))).toBe(false);
  });

  it("0.0.0.0/0 matches every IPv4 address but no IPv6 address", () => {
    expect(holds("IpAddress", "aws:SourceIp", "0.0.0.0/0", ip("255.255.255.255"))).toBe(true);
    expect(holds("IpAddress", "aws:SourceIp", "0.0.0.0/0", ip("2001:db8::1"))).toBe(false);
  });
});

describe("IpAddress on IPv4 answers as cidrContains does (fast-check)", () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const v4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
  const block = fc.oneof(
    fc.tuple(v4, fc.integer({ min: 0, max: 32 })).map(([a, bits]) => `${a}/${bits}`),
    v4,
    fc.constantFrom("::/0", "::ffff:10.0.0.0/104", "2001:db8::/32"),
  );
  const addr = fc.oneof(v4, fc.constantFrom("::ffff:10.1.2.3", "2001:db8::1", "255.255.255.255", "0.0.0.0"));
  it("for any blocks and any address", () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 3 }), addr, (blocks, a) => {
        const want = blocks.some((b) => cidrContains(parseCidr(b)!, parseCidr(a)!));
        expect(holds("IpAddress", "aws:SourceIp", blocks, ip(a))).toBe(want);
        expect(holds("NotIpAddress", "aws:SourceIp", blocks, ip(a))).toBe(!want);
      }),
      { numRuns: 3000 },
    );
  });
});
