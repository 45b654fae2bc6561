// Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, `${aws:username, 'default'}`,
// and the escapes `${*}`, `${?}`, `${$}`. Only documents of Version 2012-10-17 have them; in a
// 2008-10-17 document the text is literal.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import type { RequestContext } from "./context";
import { pushGlobTokens, type GlobTokens } from "./wildcard";

export type TemplatePart =
  | { kind: "text"; text: string }
  /** a literal character produced by ${*} ${?} ${$}: never a wildcard */
  | { kind: "char"; text: string }
  | { kind: "var"; key: string; lowerKey: string; fallback?: string };

const VAR = /\$\{([^}]*)\}/g;

/** Split a string into literal text and variables; null when it has none. */
export function parseTemplate(s: string): TemplatePart[] | null {
  if (!s.includes("${")) return null;
  const parts: TemplatePart[] = [];
  let last = 0;
  let found = false;
  for (const m of s.matchAll(VAR)) {
    const inner = (m[1] ?? "").trim();
    if (m.index > last) parts.push({ kind: "text", text: s.slice(last, m.index) });
    last = m.index + m[0].length;
    found = true;
    if (inner === "*" || inner === "?" || inner === "$") {
      parts.push({ kind: "char", text: inner });
      continue;
    }
    const comma = inner.indexOf(",");
    if (comma >= 0) {
      const key = inner.slice(0, comma).trim();
      const raw = inner.slice(comma + 1).trim();
      const fallback = raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2 ? raw.slice(1, -1) : raw;
      parts.push({ kind: "var", key, lowerKey: key.toLowerCase(), fallback });
    } else {
      parts.push({ kind: "var", key: inner, lowerKey: inner.toLowerCase() });
    }
  }
  if (!found) return null;
  if (last < s.length) parts.push({ kind: "text", text: s.slice(last) });
  return parts;
}

export type Substitution = { ok: true; value: string } | { ok: false; missingKey: string };

/**
 * Resolve the variables to a literal string. A key absent from the request (with no default) or
 * holding several values makes the element unmatchable: AWS matches it against nothing.
 */
export function resolveVariables(parts: TemplatePart[], ctx: RequestContext): Substitution {
  let out = "";
  for (const p of parts) {
    if (p.kind !== "var") out += p.text;
    else {
      const v = variableValue(p, ctx);
      if (v === undefined) return { ok: false, missingKey: p.key };
      out += v;
    }
  }
  return { ok: true, value: out };
}

function variableValue(p: Extract<TemplatePart, { kind: "var" }>, ctx: RequestContext): string | undefined {
  const entry = ctx.getLower(p.lowerKey);
  const value = entry && entry.values.length === 1 && !entry.multi ? entry.values[0] : undefined;
  return value ?? p.fallback;
}

/**
 * Glob tokens of a pattern whose variables have been replaced: text parts keep their wildcards,
 * substituted values are literal. `noColon`: the text's wildcards may not cross a `:`.
 */
export function templateTokens(parts: TemplatePart[], ctx: RequestContext, out: GlobTokens = [], noColon = false, lower = false): { ok: true; tokens: GlobTokens } | { ok: false; missingKey: string } {
  for (const p of parts) {
    if (p.kind === "text") pushGlobTokens(out, lower ? p.text.toLowerCase() : p.text, true, noColon);
    else if (p.kind === "char") pushGlobTokens(out, p.text, false);
    else {
      const v = variableValue(p, ctx);
      if (v === undefined) return { ok: false, missingKey: p.key };
      pushGlobTokens(out, lower ? v.toLowerCase() : v, false);
    }
  }
  return { ok: true, tokens: out };
}
