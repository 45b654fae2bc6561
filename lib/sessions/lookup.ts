// Sessions from the LookupEvents API (CloudTrail "Event history", R7.6): management events of the
// last 90 days, per Region, one lookup attribute per call, 50 events a page, 2 calls per second per
// account and Region. A read asks only what its filters need:
//
//   accessKeyId     → ResourceName=<key> (an AssumeRole* event lists the key it issued among its
//                     resources, as AWS::IAM::AccessKey) and AccessKeyId=<key> (what the key signed)
//   roleSessionName → Username=<name> (R7.7: events of sessions with that name, and owner copies),
//                     then ResourceName=<session ARN> for each session ARN those events reveal
//   principal       → Username=<user name | session name | root> when the caller is an IAM ARN
//   role (an ARN)   → ResourceName=<role ARN>
//   otherwise       → EventName=AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML
//
// in every configured Region at once; the filters are then applied exactly to what came back. A
// session's activity is an AccessKeyId lookup over its lifetime, made only for the sessions a page
// shows. Every call goes through the shared limiter (rate-limit.ts); a throttled call is retried
// through it with backoff.

import { CloudTrailClient, LookupEventsCommand, type CloudTrailClientConfig, type Event as LookupEvent, type LookupAttributeKey } from "@aws-sdk/client-cloudtrail";
import { toReadError, sdkClientDefaults } from "@/lib/account/aws";
import { SessionIndexBuilder, type RoleSession, type SessionIndex } from "./group";
import { LiveRead, LiveReads, ReadFailed } from "./live";
import type { SessionFilters } from "./filter";
import { ASSUME_ROLE_EVENT_NAMES, isObj, isoTime, recordOfLookupEvent, type CloudTrailRecord } from "./parse";
import { lookupLimiter, type RateLimiter } from "./rate-limit";

export interface LookupAttr {
  key: Extract<LookupAttributeKey, "EventName" | "Username" | "AccessKeyId" | "ResourceName">;
  value: string;
}

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** One account whose events are read, with the CloudTrail client of each Region (its own credentials). */
export interface LookupTarget {
  account: string;
  clientFor: (region: string) => CloudTrailClient;
}

export interface LookupOptions {
  regions: string[];
  /**
   * Several accounts, each read with its own clients and under its own 2 calls/s per Region
   * (an organization, read through each account's reader role); `notes` say which accounts
   * could not be read. Default: the one account of `clientFor`.
   */
  accounts?: () => Promise<{ targets: LookupTarget[]; notes: string[] }>;
  /** one client per Region; default: the SDK's (endpoint from AWS_ENDPOINT_URL_CLOUDTRAIL, default credentials) */
  clientFor?: (region: string) => CloudTrailClient;
  limiter?: RateLimiter;
  /** the account part of the limiter's key (one credential chain reads one account) */
  account?: string;
  /** attempts for one throttled call (default 8) */
  attempts?: number;
  /** first backoff after throttling (default 1000 ms, doubling, at most 16 s) */
  backoffMs?: number;
  /** safety bound on pages per lookup (default 2,000 = 100,000 events) */
  maxPages?: number;
  /** how long a finished read is reused (default 60 s) */
  ttlMs?: number;
}

export const LOOKUP_RETENTION_MS = 90 * 86400_000;
const IAM_USER = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;
const SESSION = /^arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/;
const ROOT = /^arn:[^:]+:iam::\d{12}:root$/;

/** The lookups a question needs (see the file comment). */
export function planLookups(f: SessionFilters): LookupAttr[] {
  if (f.accessKeyId) {
    return [
      { key: "ResourceName", value: f.accessKeyId },
      { key: "AccessKeyId", value: f.accessKeyId },
    ];
  }
  if (f.roleSessionName) return [{ key: "Username", value: f.roleSessionName }];
  if (f.principal) {
    const user = IAM_USER.exec(f.principal)?.[1] ?? SESSION.exec(f.principal)?.[1] ?? (ROOT.test(f.principal) ? "root" : undefined);
    if (user) return [{ key: "Username", value: user }];
  }
  if (f.role?.startsWith("arn:")) return [{ key: "ResourceName", value: f.role }];
  return ASSUME_ROLE_EVENT_NAMES.map((value) => ({ key: "EventName", value }));
}

/** Lookups learnt from what a Username=<session name> lookup returned: the sessions' own ARNs. */
export function followUps(f: SessionFilters, records: CloudTrailRecord[]): LookupAttr[] {
  if (!f.roleSessionName || f.accessKeyId) return [];
  const arns = new Set<string>();
  for (const r of records) {
    const ui = r.userIdentity;
    if (isObj(ui) && typeof ui.arn === "string" && SESSION.exec(ui.arn)?.[1] === f.roleSessionName) arns.add(ui.arn);
  }
  return [...arns].map((value) => ({ key: "ResourceName", value }));
}

export function isThrottling(e: unknown): boolean {
  if (!isObj(e)) return false;
  const name = typeof e.name === "string" ? e.name : "";
  const meta = isObj(e.$metadata) ? e.$metadata : {};
  return name === "ThrottlingException" || name === "Throttling" || name === "TooManyRequestsException" || meta.httpStatusCode === 429 || (typeof e.message === "string" && /rate exceeded/i.test(e.message));
}

export function defaultCloudTrailClient(region: string): CloudTrailClient {
  return new CloudTrailClient({
    region,
    // retries come back through the shared limiter instead (rate-limit.ts)
    ...sdkClientDefaults({ requestTimeoutMs: 15_000, maxAttempts: 1, retryMode: "standard" }),
  });
}

/** A CloudTrail client of one Region signing with `credentials` (an account's reader session). */
export function cloudTrailClientWith(region: string, credentials: CloudTrailClientConfig["credentials"], endpoint?: string): CloudTrailClient {
  return new CloudTrailClient({
    region,
    ...sdkClientDefaults({ requestTimeoutMs: 15_000, maxAttempts: 1, retryMode: "standard" }),
    credentials,
    ...(endpoint ? { endpoint } : {}),
  });
}

interface StreamCounters {
  calls: number;
  events: number;
}

export class LookupReader {
  readonly regions: string[];
  private readonly clients = new Map<string, CloudTrailClient>();
  private readonly clientFor: (region: string) => CloudTrailClient;
  private readonly targets: () => Promise<{ targets: LookupTarget[]; notes: string[] }>;
  private readonly limiter: RateLimiter;
  private readonly account: string;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxPages: number;
  readonly reads: LiveReads;
  readonly activityReads: LiveReads;

  constructor(options: LookupOptions) {
    this.regions = [...new Set(options.regions)];
    this.clientFor = options.clientFor ?? defaultCloudTrailClient;
    this.limiter = options.limiter ?? lookupLimiter;
    this.account = options.account ?? "default";
    const single = { targets: [{ account: this.account, clientFor: this.clientFor }], notes: [] as string[] };
    this.targets = options.accounts ?? (() => Promise.resolve(single));
    this.attempts = options.attempts ?? 8;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxPages = options.maxPages ?? 2000;
    this.reads = new LiveReads(options.ttlMs ?? 60_000);
    this.activityReads = new LiveReads(Math.max(options.ttlMs ?? 60_000, 300_000));
  }

  private client(target: LookupTarget, region: string): CloudTrailClient {
    const k = `${target.account}:${region}`;
    let c = this.clients.get(k);
    if (!c) {
      c = target.clientFor(region);
      this.clients.set(k, c);
    }
    return c;
  }

  /** One LookupEvents call, through the limiter; throttling retried (through the limiter again). */
  private async call(target: LookupTarget, region: string, attr: LookupAttr | undefined, window: TimeWindow, token: string | undefined): Promise<{ events: LookupEvent[]; next?: string; retries: number }> {
    const key = `${target.account}:${region}`;
    let delay = this.backoffMs;
    for (let attempt = 1; ; attempt++) {
      const done = await this.limiter.acquire(key);
      try {
        const out = await this.client(target, region).send(
          new LookupEventsCommand({
            ...(attr ? { LookupAttributes: [{ AttributeKey: attr.key, AttributeValue: attr.value }] } : {}),
            StartTime: new Date(window.fromMs),
            EndTime: new Date(window.toMs),
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        done();
        return { events: out.Events ?? [], next: out.NextToken || undefined, retries: attempt - 1 };
      } catch (e) {
        done();
        if (isThrottling(e) && attempt < this.attempts) {
          this.limiter.pause(key, delay);
          delay = Math.min(delay * 2, 16_000);
          continue;
        }
        throw toReadError(e, "cloudtrail:LookupEvents");
      }
    }
  }

  /**
   * Every page of one lookup (every management event of the window when `attr` is undefined) in
   * one account and Region, as LookupEvents answers them; `maxPages` bounds it.
   */
  async pages(target: LookupTarget, region: string, attr: LookupAttr | undefined, window: TimeWindow, onPage: (events: LookupEvent[], retries: number) => void | Promise<void>, maxPages = this.maxPages): Promise<void> {
    let token: string | undefined;
    const seen = new Set<string>();
    for (let pageNo = 0; pageNo < maxPages; pageNo++) {
      const page = await this.call(target, region, attr, window, token);
      await onPage(page.events, page.retries);
      if (!page.next || seen.has(page.next)) return;
      seen.add(page.next);
      token = page.next;
    }
  }

  /** Every page of one lookup in one Region (of the reader's own account, or `target`'s). */
  async lookup(region: string, attr: LookupAttr, window: TimeWindow, onRecords: (records: CloudTrailRecord[]) => void, counters?: StreamCounters, target?: LookupTarget): Promise<void> {
    const t = target ?? { account: this.account, clientFor: this.clientFor };
    await this.pages(t, region, attr, window, (events) => {
      if (counters) {
        counters.calls++;
        counters.events += events.length;
      }
      const records: CloudTrailRecord[] = [];
      for (const e of events) {
        const r = recordOfLookupEvent(e);
        if (r) records.push(r);
      }
      onRecords(records);
    });
  }

  /**
   * Lookups in every Region at once into one index. A Region that fails is a note, not a failure,
   * unless every Region fails.
   */
  private async runLookups(read: LiveRead<unknown>, sink: (r: CloudTrailRecord) => void, seen: Set<string>, plan: LookupAttr[], window: TimeWindow, learn: (records: CloudTrailRecord[]) => LookupAttr[], notes: string[]): Promise<void> {
    const { targets, notes: accountNotes } = await this.targets();
    notes.push(...accountNotes);
    if (targets.length === 0) throw new ReadFailed(accountNotes.join("; ") || "no account can be read");
    const many = targets.length > 1;
    const p = read.progress;
    const planned = new Set<string>();
    const failures: string[] = [];
    let started = 0;
    const add = (records: CloudTrailRecord[]) => {
      for (const r of records) {
        const id = typeof r.eventID === "string" ? r.eventID : null;
        if (id && seen.has(id)) continue;
        sink(r);
        if (id) seen.add(id);
      }
    };
    const stream = async (target: LookupTarget, region: string, attr: LookupAttr): Promise<void> => {
      const where = many ? `${target.account} ${region}` : region;
      const k = `${target.account} ${region} ${attr.key}=${attr.value}`;
      if (planned.has(k)) return;
      planned.add(k);
      started++;
      p.total = planned.size;
      const learnt: Promise<void>[] = [];
      try {
        await this.lookup(
          region,
          attr,
          window,
          (records) => {
            add(records);
            for (const next of learn(records)) learnt.push(stream(target, region, next));
          },
          p,
          target,
        );
      } catch (e) {
        failures.push(`${where}: ${toReadError(e, "cloudtrail:LookupEvents").reason}`);
      }
      p.done++;
      p.message = `LookupEvents: ${p.done} of ${p.total} lookups done (${many ? `${targets.length} accounts × ` : ""}${this.regions.join(", ")}), ${p.calls} calls, ${p.events} events`;
      await Promise.all(learnt);
    };
    return Promise.all(targets.flatMap((target) => this.regions.flatMap((region) => plan.map((attr) => stream(target, region, attr))))).then(() => {
      notes.push(...failures);
      if (failures.length && failures.length >= started) throw new ReadFailed(failures.join("; "));
    });
  }

  /** The sessions a question needs, read in the background; see live.ts for how progress is shown. */
  sessions(filters: SessionFilters, window: TimeWindow): LiveRead<{ index: SessionIndex; notes: string[] }> {
    const plan = planLookups(filters);
    const key = JSON.stringify([plan, filters.roleSessionName ?? null, Math.floor(window.fromMs / 60_000), Math.floor(window.toMs / 60_000)]);
    return this.reads.get(key, () => {
      const seen = new Set<string>();
      const builder = new SessionIndexBuilder(seen);
      const notes: string[] = [];
      return new LiveRead(
        async (read) => {
          await this.runLookups(read as LiveRead<unknown>, (r) => builder.add(r), seen, plan, window, (records) => followUps(filters, records), notes);
          return { index: builder.build({ activityPartial: true }), notes };
        },
        () => ({ index: builder.build({ activityPartial: true }), notes }),
        `LookupEvents: ${plan.map((a) => `${a.key}=${a.value}`).join(", ")} in ${this.regions.join(", ")}`,
      );
    });
  }

  /** What one session's key signed during its lifetime (AccessKeyId lookup in every Region). */
  activity(session: RoleSession, nowMs = Date.now()): LiveRead<RoleSession["activity"]> {
    const key = session.accessKeyId!;
    const fromMs = Date.parse(session.eventTime);
    const until = session.expiration ? Date.parse(session.expiration) : fromMs + 43_200_000;
    const window = { fromMs, toMs: Math.min(nowMs, until + 15 * 60_000) };
    return this.activityReads.get(`${key} ${window.fromMs} ${Math.floor(window.toMs / 60_000)}`, () => {
      const seen = new Set<string>();
      const builder = new SessionIndexBuilder(seen);
      return new LiveRead(
        async (read) => {
          await this.runLookups(read as LiveRead<unknown>, (r) => builder.add(r), seen, [{ key: "AccessKeyId", value: key }], window, () => [], []);
          return builder.activityOf(key);
        },
        () => builder.activityOf(key, true),
        `LookupEvents: AccessKeyId=${key}`,
      );
    });
  }

  /** Every event signed with `accessKeyId` in the window (default: the 90 days LookupEvents keeps). */
  events(accessKeyId: string, window?: Partial<TimeWindow>, nowMs = Date.now()): LiveRead<{ events: CloudTrailRecord[]; notes: string[] }> {
    const w = { fromMs: window?.fromMs ?? nowMs - LOOKUP_RETENTION_MS, toMs: window?.toMs ?? nowMs };
    return this.activityReads.get(`events ${accessKeyId} ${Math.floor(w.fromMs / 60_000)} ${Math.floor(w.toMs / 60_000)}`, () => {
      const events: CloudTrailRecord[] = [];
      const seen = new Set<string>();
      const notes: string[] = [];
      const collect = (r: CloudTrailRecord) => {
        const ui = r.userIdentity;
        if (isObj(ui) && ui.accessKeyId === accessKeyId) events.push(r);
      };
      return new LiveRead(
        async (read) => {
          await this.runLookups(read as LiveRead<unknown>, collect, seen, [{ key: "AccessKeyId", value: accessKeyId }], w, () => [], notes);
          return { events: [...events], notes };
        },
        () => ({ events: [...events], notes }),
        `LookupEvents: AccessKeyId=${accessKeyId}`,
      );
    });
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}

/** A window's bounds as ISO text (for answers). */
export const windowText = (w: TimeWindow) => ({ from: isoTime(w.fromMs), to: isoTime(w.toMs) });
