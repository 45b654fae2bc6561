// GET /api/sessions, /api/sessions/timeline and /api/sessions/{accessKeyId}/events (API.md).
//
// Beyond API.md, for the sessions page:
// - `GET /api/sessions` also answers `total` (sessions matching the filters), `partial` + `progress`
//   (a live read under way; ask again with the same query: lib/sessions/live.ts), `notes` (what the
//   answer cannot cover), `window` (the time span a live mode read), `source` and `problems`; it takes
//   `limit` (1–1000, default 100; 25 in lookup mode, which reads each shown session's activity), `label`, `wait` (ms to wait for a live read, default 5000) and
//   `format=csv` (every matching session as text/csv with a header row).
// - `GET /api/sessions/timeline` takes the same filters (plus `bucketSeconds`) and answers
//   `{bucketSeconds, from, to, buckets: [{start, success, failure}], total, partial, progress}`.
// - each session has `eventName`, `roleAccount`, `callerType`, `sessionTags`, `transitiveTagKeys`,
//   (when CloudTrail recorded them) `externalId`, `mfa` and `vpcEndpointId`,
//   `label`, `chain: {parent, children}`, `sharedEventId`, `loggedIn`; `activity` also has `errors`
//   and `partial`, and its `top` entries an `eventSource`.
// - the events route takes `limit`, `from`, `to`, `wait` and answers `total`, `partial`, `progress`,
//   `notes`; session tokens are removed from every record returned.

import { z } from "zod";
import { AwsReadError } from "@/lib/account/aws";
import { sessionSource, SessionsConfigError, type SessionFilters, type SessionSource } from "@/lib/sessions";
import { decodePageToken, encodePageToken, fingerprintOf, page, timeline, toCsv, type Timeline } from "@/lib/sessions/filter";
import type { RoleSession } from "@/lib/sessions/group";
import { ReadFailed, type ReadProgress } from "@/lib/sessions/live";
import { parseTime, redactRecord, type CloudTrailRecord } from "@/lib/sessions/parse";
import { API_CACHE_CONTROL } from "@/lib/auth/security-headers";
import { ApiError, errorResponse, parseQuery } from "./http";

const DEFAULT_LIMIT = 100;
const LOOKUP_DEFAULT_LIMIT = 25;
const DEFAULT_WAIT_MS = 5000;
const CSV_WAIT_MS = 30_000;
const CSV_MAX_ROWS = 100_000;

const Time = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, "expected an ISO 8601 time such as 2026-11-16T09:00:00Z")
  .refine((s) => parseTime(s.length === 10 ? `${s}T00:00:00Z` : /T[\d:.]+$/.test(s) ? `${s}Z` : s) !== null, "not a valid time")
  // a time without a zone is UTC, as CloudTrail's are
  .transform((s) => (s.length === 10 ? `${s}T00:00:00Z` : /T[\d:.]+$/.test(s) ? `${s}Z` : s));

const AccessKeyId = z.string().regex(/^A[A-Z0-9]{15,127}$/, "expected an access key ID such as ASIA…");
const Wait = z.coerce.number().int().min(0).max(60_000);

const Filters = {
  roleSessionName: z.string().min(1).max(256).optional(),
  role: z.string().min(1).max(2048).optional(),
  principal: z.string().min(1).max(2048).optional(),
  accessKeyId: AccessKeyId.optional(),
  from: Time.optional(),
  to: Time.optional(),
  outcome: z.enum(["success", "failure"]).optional(),
  label: z.enum(["ECS task", "EC2 instance", "Lambda", "AWS service", "web identity", "SAML", "cross-account"]).optional(),
  wait: Wait.optional(),
};

const fromBeforeTo = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && parseTime(q.from)! >= parseTime(q.to)!) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from (from is inclusive, to exclusive)" });
};

export const SessionsQuery = z
  .strictObject({
    ...Filters,
    nextToken: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    format: z.enum(["json", "csv"]).optional(),
  })
  .superRefine(fromBeforeTo);
export type SessionsQuery = z.infer<typeof SessionsQuery>;

export const TimelineQuery = z
  .strictObject({
    ...Filters,
    bucketSeconds: z.coerce.number().int().min(60).max(90 * 86400).optional(),
  })
  .superRefine(fromBeforeTo);

export const EventsQuery = z
  .strictObject({
    nextToken: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    from: Time.optional(),
    to: Time.optional(),
    wait: Wait.optional(),
  })
  .superRefine(fromBeforeTo);

export interface SessionsResponse {
  sessions: RoleSession[];
  nextToken: string | null;
  total: number;
  partial: boolean;
  progress: ReadProgress | null;
  notes: string[];
  window: { from: string; to: string } | null;
  source: SessionSource["mode"];
  problems: { file: string; message: string }[];
}

function filtersOf(q: z.infer<typeof TimelineQuery> | SessionsQuery): SessionFilters {
  return { roleSessionName: q.roleSessionName, role: q.role, principal: q.principal, accessKeyId: q.accessKeyId, from: q.from, to: q.to, outcome: q.outcome, label: q.label };
}

/** Failures of a read, as the API reports them: what failed and what to do, never a stack. */
function toApiError(e: unknown): unknown {
  if (e instanceof SessionsConfigError) return new ApiError(503, "not_configured", e.message);
  if (e instanceof AwsReadError) {
    const hint = e.kind === "denied" ? ` — grant the dashboard's credentials ${e.permission}` : e.kind === "credentials" ? " — check the dashboard's AWS credentials" : "";
    return new ApiError(502, "cloudtrail_read_failed", `${e.reason}${hint}`);
  }
  if (e instanceof ApiError || e instanceof z.ZodError) return e;
  if (e instanceof ReadFailed) return new ApiError(502, "cloudtrail_read_failed", e.message.slice(0, 500));
  return e;
}

async function guarded<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toApiError(e);
  }
}

function offsetOf(token: string | undefined, fingerprint: string): number {
  if (!token) return 0;
  const o = decodePageToken(token, fingerprint);
  if (o === null) throw new ApiError(400, "invalid_request", "nextToken: not a token this API gave out for these filters", [{ path: ["nextToken"], message: "invalid token" }]);
  return o;
}

export async function listSessions(q: SessionsQuery, source?: SessionSource): Promise<SessionsResponse> {
  return guarded(async () => {
    const src = source ?? (await sessionSource());
    const filters = filtersOf(q);
    const waitMs = q.wait ?? DEFAULT_WAIT_MS;
    const deadline = Date.now() + waitMs;
    const answer = await src.sessions(filters, { waitMs });
    const fingerprint = fingerprintOf(filters);
    // LookupEvents reads each shown session's activity at 2 calls/s: a shorter default page
    const limit = q.limit ?? (src.mode === "lookup" ? LOOKUP_DEFAULT_LIMIT : DEFAULT_LIMIT);
    const { items, next } = page(answer.sessions, offsetOf(q.nextToken, fingerprint), limit);
    const filled = await src.withActivity(items, { waitMs: Math.max(0, deadline - Date.now()) });
    const partial = answer.partial || filled.partial;
    return {
      sessions: filled.sessions,
      nextToken: next === null ? null : encodePageToken(next, fingerprint),
      total: answer.sessions.length,
      partial,
      progress: answer.progress ?? filled.progress,
      notes: answer.notes,
      window: answer.window,
      source: src.mode,
      problems: answer.problems,
    };
  });
}

export async function sessionsTimeline(q: z.infer<typeof TimelineQuery>, source?: SessionSource): Promise<Timeline & { total: number; partial: boolean; progress: ReadProgress | null }> {
  return guarded(async () => {
    const src = source ?? (await sessionSource());
    const answer = await src.sessions(filtersOf(q), { waitMs: q.wait ?? DEFAULT_WAIT_MS });
    const range = answer.window && src.mode !== "demo" && src.mode !== "snapshot" ? { from: q.from ?? answer.window.from, to: q.to ?? answer.window.to } : { from: q.from, to: q.to };
    return { ...timeline(answer.sessions, { ...range, bucketSeconds: q.bucketSeconds }), total: answer.sessions.length, partial: answer.partial, progress: answer.progress };
  });
}

export async function sessionEvents(
  accessKeyId: string,
  q: z.infer<typeof EventsQuery>,
  source?: SessionSource,
): Promise<{ events: CloudTrailRecord[]; nextToken: string | null; total: number; partial: boolean; progress: ReadProgress | null; notes: string[] }> {
  const key = AccessKeyId.safeParse(accessKeyId);
  if (!key.success) throw new ApiError(400, "invalid_request", `"${accessKeyId.slice(0, 140)}" is not an access key ID (ASIA… for a role session)`, [{ path: ["accessKeyId"], message: "expected an access key ID" }]);
  return guarded(async () => {
    const src = source ?? (await sessionSource());
    const answer = await src.events(key.data, { waitMs: q.wait ?? DEFAULT_WAIT_MS, from: q.from, to: q.to });
    const fingerprint = fingerprintOf({ accessKeyId: key.data, from: q.from, to: q.to });
    const { items, next } = page(answer.events, offsetOf(q.nextToken, fingerprint), q.limit ?? DEFAULT_LIMIT);
    return {
      events: items.map(redactRecord),
      nextToken: next === null ? null : encodePageToken(next, fingerprint),
      total: answer.events.length,
      partial: answer.partial,
      progress: answer.progress,
      notes: answer.notes,
    };
  });
}

/** `?format=csv` */
export function wantsCsv(req: Request): boolean {
  return new URL(req.url).searchParams.get("format") === "csv";
}

export interface SessionsCsv {
  /** the header row and one row per session (at most CSV_MAX_ROWS) */
  csv: string;
  /** sessions that matched, when more than the rows given */
  truncatedFrom: number | null;
}

/**
 * The dashboard's CSV export of every session matching the query (the route and the rolecall
 * command both call it): 503 read_in_progress while a live read is still under way.
 */
export async function sessionsCsvOf(q: SessionsQuery, source?: SessionSource): Promise<SessionsCsv> {
  const result = await guarded(async () => {
    const src = source ?? (await sessionSource());
    return src.sessions(filtersOf(q), { waitMs: q.wait ?? CSV_WAIT_MS });
  });
  if (result.partial) {
    throw new ApiError(503, "read_in_progress", "The CloudTrail read is still under way: try again shortly.", [], { progress: result.progress }, { "retry-after": "5" });
  }
  const rows = result.sessions.slice(0, CSV_MAX_ROWS);
  return { csv: toCsv(rows), truncatedFrom: result.sessions.length > rows.length ? result.sessions.length : null };
}

/** Every session matching the query as CSV (header row first); 503 while a live read is still under way. */
export async function sessionsCsv(req: Request, source?: SessionSource): Promise<Response> {
  try {
    const q = parseQuery(SessionsQuery, req);
    const { csv, truncatedFrom } = await sessionsCsvOf(q, source);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="rolecall-sessions.csv"',
        "cache-control": API_CACHE_CONTROL,
        ...(truncatedFrom !== null ? { "x-rolecall-truncated": String(truncatedFrom) } : {}),
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
