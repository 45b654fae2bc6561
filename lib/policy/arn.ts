// ARNs and ARN patterns, matched segment by segment: a wildcard inside the partition, service,
// region or account segment does not cross a `:`, except that "if the * wildcard is the last
// character of a resource ARN segment, it can expand to match beyond the colon boundaries"; the
// resource segment (everything after the fifth colon) may contain `:` and `/`, and its wildcards
// span them. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html

import type { RequestContext } from "./context";
import { parseTemplate, templateTokens, type TemplatePart } from "./variables";
import { STAR, compileTokens, compileTokensCached, hasWildcard, pushGlobTokens, type GlobTokens } from "./wildcard";

const COLON = 58;

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

/** Tokens of one of the first five segments: wildcards stay inside it, but a trailing `*` may run on. */
function pushSegment(out: GlobTokens, seg: string): void {
  if (seg.endsWith("*")) {
    pushGlobTokens(out, seg.slice(0, -1), true, true);
    out.push(STAR);
  } else pushGlobTokens(out, seg, true, true);
}

/** Glob tokens of an ARN pattern with segment-aware wildcards. */
export function arnGlobTokens(pattern: string): GlobTokens {
  const parts = pattern.split(":");
  const out: GlobTokens = [];
  parts.slice(0, 5).forEach((seg, i) => {
    if (i > 0) out.push(COLON);
    pushSegment(out, seg);
  });
  if (parts.length >= 6) {
    out.push(COLON);
    pushGlobTokens(out, parts.slice(5).join(":"));
  }
  return out;
}

export type ArnMatch = boolean | { missingKey: string };
export type ArnMatcher = (value: string, ctx: RequestContext) => ArnMatch;

const patternCache = new Map<string, ArnMatcher>();
const PATTERN_CACHE_MAX = 65_536;

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
    // the same pattern recurs across thousands of policies: one matcher each
    let m = patternCache.get(pattern);
    if (!m) {
      const g = compileTokens(arnGlobTokens(pattern));
      m = (v) => g.test(v);
      if (patternCache.size >= PATTERN_CACHE_MAX) patternCache.clear();
      patternCache.set(pattern, m);
    }
    return m;
  }
  // Variables: split into segments first so that substituted text stays in its segment.
  const parts = splitOutsideVariables(pattern);
  const segs = parts.length < 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(":")];
  const compiled = segs.map((seg) => ({ seg, template: parseTemplate(seg) }));
  return (value, ctx) => {
    const out: GlobTokens = [];
    for (let i = 0; i < compiled.length; i++) {
      const { seg, template: t } = compiled[i]!;
      if (i > 0) out.push(COLON);
      if (!t) {
        if (i < 5) pushSegment(out, seg);
        else pushGlobTokens(out, seg);
        continue;
      }
      // Like pushSegment: a `*` that ends one of the first five segments may run past the colon.
      let head = t;
      let runOn = false;
      const last = t[t.length - 1];
      if (i < 5 && last?.kind === "text" && last.text.endsWith("*")) {
        head = [...t.slice(0, -1), { kind: "text", text: last.text.slice(0, -1) }];
        runOn = true;
      }
      const r = templateTokens(head, ctx, out, i < 5);
      if (!r.ok) return { missingKey: r.missingKey };
      if (runOn) out.push(STAR);
    }
    return compileTokensCached(out).test(value);
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
