// SQL over CloudTrail, shared by the `athena` and `lake` modes: the query text (the filters pushed
// into WHERE), result rows back into CloudTrail records, and a reader that runs the three questions
// (sessions, the activity of a page's sessions, the events of one key) through a mode's own runner.
//
// The two dialects differ only in names: the Athena table that CloudTrail's console creates has
// lower-case columns and keeps requestParameters/responseElements as JSON strings; a CloudTrail Lake
// event data store has the record's camelCase fields and keeps them as maps of strings. Only the
// fields a session needs are selected — never the session token.

import { SessionIndexBuilder, type RoleSession, type SessionActivity, type SessionIndex } from "./group";
import { toReadError } from "@/lib/account/aws";
import { LiveRead, LiveReads, ReadFailed } from "./live";
import type { SessionFilters } from "./filter";
import type { TimeWindow } from "./lookup";
import { ASSUME_ROLE_EVENT_NAMES, type CloudTrailRecord } from "./parse";

export type Dialect = "athena" | "lake";
export type Row = Record<string, string | null>;

/** SQL string literal. */
export const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A table (Athena `db.table`, `"db"."table"`) or event data store ID; refuses anything else. */
export function tableName(d: Dialect, name: string): string {
  const id = d === "lake" && name.startsWith("arn:") ? name.slice(name.lastIndexOf("/") + 1) : name;
  if (!/^("?[A-Za-z0-9_-]+"?)(\."?[A-Za-z0-9_-]+"?){0,2}$/.test(id)) {
    throw new Error(d === "athena" ? `ROLECALL_ATHENA_TABLE must be a table name such as cloudtrail_logs or mydb.cloudtrail_logs (got "${name}")` : `ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE must be an event data store ID or ARN (got "${name}")`);
  }
  return id;
}

type Expr = Record<Dialect, string>;
const req = (k: string): Expr => ({ athena: `json_extract_scalar(requestparameters, '$.${k}')`, lake: `element_at(requestParameters, '${k}')` });
const resp = (obj: string, k: string): Expr => ({ athena: `json_extract_scalar(responseelements, '$.${obj}.${k}')`, lake: `json_extract_scalar(element_at(responseElements, '${obj}'), '$.${k}')` });

/** alias → expression per dialect; the order is the SELECT list's */
const FIELDS: [string, Expr][] = [
  ["event_id", { athena: "eventid", lake: "eventID" }],
  ["shared_event_id", { athena: "sharedeventid", lake: "sharedEventID" }],
  ["event_time", { athena: "eventtime", lake: "eventTime" }],
  ["event_source", { athena: "eventsource", lake: "eventSource" }],
  ["event_name", { athena: "eventname", lake: "eventName" }],
  ["aws_region", { athena: "awsregion", lake: "awsRegion" }],
  ["source_ip", { athena: "sourceipaddress", lake: "sourceIPAddress" }],
  ["user_agent", { athena: "useragent", lake: "userAgent" }],
  ["error_code", { athena: "errorcode", lake: "errorCode" }],
  ["error_message", { athena: "errormessage", lake: "errorMessage" }],
  ["recipient_account", { athena: "recipientaccountid", lake: "recipientAccountId" }],
  ["ui_type", { athena: "useridentity.type", lake: "userIdentity.type" }],
  ["ui_principal_id", { athena: "useridentity.principalid", lake: "userIdentity.principalId" }],
  ["ui_arn", { athena: "useridentity.arn", lake: "userIdentity.arn" }],
  ["ui_account", { athena: "useridentity.accountid", lake: "userIdentity.accountId" }],
  ["ui_invoked_by", { athena: "useridentity.invokedby", lake: "userIdentity.invokedBy" }],
  ["ui_access_key", { athena: "useridentity.accesskeyid", lake: "userIdentity.accessKeyId" }],
  ["ui_issuer_arn", { athena: "useridentity.sessioncontext.sessionissuer.arn", lake: "userIdentity.sessionContext.sessionIssuer.arn" }],
  ["role_arn", req("roleArn")],
  ["role_session_name", req("roleSessionName")],
  ["duration_seconds", req("durationSeconds")],
  ["source_identity", req("sourceIdentity")],
  ["access_key_id", resp("credentials", "accessKeyId")],
  ["expiration", resp("credentials", "expiration")],
  ["assumed_role_arn", resp("assumedRoleUser", "arn")],
];
const F = Object.fromEntries(FIELDS) as Record<string, Expr>;
const col = (d: Dialect, alias: string) => F[alias]![d];

/** A time bound in the dialect's form: Athena's eventtime is ISO text; Lake's eventTime a timestamp. */
export function timeLiteral(d: Dialect, ms: number): string {
  const iso = new Date(ms).toISOString().replace(".000Z", "Z");
  return d === "athena" ? quote(iso) : quote(iso.replace("T", " ").replace("Z", ""));
}

const windowWhere = (d: Dialect, w: TimeWindow) => [`${col(d, "event_time")} >= ${timeLiteral(d, w.fromMs)}`, `${col(d, "event_time")} < ${timeLiteral(d, w.toMs)}`];

/** The AssumeRole* events matching `f` in the window, newest first. */
export function sessionsQuery(d: Dialect, table: string, f: SessionFilters, w: TimeWindow): string {
  const where = [`${col(d, "event_source")} = 'sts.amazonaws.com'`, `${col(d, "event_name")} IN (${ASSUME_ROLE_EVENT_NAMES.map(quote).join(", ")})`, ...windowWhere(d, w)];
  if (f.roleSessionName !== undefined) where.push(`${col(d, "role_session_name")} = ${quote(f.roleSessionName)}`);
  if (f.role !== undefined) where.push(f.role.startsWith("arn:") ? `${col(d, "role_arn")} = ${quote(f.role)}` : `element_at(split(${col(d, "role_arn")}, '/'), -1) = ${quote(f.role)}`);
  if (f.accessKeyId !== undefined) where.push(`${col(d, "access_key_id")} = ${quote(f.accessKeyId)}`);
  if (f.outcome === "success") where.push(`${col(d, "error_code")} IS NULL`);
  if (f.outcome === "failure") where.push(`${col(d, "error_code")} IS NOT NULL`);
  if (f.principal !== undefined) {
    // the caller of API.md, in SQL; the role owner's copy of a matching call is joined later by sharedEventID
    const caller = `CASE WHEN ${col(d, "ui_type")} = 'AWSService' THEN ${col(d, "ui_invoked_by")} ELSE coalesce(${col(d, "ui_arn")}, ${col(d, "ui_invoked_by")}, ${col(d, "ui_principal_id")}) END`;
    where.push(`(${caller} = ${quote(f.principal)} OR ${col(d, "shared_event_id")} IN (SELECT ${col(d, "shared_event_id")} FROM ${table} WHERE ${caller} = ${quote(f.principal)} AND ${windowWhere(d, w).join(" AND ")}))`);
  }
  const select = FIELDS.map(([alias, e]) => `${e[d]} AS ${alias}`).join(", ");
  return `SELECT ${select} FROM ${table} WHERE ${where.join(" AND ")} ORDER BY ${col(d, "event_time")} DESC`;
}

/** Per key and call: how many, how many failed, first and last — the activity of a page's sessions in one query. */
export function activityQuery(d: Dialect, table: string, keys: string[], w: TimeWindow): string {
  const k = col(d, "ui_access_key");
  return (
    `SELECT ${k} AS access_key, ${col(d, "event_source")} AS event_source, ${col(d, "event_name")} AS event_name, count(*) AS n, ` +
    `sum(CASE WHEN ${col(d, "error_code")} IS NULL THEN 0 ELSE 1 END) AS errors, min(${col(d, "event_time")}) AS first_time, max(${col(d, "event_time")}) AS last_time ` +
    `FROM ${table} WHERE ${k} IN (${keys.map(quote).join(", ")}) AND ${windowWhere(d, w).join(" AND ")} GROUP BY 1, 2, 3`
  );
}

/** Every event signed with `key`, oldest first. */
export function eventsQuery(d: Dialect, table: string, key: string, w: TimeWindow): string {
  const extra = d === "athena" ? "requestparameters AS request_parameters, responseelements AS response_elements, resources AS resources_text" : "requestParameters AS request_parameters, responseElements AS response_elements, resources AS resources_text";
  const select = FIELDS.slice(0, 18)
    .map(([alias, e]) => `${e[d]} AS ${alias}`)
    .join(", ");
  return `SELECT ${select}, ${extra} FROM ${table} WHERE ${col(d, "ui_access_key")} = ${quote(key)} AND ${windowWhere(d, w).join(" AND ")} ORDER BY ${col(d, "event_time")} ASC`;
}

function maybeJson(v: string | null | undefined): unknown {
  if (v === null || v === undefined || v === "") return null;
  if (v.startsWith("{") || v.startsWith("[")) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

const prune = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ""));

/** A result row → a CloudTrail record with the fields the row holds. */
export function rowToRecord(row: Row): CloudTrailRecord {
  const g = (k: string) => row[k] ?? null;
  const duration = g("duration_seconds");
  const requestParameters =
    "request_parameters" in row
      ? maybeJson(g("request_parameters"))
      : prune({ roleArn: g("role_arn"), roleSessionName: g("role_session_name"), durationSeconds: duration && /^\d+$/.test(duration) ? Number(duration) : duration, sourceIdentity: g("source_identity") });
  const responseElements =
    "response_elements" in row
      ? maybeJson(g("response_elements"))
      : g("access_key_id") || g("assumed_role_arn")
        ? { credentials: prune({ accessKeyId: g("access_key_id"), expiration: g("expiration") }), assumedRoleUser: prune({ arn: g("assumed_role_arn") }) }
        : null;
  const issuer = g("ui_issuer_arn");
  return prune({
    eventID: g("event_id"),
    sharedEventID: g("shared_event_id"),
    eventTime: g("event_time"),
    eventSource: g("event_source"),
    eventName: g("event_name"),
    awsRegion: g("aws_region"),
    sourceIPAddress: g("source_ip"),
    userAgent: g("user_agent"),
    errorCode: g("error_code"),
    errorMessage: g("error_message"),
    recipientAccountId: g("recipient_account"),
    userIdentity: prune({
      type: g("ui_type"),
      principalId: g("ui_principal_id"),
      arn: g("ui_arn"),
      accountId: g("ui_account"),
      invokedBy: g("ui_invoked_by"),
      accessKeyId: g("ui_access_key"),
      ...(issuer ? { sessionContext: { sessionIssuer: { arn: issuer } } } : {}),
    }),
    requestParameters,
    responseElements,
    ...("resources_text" in row ? { resources: maybeJson(g("resources_text")) } : {}),
  });
}

/** Runs one statement to the end and returns its rows by alias; progress as it goes. */
export type QueryRunner = (sql: string, read: LiveRead<unknown>) => Promise<Row[]>;

/** One AWS call of a query service, counted in the progress; a failure becomes a read error naming `permission`. */
export type QueryCall = <T>(permission: string, f: () => Promise<T>) => Promise<T>;

/** What differs between Athena and CloudTrail Lake in running one query: the three calls, and their words. */
export interface QueryService {
  /** "Athena", "CloudTrail Lake": the progress and error messages' subject */
  label: string;
  /** what a finished query is called ("succeeded", "finished") */
  doneWord: string;
  /** what to check when a query fails */
  hint: string;
  /** starts the query; its ID */
  start(call: QueryCall): Promise<string>;
  /** done; failed (with its state and reason); or still going, with what the progress should say ("running, 12 MB scanned") */
  status(call: QueryCall, id: string): Promise<{ done: true } | { failed: string; reason: string } | { going: string }>;
  /** one page of rows and the next page's token */
  page(call: QueryCall, id: string, token: string | undefined): Promise<{ rows: Row[]; next: string | undefined }>;
}

export interface QueryTiming {
  /** first poll interval (default 250 ms, doubling up to 2 s) */
  pollMs?: number;
  /** give up on a query after this long (default 10 min) */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Start a query, poll it until it ends (with backoff and a deadline), and read its pages, reporting progress. */
export async function runQuery(service: QueryService, read: LiveRead<unknown>, timing: QueryTiming): Promise<Row[]> {
  const p = read.progress;
  const sleep = timing.sleep ?? sleepReal;
  const call: QueryCall = async (permission, f) => {
    p.calls++;
    try {
      return await f();
    } catch (e) {
      throw toReadError(e, permission);
    }
  };
  const id = await service.start(call);
  p.total = 2;
  p.message = `${service.label}: query ${id} running`;
  const timeoutMs = timing.timeoutMs ?? 600_000;
  const deadline = Date.now() + timeoutMs;
  let wait = timing.pollMs ?? 250;
  for (;;) {
    const status = await service.status(call, id);
    if ("done" in status) break;
    if ("failed" in status) throw new ReadFailed(`${service.label} query ${id} ${status.failed}: ${status.reason} — ${service.hint}`);
    if (Date.now() > deadline) throw new ReadFailed(`${service.label} query ${id} did not finish within ${Math.round(timeoutMs / 1000)} s`);
    p.message = `${service.label}: query ${id} ${status.going}`;
    await sleep(wait);
    wait = Math.min(wait * 2, 2000);
  }
  p.done = 1;
  const rows: Row[] = [];
  let token: string | undefined;
  do {
    const page = await service.page(call, id, token);
    rows.push(...page.rows);
    p.events = rows.length;
    p.message = `${service.label}: query ${id} ${service.doneWord}, ${rows.length} rows read`;
    token = page.next;
  } while (token);
  p.done = 2;
  return rows;
}

export interface SqlReaderOptions {
  dialect: Dialect;
  table: string;
  run: QueryRunner;
  ttlMs?: number;
}

/** The three questions of the sessions API as SQL, read in the background (live.ts). */
export class SqlReader {
  readonly dialect: Dialect;
  readonly table: string;
  private readonly run: QueryRunner;
  readonly reads: LiveReads;

  constructor(options: SqlReaderOptions) {
    this.dialect = options.dialect;
    this.table = tableName(options.dialect, options.table);
    this.run = options.run;
    this.reads = new LiveReads(options.ttlMs ?? 120_000);
  }

  sessions(filters: SessionFilters, window: TimeWindow): LiveRead<{ index: SessionIndex; notes: string[] }> {
    const sql = sessionsQuery(this.dialect, this.table, filters, window);
    return this.reads.get(`sessions ${sql}`, () => {
      const builder = new SessionIndexBuilder();
      return new LiveRead(
        async (read) => {
          const rows = await this.run(sql, read as LiveRead<unknown>);
          for (const row of rows) builder.add(rowToRecord(row));
          return { index: builder.build({ activityPartial: true }), notes: [] };
        },
        () => ({ index: builder.build({ activityPartial: true }), notes: [] }),
        `${this.dialect === "athena" ? "Athena" : "CloudTrail Lake"}: querying AssumeRole* events`,
      );
    });
  }

  /** The activity of several sessions in one aggregate query over their lifetimes. */
  activity(sessions: RoleSession[], nowMs = Date.now()): LiveRead<Map<string, SessionActivity>> {
    const keyed = sessions.filter((s) => s.accessKeyId);
    const keys = [...new Set(keyed.map((s) => s.accessKeyId!))].sort();
    const fromMs = Math.min(...keyed.map((s) => Date.parse(s.eventTime)));
    const toMs = Math.min(nowMs, Math.max(...keyed.map((s) => (s.expiration ? Date.parse(s.expiration) : Date.parse(s.eventTime) + 43_200_000))) + 15 * 60_000);
    const sql = activityQuery(this.dialect, this.table, keys, { fromMs, toMs });
    return this.reads.get(`activity ${sql}`, () => {
      const builder = new SessionIndexBuilder();
      return new LiveRead(
        async (read) => {
          for (const row of await this.run(sql, read as LiveRead<unknown>)) {
            const key = row.access_key;
            if (!key || !row.first_time) continue;
            builder.addActivity(key, row.event_source ?? "?", row.event_name ?? "?", { time: row.first_time, lastTime: row.last_time ?? row.first_time, count: Number(row.n ?? 0), errors: Number(row.errors ?? 0) });
          }
          return new Map(keys.map((k) => [k, builder.activityOf(k)]));
        },
        () => new Map(keys.map((k) => [k, builder.activityOf(k, true)])),
        `${this.dialect === "athena" ? "Athena" : "CloudTrail Lake"}: querying the activity of ${keys.length} sessions`,
      );
    });
  }

  events(accessKeyId: string, window: TimeWindow): LiveRead<{ events: CloudTrailRecord[]; notes: string[] }> {
    const sql = eventsQuery(this.dialect, this.table, accessKeyId, window);
    return this.reads.get(`events ${sql}`, () => {
      let events: CloudTrailRecord[] = [];
      return new LiveRead(
        async (read) => {
          events = (await this.run(sql, read as LiveRead<unknown>)).map(rowToRecord);
          return { events, notes: [] };
        },
        () => ({ events, notes: [] }),
        `${this.dialect === "athena" ? "Athena" : "CloudTrail Lake"}: querying the events of ${accessKeyId}`,
      );
    });
  }
}
