import "server-only";
// The sessions source of the configured RoleCall source (API.md, "Configuration"): the demo's or a
// snapshot's CloudTrail files (read once per process, then filtered in memory), or, with the aws
// source, ROLECALL_CLOUDTRAIL: `lookup` (default), `s3`, `athena` or `lake` — live reads that ask only
// what the filters need, over a default window of the last 7 days, kept briefly (live.ts).

import { z } from "zod";
import { demoDir } from "@/lib/account";
import { sourceConfig } from "@/lib/config";
import { athenaReader } from "./athena";
import { eventFilesOf, eventsOfKey, indexFiles, type FileProblem, type FilesIndex } from "./files";
import { filterSessions, type SessionFilters } from "./filter";
import type { RoleSession, SessionActivity, SessionIndex } from "./group";
import { lakeReader } from "./lake";
import type { LiveRead, ReadProgress } from "./live";
import { LOOKUP_RETENTION_MS, LookupReader, cloudTrailClientWith, windowText, type LookupTarget, type TimeWindow } from "./lookup";
import { parseTime, type CloudTrailRecord } from "./parse";
import { parseS3Uri, S3TrailReader } from "./s3";
import type { SqlReader } from "./sql";

export type { RoleSession, SessionActivity, SessionChain, SessionLabel, SessionRef } from "./group";
export type { SessionFilters, Timeline } from "./filter";
export type { ReadProgress } from "./live";

export type SessionsMode = "demo" | "snapshot" | "lookup" | "s3" | "athena" | "lake";

export interface SessionsAnswer {
  /** every session matching the filters, newest first */
  sessions: RoleSession[];
  /** true while a live read is under way: the list holds what has been read so far */
  partial: boolean;
  progress: ReadProgress | null;
  /** what the answer could not cover (a Region that failed, the limits of LookupEvents) */
  notes: string[];
  /** the time window read (live modes); null for files, which are read whole */
  window: { from: string; to: string } | null;
  problems: FileProblem[];
}

export interface EventsAnswer {
  /** oldest first, as stored (not yet redacted) */
  events: CloudTrailRecord[];
  partial: boolean;
  progress: ReadProgress | null;
  notes: string[];
}

export interface WaitOptions {
  /** how long to wait for a live read before answering with what it has */
  waitMs: number;
}

export interface SessionSource {
  readonly mode: SessionsMode;
  sessions(filters: SessionFilters, opts: WaitOptions): Promise<SessionsAnswer>;
  /** the page's sessions with their activity (live modes read it for just these sessions) */
  withActivity(page: RoleSession[], opts: WaitOptions): Promise<{ sessions: RoleSession[]; partial: boolean; progress: ReadProgress | null }>;
  events(accessKeyId: string, opts: WaitOptions & { from?: string; to?: string }): Promise<EventsAnswer>;
}

export class SessionsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SessionsConfigError";
  }
}

// ---------------------------------------------------------------- files (demo, snapshot)

const byTimeAsc = (a: CloudTrailRecord, b: CloudTrailRecord) => {
  const x = String(a.eventTime ?? "");
  const y = String(b.eventTime ?? "");
  return x < y ? -1 : x > y ? 1 : 0;
};

/** A snapshot's or the demo's CloudTrail files, indexed once per process. */
export class FilesSessionSource implements SessionSource {
  private index?: Promise<FilesIndex>;
  private readonly recent = new Map<string, CloudTrailRecord[]>();

  constructor(
    readonly mode: "demo" | "snapshot",
    readonly dir: string,
  ) {}

  load(): Promise<FilesIndex> {
    if (!this.index) {
      this.index = eventFilesOf(this.dir).then((files) => indexFiles(files));
      this.index.catch(() => {
        this.index = undefined;
      });
    }
    return this.index;
  }

  async sessions(filters: SessionFilters): Promise<SessionsAnswer> {
    const index = await this.load();
    return { sessions: filterSessions(index.sessions, filters), partial: false, progress: null, notes: [], window: null, problems: index.problems };
  }

  async withActivity(page: RoleSession[]) {
    return { sessions: page, partial: false, progress: null };
  }

  async events(accessKeyId: string, opts: { from?: string; to?: string }): Promise<EventsAnswer> {
    let events = this.recent.get(accessKeyId);
    if (!events) {
      events = (await eventsOfKey(await this.load(), accessKeyId)).sort(byTimeAsc);
      this.recent.set(accessKeyId, events);
      // a few keys' events are kept: the page opens one session at a time
      if (this.recent.size > 32) this.recent.delete(this.recent.keys().next().value!);
    }
    return { events: inWindow(events, opts.from, opts.to), partial: false, progress: null, notes: [] };
  }
}

function inWindow(events: CloudTrailRecord[], from?: string, to?: string): CloudTrailRecord[] {
  if (!from && !to) return events;
  const f = from ? parseTime(from)! : -Infinity;
  const t = to ? parseTime(to)! : Infinity;
  return events.filter((e) => {
    const ms = parseTime(e.eventTime);
    return ms !== null && ms >= f && ms < t;
  });
}

// ---------------------------------------------------------------- live modes

export const DEFAULT_WINDOW_MS = 7 * 86400_000;

/** The window a live read covers: [from, to) when given, else the last 7 days (or 7 days up to `to`). */
export function liveWindow(filters: SessionFilters, nowMs = Date.now()): TimeWindow {
  const to = filters.to ? parseTime(filters.to)! : nowMs;
  const from = filters.from ? parseTime(filters.from)! : to - DEFAULT_WINDOW_MS;
  return { fromMs: from, toMs: Math.max(from, to) };
}

async function settle<T>(read: LiveRead<T>, waitMs: number): Promise<{ value: T; partial: boolean; progress: ReadProgress | null }> {
  const done = await read.within(waitMs);
  if (done !== undefined) return { value: done, partial: false, progress: null };
  return { value: read.snapshot(), partial: true, progress: { ...read.progress } };
}

function withActivities(page: RoleSession[], activity: (s: RoleSession) => SessionActivity | null | undefined): RoleSession[] {
  return page.map((s) => {
    if (s.outcome === "failure" || !s.accessKeyId) return s;
    const a = activity(s);
    return a ? { ...s, activity: a } : s;
  });
}

/** ROLECALL_CLOUDTRAIL=lookup */
export class LookupSessionSource implements SessionSource {
  readonly mode = "lookup" as const;
  constructor(readonly reader: LookupReader) {}

  async sessions(filters: SessionFilters, opts: WaitOptions): Promise<SessionsAnswer> {
    const nowMs = Date.now();
    const window = liveWindow(filters, nowMs);
    const notes = ["LookupEvents holds management events only: S3 object and DynamoDB item calls (data events) are not in a session's activity."];
    if (window.fromMs < nowMs - LOOKUP_RETENTION_MS) {
      notes.push("LookupEvents keeps 90 days: earlier events are not in this answer (use the s3, athena or lake mode for older ones).");
      window.fromMs = nowMs - LOOKUP_RETENTION_MS;
    }
    if (filters.roleSessionName && !filters.accessKeyId) notes.push("Found through the session name (LookupEvents' Username): a failed attempt by a caller of another name is not found this way.");
    const r = await settle(this.reader.sessions(filters, window), opts.waitMs);
    return { sessions: filterSessions(r.value.index.sessions, filters), partial: r.partial, progress: r.progress, notes: [...notes, ...r.value.notes], window: windowText(window), problems: [] };
  }

  async withActivity(page: RoleSession[], opts: WaitOptions) {
    const reads = new Map(page.filter((s) => s.outcome === "success" && s.accessKeyId).map((s) => [s.accessKeyId!, this.reader.activity(s)]));
    const deadline = Date.now() + opts.waitMs;
    const results = new Map<string, SessionActivity | null>();
    let partial = false;
    const progress: ReadProgress = { done: 0, total: reads.size, calls: 0, events: 0, message: `LookupEvents: the activity of ${reads.size} sessions`, startedAt: new Date().toISOString() };
    await Promise.all(
      [...reads].map(async ([key, read]) => {
        const r = await settle(read, deadline - Date.now());
        results.set(key, r.value);
        progress.calls += read.progress.calls;
        progress.events += read.progress.events;
        if (r.partial) partial = true;
        else progress.done++;
      }),
    );
    return { sessions: withActivities(page, (s) => results.get(s.accessKeyId!)), partial, progress: partial ? progress : null };
  }

  async events(accessKeyId: string, opts: WaitOptions & { from?: string; to?: string }): Promise<EventsAnswer> {
    const window = opts.from || opts.to ? { fromMs: opts.from ? parseTime(opts.from)! : undefined, toMs: opts.to ? parseTime(opts.to)! : undefined } : undefined;
    const r = await settle(this.reader.events(accessKeyId, window), opts.waitMs);
    return { events: inWindow([...r.value.events].sort(byTimeAsc), opts.from, opts.to), partial: r.partial, progress: r.progress, notes: ["LookupEvents holds management events only (90 days): data events are not listed.", ...r.value.notes] };
  }
}

/** ROLECALL_CLOUDTRAIL=s3 */
export class S3SessionSource implements SessionSource {
  readonly mode = "s3" as const;
  constructor(readonly reader: S3TrailReader) {}

  async sessions(filters: SessionFilters, opts: WaitOptions): Promise<SessionsAnswer> {
    const window = liveWindow(filters);
    const r = await settle(this.reader.index(window), opts.waitMs);
    return { sessions: filterSessions(r.value.index.sessions, filters), partial: r.partial, progress: r.progress, notes: r.value.notes, window: windowText(window), problems: [] };
  }

  async withActivity(page: RoleSession[]) {
    return { sessions: page, partial: false, progress: null };
  }

  async events(accessKeyId: string, opts: WaitOptions & { from?: string; to?: string }): Promise<EventsAnswer> {
    const window = liveWindow({ from: opts.from, to: opts.to });
    const r = await settle(this.reader.index(window), opts.waitMs);
    if (r.partial) return { events: [], partial: true, progress: r.progress, notes: [] };
    const events = await this.reader.eventsOf(r.value.index, accessKeyId);
    return { events: inWindow(events.sort(byTimeAsc), opts.from, opts.to), partial: false, progress: null, notes: r.value.notes };
  }
}

/** ROLECALL_CLOUDTRAIL=athena or lake */
export class SqlSessionSource implements SessionSource {
  constructor(
    readonly mode: "athena" | "lake",
    readonly reader: SqlReader,
  ) {}

  async sessions(filters: SessionFilters, opts: WaitOptions): Promise<SessionsAnswer> {
    const window = liveWindow(filters);
    const r = await settle(this.reader.sessions(filters, window), opts.waitMs);
    return { sessions: filterSessions(r.value.index.sessions, filters), partial: r.partial, progress: r.progress, notes: r.value.notes, window: windowText(window), problems: [] };
  }

  async withActivity(page: RoleSession[], opts: WaitOptions) {
    const keyed = page.filter((s) => s.outcome === "success" && s.accessKeyId);
    if (!keyed.length) return { sessions: page, partial: false, progress: null };
    const r = await settle(this.reader.activity(keyed), opts.waitMs);
    return { sessions: withActivities(page, (s) => r.value.get(s.accessKeyId!)), partial: r.partial, progress: r.progress };
  }

  async events(accessKeyId: string, opts: WaitOptions & { from?: string; to?: string }): Promise<EventsAnswer> {
    // without a window, the 90 days LookupEvents would cover; the page passes the session's own lifetime
    const window = opts.from || opts.to ? liveWindow({ from: opts.from, to: opts.to }) : { fromMs: Date.now() - LOOKUP_RETENTION_MS, toMs: Date.now() };
    const r = await settle(this.reader.events(accessKeyId, window), opts.waitMs);
    return { events: r.value.events, partial: r.partial, progress: r.progress, notes: r.value.notes };
  }
}

// ---------------------------------------------------------------- configuration

const Env = z.object({
  ROLECALL_CLOUDTRAIL: z.enum(["lookup", "s3", "athena", "lake"]).optional(),
  ROLECALL_CLOUDTRAIL_REGIONS: z.string().optional(),
  ROLECALL_CLOUDTRAIL_S3_URI: z.string().min(1).optional(),
  ROLECALL_ATHENA_TABLE: z.string().min(1).optional(),
  ROLECALL_ATHENA_WORKGROUP: z.string().min(1).optional(),
  ROLECALL_ATHENA_OUTPUT: z.string().min(1).optional(),
  ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
});

/** ROLECALL_CLOUDTRAIL_REGIONS, else AWS_REGION plus us-east-1 (where global-endpoint calls were logged, R7.3). */
export function cloudTrailRegions(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = (env.ROLECALL_CLOUDTRAIL_REGIONS ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  if (list.length) return [...new Set(list)];
  return [...new Set([env.AWS_REGION ?? env.AWS_DEFAULT_REGION, "us-east-1"].filter((r): r is string => !!r))];
}

/** The accounts of the organization (lib/account/aws-org.ts) as LookupEvents targets. */
async function organizationTargets(): Promise<{ targets: LookupTarget[]; notes: string[] }> {
  const { awsOrganization } = await import("@/lib/account/aws-org");
  const { sources, notes } = await awsOrganization().readers();
  return { targets: sources.map(({ account, source }) => ({ account, clientFor: (region: string) => cloudTrailClientWith(region, source.credentials) })), notes };
}

/** The live source ROLECALL_CLOUDTRAIL names; a missing setting is a SessionsConfigError saying what to set. */
export function liveSource(env: NodeJS.ProcessEnv = process.env): SessionSource {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new SessionsConfigError(`ROLECALL_CLOUDTRAIL must be lookup, s3, athena or lake (got "${env.ROLECALL_CLOUDTRAIL}")`);
  const e = parsed.data;
  switch (e.ROLECALL_CLOUDTRAIL ?? "lookup") {
    case "lookup": {
      const everyAccount = (env.ROLECALL_ACCOUNTS ?? "self").trim();
      if (everyAccount === "self" || everyAccount === "") return new LookupSessionSource(new LookupReader({ regions: cloudTrailRegions(env) }));
      // every account of ROLECALL_ACCOUNTS, each through its reader session, each under its own limit
      return new LookupSessionSource(new LookupReader({ regions: cloudTrailRegions(env), accounts: organizationTargets }));
    }
    case "s3": {
      if (!e.ROLECALL_CLOUDTRAIL_S3_URI) throw new SessionsConfigError("ROLECALL_CLOUDTRAIL=s3 needs ROLECALL_CLOUDTRAIL_S3_URI, the trail's log location, e.g. s3://my-trail-bucket/AWSLogs/");
      let location;
      try {
        location = parseS3Uri(e.ROLECALL_CLOUDTRAIL_S3_URI);
      } catch (err) {
        throw new SessionsConfigError((err as Error).message);
      }
      return new S3SessionSource(new S3TrailReader({ location, regions: e.ROLECALL_CLOUDTRAIL_REGIONS ? cloudTrailRegions(env) : undefined }));
    }
    case "athena":
      if (!e.ROLECALL_ATHENA_TABLE) throw new SessionsConfigError("ROLECALL_CLOUDTRAIL=athena needs ROLECALL_ATHENA_TABLE (the trail's Athena table, e.g. default.cloudtrail_logs), and ROLECALL_ATHENA_OUTPUT unless the workgroup sets an output location");
      try {
        return new SqlSessionSource("athena", athenaReader({ table: e.ROLECALL_ATHENA_TABLE, workgroup: e.ROLECALL_ATHENA_WORKGROUP, output: e.ROLECALL_ATHENA_OUTPUT }));
      } catch (err) {
        throw new SessionsConfigError((err as Error).message);
      }
    case "lake":
      if (!e.ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE) throw new SessionsConfigError("ROLECALL_CLOUDTRAIL=lake needs ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE, the event data store's ID or ARN");
      try {
        return new SqlSessionSource("lake", lakeReader({ eventDataStore: e.ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE }));
      } catch (err) {
        throw new SessionsConfigError((err as Error).message);
      }
  }
}

let cached: Promise<SessionSource> | undefined;
let override: SessionSource | undefined;

/** The sessions source of this process (one per process: its caches live as long as it). */
export function sessionSource(): Promise<SessionSource> {
  if (override) return Promise.resolve(override);
  cached ??= (async (): Promise<SessionSource> => {
    const cfg = await sourceConfig();
    if (cfg.source === "demo") return new FilesSessionSource("demo", demoDir());
    if (cfg.source === "snapshot") return new FilesSessionSource("snapshot", cfg.snapshotDir!);
    return liveSource();
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/** Tests: answer from this source instead of the configured one (undefined restores it). */
export function setSessionSource(source: SessionSource | undefined): void {
  override = source;
}

export type { SessionIndex };
