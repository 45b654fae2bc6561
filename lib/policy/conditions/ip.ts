// IpAddress / NotIpAddress: an address or CIDR block, IPv4 or IPv6. An IPv4 request address
// never matches an IPv6 block and vice versa (except IPv4-mapped IPv6 addresses, compared as IPv4).

import type { BaseOperator } from "./operator";

export interface Cidr {
  v6: boolean;
  network: bigint;
  bits: number;
}

function parseV4(s: string): bigint | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const x = Number(p);
    if (x > 255) return null;
    n = (n << 8n) | BigInt(x);
  }
  return n;
}

function parseV6(s: string): bigint | null {
  let text = s;
  // a trailing dotted IPv4 (::ffff:10.0.0.1)
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  let v4tail: bigint | null = null;
  if (tail.includes(".")) {
    v4tail = parseV4(tail);
    if (v4tail === null) return null;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  if (v4tail !== null) n = (n & ~0xffffffffn) | v4tail;
  return n;
}


/** A parsed address or block, with an IPv4 network also as a plain number (no BigInt arithmetic). */
interface Parsed {
  cidr: Cidr;
  /** IPv4: the network as an unsigned 32-bit number, and the mask of its bits; -1 for IPv6 */
  v4: number;
  v4Mask: number;
}

// Request addresses repeat across the statements of one evaluation and across evaluations:
// parse each text once (bounded, so a flood of distinct addresses cannot grow it without end).
const parsed = new Map<string, Parsed | null>();

function parseCached(s: string): Parsed | null {
  let p = parsed.get(s);
  if (p === undefined) {
    const cidr = parseCidrUncached(s);
    p = cidr && { cidr, v4: cidr.v6 ? -1 : Number(cidr.network), v4Mask: cidr.v6 || cidr.bits === 0 ? 0 : (0xffffffff << (32 - cidr.bits)) >>> 0 };
    if (parsed.size >= 4096) parsed.clear();
    parsed.set(s, p);
  }
  return p;
}

/** Parse an address or CIDR block; an IPv4-mapped IPv6 address becomes IPv4. */
export function parseCidr(s: string): Cidr | null {
  return parseCached(s)?.cidr ?? null;
}

function parseCidrUncached(s: string): Cidr | null {
  const t = s.trim();
  const slash = t.indexOf("/");
  const addr = slash >= 0 ? t.slice(0, slash) : t;
  const bitsText = slash >= 0 ? t.slice(slash + 1) : null;
  let v6 = addr.includes(":");
  let n = v6 ? parseV6(addr) : parseV4(addr);
  if (n === null) return null;
  let max = v6 ? 128 : 32;
  let bits = max;
  if (bitsText !== null) {
    if (!/^\d{1,3}$/.test(bitsText)) return null;
    bits = Number(bitsText);
    if (bits > max) return null;
  }
  if (v6 && n >> 32n === 0xffffn && bits >= 96) {
    v6 = false;
    n = n & 0xffffffffn;
    bits -= 96;
    max = 32;
  }
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(max - bits);
  return { v6, network: n & mask, bits };
}

export function cidrContains(block: Cidr, addr: Cidr): boolean {
  if (block.v6 !== addr.v6) return false;
  const max = block.v6 ? 128 : 32;
  const mask = block.bits === 0 ? 0n : ((1n << BigInt(block.bits)) - 1n) << BigInt(max - block.bits);
  return (addr.network & mask) === block.network;
}


function op(name: string, negated: boolean): BaseOperator {
  return {
    name,
    negated,
    supportsVariables: false,
    verb: "is in",
    compile(values) {
      const blocks = values.map(parseCached);
      const bad = values.find((_, i) => blocks[i] === null);
      if (bad !== undefined) return `"${bad}" is not an IP address or CIDR block`;
      const bs = blocks as Parsed[];
      return (v) => {
        const a = parseCached(v);
        if (a === null) return false;
        for (const b of bs) {
          // IPv4 in IPv4: the same test as cidrContains, on numbers
          if (a.v4 >= 0 && b.v4 >= 0) {
            if ((a.v4 & b.v4Mask) >>> 0 === b.v4) return true;
          } else if (cidrContains(b.cidr, a.cidr)) return true;
        }
        return false;
      };
    },
  };
}

export const ipOperators: BaseOperator[] = [op("IpAddress", false), op("NotIpAddress", true)];
