// What one snapshot or CloudTrail file may cost: how large it may be once uncompressed, and how
// deeply a policy document in it may nest. A file past a limit is a problem of that file (named
// in the header and /api/health); the rest of the directory still loads.

/** Snapshot files read whole (IAM, list-roles, Organization, VPC endpoints): ROLECALL_MAX_FILE_BYTES. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
/** CloudTrail files (streamed above 64 MiB, so memory is not the issue, time is): ROLECALL_MAX_TRAIL_FILE_BYTES. */
export const DEFAULT_MAX_TRAIL_FILE_BYTES = 2 * 1024 * 1024 * 1024;
/** As MAX_JSON_DEPTH for request bodies (lib/api/http.ts): IAM documents nest a few levels. */
export const MAX_DOCUMENT_DEPTH = 64;

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3, t: 1e12, tb: 1e12, tib: 1024 ** 4 };

/** "268435456", "256MiB", "2 GB", "512k"; null when it is not a size. */
export function parseByteSize(text: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text?.trim() ?? "");
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return null;
  const n = Math.floor(Number(m[1]) * unit);
  return n > 0 ? n : null;
}

function limit(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (!v?.trim()) return fallback;
  const n = parseByteSize(v);
  if (n === null) {
    // a value it cannot read keeps the default rather than no limit
    console.error(`rolecall: ${name}=${JSON.stringify(v.slice(0, 40))} is not a size (e.g. 256MiB): the default ${formatBytes(fallback)} applies`);
    return fallback;
  }
  return n;
}

export const maxFileBytes = (env: NodeJS.ProcessEnv = process.env) => limit(env, "ROLECALL_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES);
export const maxTrailFileBytes = (env: NodeJS.ProcessEnv = process.env) => limit(env, "ROLECALL_MAX_TRAIL_FILE_BYTES", DEFAULT_MAX_TRAIL_FILE_BYTES);

export function formatBytes(n: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

/** A file past its size limit. */
export class FileTooLarge extends Error {
  constructor(limitBytes: number, variable: string, compressed: boolean) {
    super(`larger than ${formatBytes(limitBytes)}${compressed ? " once uncompressed" : ""} (${variable}): raise ${variable} to read it`);
    this.name = "FileTooLarge";
  }
}

/** zlib's refusal to inflate past maxOutputLength. */
export function isOutputTooLarge(e: unknown): boolean {
  return e instanceof RangeError && (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
}

/** Does a parsed JSON value nest arrays and objects deeper than `max`? It looks no deeper than `max + 1` levels, so a 100,000-deep value cannot overflow the stack. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  return typeof value === "object" && value !== null && deeper(value, max);
}

/**
 * Whether `v` holds an object more than `left` levels down. Recursion is bounded by `left` (it stops
 * there), so a deep document cannot overflow the stack; no array is made per object (for…in), which
 * keeps the check cheap on the tens of thousands of documents of a large snapshot.
 */
function deeper(v: object, left: number): boolean {
  if (left <= 0) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const c: unknown = v[i];
      if (typeof c === "object" && c !== null && deeper(c, left - 1)) return true;
    }
    return false;
  }
  for (const k in v) {
    const c: unknown = (v as Record<string, unknown>)[k];
    if (typeof c === "object" && c !== null && deeper(c, left - 1)) return true;
  }
  return false;
}
