// ARNs and ARN patterns, matched segment by segment: a wildcard inside the partition, service,
// region or account segment does not cross a `:`, except that "if the * wildcard is the last
// character of a resource ARN segment, it can expand to match beyond the colon boundaries"; the
// resource segment (everything after the fifth colon) may contain `:` and `/`, and its wildcards
// span them. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html

import type { RequestContext } from "./context";
import { RegexCache, parseTemplate, templateGlobSource, type TemplatePart } from "./variables";
import { globSource, hasWildcard } from "./wildcard";

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

// The same resource ARNs are parsed by every evaluation of a request: keep the parts (bounded).
const arnCache = new Map<string, Arn | null>();

export function parseArn(s: string): Arn | null {
  let a = arnCache.get(s);
  if (a === undefined) {
    a = parseArnUncached(s);
    if (arnCache.size >= 4096) arnCache.clear();
    arnCache.set(s, a);
  }
  return a;
}

function parseArnUncached(s: string): Arn | null {
  if (!s.startsWith("arn:")) return null;
  const parts = s.split(":");
  if (parts.length < 6) return null;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!partition || !service) return null;
  return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** `arn:aws:iam::111122223333:role/path/name` → `{ path: "/path/", name: "name" }` */
export function splitIamResource(resource: string): { type: string; path: string; name: string } {
  const slash = resource.indexOf("/");
  if (slash < 0) return { type: resource, path: "/", name: "" };
  const type = resource.slice(0, slash);
  const rest = resource.slice(slash + 1);
  const last = rest.lastIndexOf("/");
  return last < 0 ? { type, path: "/", name: rest } : { type, path: `/${rest.slice(0, last + 1)}`, name: rest.slice(last + 1) };
}

export const ACCOUNT_ID = /^\d{12}$/;

/** Regex source of an ARN glob with segment-aware wildcards. */
export function arnGlobSource(pattern: string): string {
  const parts = pattern.split(":");
  const head = parts.slice(0, 5).map(segmentSource);
  if (parts.length < 6) return head.join(":");
  return `${head.join(":")}:${globSource(parts.slice(5).join(":"))}`;
}

/** One of the first five segments: wildcards stay inside it, but a trailing `*` may run on. */
export function segmentSource(seg: string): string {
  if (seg.endsWith("*")) return `${globSource(seg.slice(0, -1), ":")}[\\s\\S]*`;
  return globSource(seg, ":");
}

export type ArnMatch = boolean | { missingKey: string };
export type ArnMatcher = (value: string, ctx: RequestContext) => ArnMatch;

const cache = new RegexCache(256);

/**
 * Compile a Resource / ArnLike pattern. With `variables`, `${…}` placeholders are substituted from
 * the request (values match literally). Wildcards are always honoured (ArnEquals too: the IAM
 * reference treats ArnEquals and ArnLike alike).
 */
export function compileArnPattern(pattern: string, variables: boolean): ArnMatcher {
  if (pattern === "*") return () => true;
  const template: TemplatePart[] | null = variables ? parseTemplate(pattern) : null;
  if (!template) {
    if (!hasWildcard(pattern)) return (v) => v === pattern;
    const re = new RegExp(`^${arnGlobSource(pattern)}$`);
    return (v) => re.test(v);
  }
  // Variables: split into segments first so that substituted text stays in its segment.
  return (value, ctx) => {
    const sub = templateArnSource(pattern, ctx);
    if (typeof sub !== "string") return sub;
    return cache.get(`^${sub}$`, "").test(value);
  };
}

/** Split on the colons that are not inside a `${…}` variable. */
function splitOutsideVariables(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "$" && pattern[i + 1] === "{") depth++;
    else if (ch === "}" && depth > 0) depth--;
    if (ch === ":" && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function templateArnSource(pattern: string, ctx: RequestContext): string | { missingKey: string } {
  const parts = splitOutsideVariables(pattern);
  const segs = parts.length < 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(":")];
  const out: string[] = [];
  segs.forEach((seg, i) => {
    const t = parseTemplate(seg);
    if (!t) {
      out.push(i < 5 ? segmentSource(seg) : globSource(seg));
      return;
    }
    // Like segmentSource: a `*` that ends one of the first five segments may run past the colon.
    let head = t;
    let tail = "";
    const last = t[t.length - 1];
    if (i < 5 && last?.kind === "text" && last.text.endsWith("*")) {
      head = [...t.slice(0, -1), { kind: "text", text: last.text.slice(0, -1) }];
      tail = "[\\s\\S]*";
    }
    const r = templateGlobSource(head, ctx, i < 5 ? ":" : "");
    out.push(r.ok ? r.value + tail : `\u0000${r.missingKey}`);
  });
  const missing = out.find((s) => s.startsWith("\u0000"));
  if (missing) return { missingKey: missing.slice(1) };
  return out.join(":");
}
