// Filtering, paging, the timeline histogram and CSV export of a session list. Filters are exact
// matches and combine (API.md): `principal` matches `caller`; `role` matches `roleArn`, or the role's
// name when it is not an ARN; `from` is inclusive and `to` exclusive.

import type { RoleSession, SessionLabel } from "./group";
import { isoTime, parseTime } from "./parse";

export interface SessionFilters {
  roleSessionName?: string;
  role?: string;
  principal?: string;
  accessKeyId?: string;
  /** ISO 8601 */
  from?: string;
  to?: string;
  outcome?: "success" | "failure";
  label?: SessionLabel;
}

const roleName = (arn: string | null) => (arn ? arn.slice(arn.lastIndexOf("/") + 1) : null);

export function matchesRole(s: RoleSession, role: string): boolean {
  return role.startsWith("arn:") ? s.roleArn === role : roleName(s.roleArn) === role;
}

/** A predicate for `f`; times are compared as instants, whatever their written form. */
export function sessionFilter(f: SessionFilters): (s: RoleSession) => boolean {
  const from = f.from ? parseTime(f.from) : null;
  const to = f.to ? parseTime(f.to) : null;
  return (s) => {
    if (f.roleSessionName !== undefined && s.roleSessionName !== f.roleSessionName) return false;
    if (f.role !== undefined && !matchesRole(s, f.role)) return false;
    if (f.principal !== undefined && s.caller !== f.principal) return false;
    if (f.accessKeyId !== undefined && s.accessKeyId !== f.accessKeyId) return false;
    if (f.outcome !== undefined && s.outcome !== f.outcome) return false;
    if (f.label !== undefined && s.label !== f.label) return false;
    if (from !== null || to !== null) {
      const t = Date.parse(s.eventTime);
      if (from !== null && t < from) return false;
      if (to !== null && t >= to) return false;
    }
    return true;
  };
}

export function filterSessions(sessions: readonly RoleSession[], f: SessionFilters): RoleSession[] {
  return sessions.filter(sessionFilter(f));
}

// ---------------------------------------------------------------- paging

/**
 * Opaque to clients: the offset, plus a fingerprint of the filters so a token is not reused with
 * other filters (the answer would silently skip or repeat sessions).
 */
export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}

export function decodePageToken(token: string, fingerprint: string): number | null {
  try {
    const v = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; f?: unknown };
    if (typeof v.o !== "number" || !Number.isInteger(v.o) || v.o < 0 || v.f !== fingerprint) return null;
    return v.o;
  } catch {
    return null;
  }
}

/** A short stable fingerprint of the filters (FNV-1a of their JSON with sorted keys). */
export function fingerprintOf(f: object): string {
  const text = JSON.stringify(Object.entries(f).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function page<T>(items: readonly T[], offset: number, limit: number): { items: T[]; next: number | null } {
  const slice = items.slice(offset, offset + limit);
  return { items: slice, next: offset + limit < items.length ? offset + limit : null };
}

// ---------------------------------------------------------------- timeline

export interface TimelineBucket {
  /** ISO 8601, the bucket's start (inclusive) */
  start: string;
  success: number;
  failure: number;
}

export interface Timeline {
  bucketSeconds: number;
  from: string | null;
  to: string | null;
  buckets: TimelineBucket[];
}

const STEPS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400, 30 * 86400];

/** Bucket width: the smallest step that keeps the timeline at most `maxBuckets` long. */
export function bucketSecondsFor(spanMs: number, maxBuckets = 120): number {
  for (const s of STEPS) if (spanMs / (s * 1000) <= maxBuckets) return s;
  return Math.ceil(spanMs / 1000 / maxBuckets / 86400) * 86400;
}

/**
 * Sessions per time bucket, successes and failures apart; empty buckets are included so the
 * histogram's axis is continuous. The range is [from, to) when given, else the sessions' own.
 */
export function timeline(sessions: readonly RoleSession[], range: { from?: string; to?: string; bucketSeconds?: number; maxBuckets?: number } = {}): Timeline {
  let min = Infinity;
  let max = -Infinity;
  for (const s of sessions) {
    const t = Date.parse(s.eventTime);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const fromMs = range.from ? parseTime(range.from) : Number.isFinite(min) ? min : null;
  const toMs = range.to ? parseTime(range.to) : Number.isFinite(max) ? max + 1 : null;
  if (fromMs === null || toMs === null || toMs <= fromMs) {
    return { bucketSeconds: range.bucketSeconds ?? 3600, from: fromMs === null ? null : isoTime(fromMs), to: toMs === null ? null : isoTime(toMs), buckets: [] };
  }
  const maxBuckets = range.maxBuckets ?? 120;
  let step = range.bucketSeconds ?? bucketSecondsFor(toMs - fromMs, maxBuckets);
  // never more than 10,000 buckets, whatever was asked
  if ((toMs - fromMs) / (step * 1000) > 10_000) step = bucketSecondsFor(toMs - fromMs, 10_000);
  const stepMs = step * 1000;
  const start = Math.floor(fromMs / stepMs) * stepMs;
  const n = Math.max(1, Math.ceil((toMs - start) / stepMs));
  const buckets: TimelineBucket[] = Array.from({ length: n }, (_, i) => ({ start: isoTime(start + i * stepMs), success: 0, failure: 0 }));
  for (const s of sessions) {
    const t = Date.parse(s.eventTime);
    const i = Math.floor((t - start) / stepMs);
    const b = buckets[i];
    if (!b || t < fromMs || t >= toMs) continue;
    if (s.outcome === "success") b.success++;
    else b.failure++;
  }
  return { bucketSeconds: step, from: isoTime(fromMs), to: isoTime(toMs), buckets };
}

// ---------------------------------------------------------------- CSV

export const CSV_COLUMNS = [
  "eventTime",
  "outcome",
  "roleArn",
  "roleSessionName",
  "caller",
  "callerAccount",
  "accessKeyId",
  "label",
  "sourceIp",
  "userAgent",
  "region",
  "durationSeconds",
  "expiration",
  "sourceIdentity",
  "errorCode",
  "errorMessage",
  "activityCount",
  "activityFirst",
  "activityLast",
  "parentAccessKeyId",
  "eventId",
] as const;

/**
 * One CSV field (RFC 4180). A value that a spreadsheet would run as a formula (= + - @ and tab or CR
 * first) is prefixed with a quote: session names and user agents are chosen by callers.
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(s: RoleSession): string {
  const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    eventTime: s.eventTime,
    outcome: s.outcome,
    roleArn: s.roleArn,
    roleSessionName: s.roleSessionName,
    caller: s.caller,
    callerAccount: s.callerAccount,
    accessKeyId: s.accessKeyId,
    label: s.label,
    sourceIp: s.sourceIp,
    userAgent: s.userAgent,
    region: s.region,
    durationSeconds: s.durationSeconds,
    expiration: s.expiration,
    sourceIdentity: s.sourceIdentity,
    errorCode: s.errorCode,
    errorMessage: s.errorMessage,
    activityCount: s.activity && !s.activity.partial ? s.activity.count : null,
    activityFirst: s.activity && !s.activity.partial ? s.activity.first : null,
    activityLast: s.activity && !s.activity.partial ? s.activity.last : null,
    parentAccessKeyId: s.chain.parent?.accessKeyId ?? null,
    eventId: s.eventId,
  };
  return CSV_COLUMNS.map((c) => csvField(values[c])).join(",");
}

/** The header row and one row per session, CRLF line ends (RFC 4180). */
export function toCsv(sessions: readonly RoleSession[]): string {
  return [CSV_COLUMNS.join(","), ...sessions.map(csvRow)].join("\r\n") + "\r\n";
}
