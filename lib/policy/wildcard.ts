// Glob patterns of the IAM policy language: `*` matches any run of characters, `?` exactly one.
// Compiled once into a predicate; the cheap cases (no wildcard, a lone `*`) never touch RegExp.

export type Matcher = (value: string) => boolean;

const REGEX_SPECIAL = /[\\^$.|+()[\]{}]/g;

export function escapeRegex(literal: string): string {
  return literal.replace(REGEX_SPECIAL, "\\$&").replace(/[*?]/g, "\\$&");
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** Regex source for a glob; `stopAt` lists characters a wildcard may not cross (e.g. ":"). */
export function globSource(pattern: string, stopAt = ""): string {
  const any = stopAt ? `[^${stopAt}]` : "[\\s\\S]";
  let out = "";
  for (const ch of pattern) {
    if (ch === "*") out += `${any}*`;
    else if (ch === "?") out += any;
    else out += ch.replace(REGEX_SPECIAL, "\\$&");
  }
  return out;
}

export interface GlobOptions {
  ignoreCase?: boolean;
  /** treat `*` and `?` as ordinary characters (StringEquals, ArnEquals-free contexts) */
  literal?: boolean;
}

export function compileGlob(pattern: string, opts: GlobOptions = {}): Matcher {
  if (!opts.literal && pattern === "*") return () => true;
  if (opts.literal || !hasWildcard(pattern)) {
    if (opts.ignoreCase) {
      // No length pre-check: lower-casing can change the length ("İ" → "i̇"), so compare the
      // lower-cased forms only.
      const lower = pattern.toLowerCase();
      return (v) => v.toLowerCase() === lower;
    }
    return (v) => v === pattern;
  }
  const re = new RegExp(`^${globSource(pattern)}$`, opts.ignoreCase ? "i" : "");
  return (v) => re.test(v);
}
