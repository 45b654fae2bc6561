// Records → role sessions (API.md, GET /api/sessions). Every AssumeRole* call is one session; the
// copies of a cross-account call (one per account, joined by sharedEventID, R7.2) are one session
// whose caller comes from the caller's copy; a failed call is a session with outcome "failure".
// A session's activity is every event signed with its key (R7.4), summarised as it streams past so
// that memory grows with the number of keys, never with the number of events. Sessions whose caller
// is itself a session form chains; sessions started by ECS, EC2, Lambda, an OIDC or SAML provider,
// or from another account are labelled.

import { parseArn } from "@/lib/policy/arn";
import { isAssumeRoleName, isObj, normalizeTime, parseAssumeRole, type AssumeRoleCall, type CloudTrailRecord } from "./parse";

export type SessionLabel = "ECS task" | "EC2 instance" | "Lambda" | "AWS service" | "web identity" | "SAML" | "cross-account";

export interface ActivityTop {
  eventName: string;
  eventSource: string;
  count: number;
}

export interface SessionActivity {
  count: number;
  first: string | null;
  last: string | null;
  /** the most frequent calls, most first (at most 5) */
  top: ActivityTop[];
  /** calls that failed (errorCode set) */
  errors: number;
  /** true while a live read of the activity is still under way (the numbers are a lower bound) */
  partial: boolean;
}

export interface SessionRef {
  accessKeyId: string | null;
  roleArn: string | null;
  roleSessionName: string | null;
  /** the AssumeRole* time; null when that call is not in the events read */
  eventTime: string | null;
  outcome: "success" | "failure" | null;
}

export interface SessionChain {
  /** the session whose key signed this AssumeRole (role chaining); null when the caller is not a session */
  parent: SessionRef | null;
  /** the assumptions this session's key made, oldest first */
  children: SessionRef[];
}

/** One role session: the API.md fields first, then RoleCall's own. */
export interface RoleSession {
  roleSessionName: string | null;
  roleArn: string | null;
  assumedRoleArn: string | null;
  caller: string;
  callerAccount: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  eventTime: string;
  expiration: string | null;
  durationSeconds: number | null;
  accessKeyId: string | null;
  sourceIdentity: string | null;
  region: string | null;
  outcome: "success" | "failure";
  errorCode: string | null;
  errorMessage: string | null;
  eventId: string;
  activity: SessionActivity | null;
  // ---- beyond API.md
  eventName: AssumeRoleCall["eventName"];
  roleAccount: string | null;
  callerType: string | null;
  sessionTags: Record<string, string> | null;
  transitiveTagKeys: string[] | null;
  label: SessionLabel | null;
  chain: SessionChain;
  sharedEventId: string | null;
  /** the accounts whose trail logged this assumption (two for a cross-account call when both trails are read) */
  loggedIn: string[];
  /** what the call sent that a diagnosis of it needs (lib/sessions/parse.ts) */
  externalId?: string;
  mfa?: boolean;
  vpcEndpointId?: string;
}

interface ActivityAcc {
  count: number;
  errors: number;
  first: string;
  last: string;
  /** eventSource → eventName → count (two levels: no string is built per event) */
  calls: Map<string, Map<string, number>>;
  /** indices (as given to `add`) of the sources that hold this key's events, for re-reading them */
  sources: number[];
}

/** The optional request facts, from the caller's copy first (the owner's copy may lack them). */
function optional(primary: AssumeRoleCall, copies: AssumeRoleCall[]): Pick<RoleSession, "externalId" | "mfa" | "vpcEndpointId"> {
  const out: Pick<RoleSession, "externalId" | "mfa" | "vpcEndpointId"> = {};
  for (const k of ["externalId", "mfa", "vpcEndpointId"] as const) {
    const v = primary[k] ?? copies.find((c) => c[k] !== undefined)?.[k];
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

const SERVICE_LABELS: Record<string, SessionLabel> = {
  "ecs-tasks.amazonaws.com": "ECS task",
  "ec2.amazonaws.com": "EC2 instance",
  "lambda.amazonaws.com": "Lambda",
  "edgelambda.amazonaws.com": "Lambda",
};

function labelOf(call: AssumeRoleCall, roleAccount: string | null): SessionLabel | null {
  if (call.callerType === "AWSService") return SERVICE_LABELS[call.caller] ?? "AWS service";
  if (SERVICE_LABELS[call.caller]) return SERVICE_LABELS[call.caller]!;
  if (call.eventName === "AssumeRoleWithWebIdentity") return "web identity";
  if (call.eventName === "AssumeRoleWithSAML") return "SAML";
  if (call.callerAccount && roleAccount && call.callerAccount !== roleAccount) return "cross-account";
  return null;
}

function addSource(sources: number[], source: number): void {
  if (source >= 0 && sources[sources.length - 1] !== source && !sources.includes(source)) sources.push(source);
}

const nameOr = (v: unknown): string => (typeof v === "string" && v !== "" ? v : "?");

const accountOf = (arn: string | null): string | null => (arn ? (parseArn(arn)?.account ?? null) || null : null);

export interface SessionIndex {
  /** newest first */
  sessions: RoleSession[];
  byKey: Map<string, RoleSession>;
  /** for each session key, the indices of the sources that hold its events */
  sourcesOf(accessKeyId: string): number[];
  /** records read, in total */
  records: number;
}

/**
 * Collects records one at a time. `build()` may be called at any time (a live read shows what it
 * has so far) and again later.
 */
export class SessionIndexBuilder {
  /** sharedEventID (or eventID) → the copies of one assumption */
  private readonly calls = new Map<string, AssumeRoleCall[]>();
  private readonly callIds = new Set<string>();
  private readonly activity = new Map<string, ActivityAcc>();
  /**
   * sharedEventIDs of activity already counted: a cross-account call may be logged in both
   * accounts with the signing key in each. Grows with cross-account events only.
   */
  private readonly sharedSeen = new Set<string>();
  records = 0;

  /**
   * @param skip eventIDs not to count again (events of lookup-events files that a trail file may
   *   also hold); AssumeRole* calls are always deduplicated by eventID.
   */
  constructor(private readonly skip?: ReadonlySet<string>) {}

  /** One record; `source` is the index of the file (or page) it came from. Returns true when used. */
  add(r: CloudTrailRecord, source = -1): boolean {
    const ui = r.userIdentity;
    const key = isObj(ui) ? ui.accessKeyId : undefined;
    if (!isAssumeRoleName(r.eventName)) return this.addFields(r.eventID, key, r.eventTime, r.sharedEventID, r.eventSource, r.eventName, r.errorCode, source);
    this.records++;
    if (this.skipped(r.eventID)) return false;
    let used = false;
    const call = parseAssumeRole(r);
    if (call && !this.callIds.has(call.eventId)) {
      this.callIds.add(call.eventId);
      const group = call.sharedEventId ?? call.eventId;
      const list = this.calls.get(group);
      if (list) list.push(call);
      else this.calls.set(group, [call]);
      used = true;
    }
    // an AssumeRole signed with a session's key is also that session's activity
    return this.addSigned(key, r.eventTime, r.sharedEventID, r.eventSource, r.eventName, r.errorCode, source) || used;
  }

  /**
   * A record that is not an AssumeRole* call, given as the fields `add` reads (undefined when
   * absent; reading workers send records so, file-workers.ts). This runs once per event read — a
   * million for a day of a busy trail — so it allocates nothing.
   */
  addFields(eventID: unknown, accessKeyId: unknown, eventTime: unknown, sharedEventID: unknown, eventSource: unknown, eventName: unknown, errorCode: unknown, source = -1): boolean {
    this.records++;
    if (this.skipped(eventID)) return false;
    return this.addSigned(accessKeyId, eventTime, sharedEventID, eventSource, eventName, errorCode, source);
  }

  private skipped(eventID: unknown): boolean {
    return this.skip !== undefined && this.skip.size !== 0 && typeof eventID === "string" && this.skip.has(eventID);
  }

  /** Activity: an event signed with a temporary key (R7.4), counted once per sharedEventID (R7.2). */
  private addSigned(accessKeyId: unknown, eventTime: unknown, sharedEventID: unknown, eventSource: unknown, eventName: unknown, errorCode: unknown, source: number): boolean {
    if (typeof accessKeyId !== "string" || !accessKeyId.startsWith("ASIA")) return false;
    const time = normalizeTime(eventTime);
    if (time === null) return false;
    if (typeof sharedEventID === "string" && sharedEventID !== "") {
      if (this.sharedSeen.has(sharedEventID)) {
        // the other account's copy: not counted again, but its file holds the key's events too
        const acc = this.activity.get(accessKeyId);
        if (acc) addSource(acc.sources, source);
        return false;
      }
      this.sharedSeen.add(sharedEventID);
    }
    this.count(accessKeyId, nameOr(eventSource), nameOr(eventName), time, time, 1, typeof errorCode === "string" && errorCode !== "" ? 1 : 0, source);
    return true;
  }

  /** Activity of `key`: one event, or a summary of several (an Athena/Lake aggregate row: `count` calls of one name). */
  addActivity(key: string, eventSource: string, eventName: string, e: { time: string; lastTime?: string; count?: number; errors?: number; source?: number }): void {
    this.count(key, eventSource, eventName, e.time, e.lastTime ?? e.time, e.count ?? 1, e.errors ?? 0, e.source ?? -1);
  }

  private count(key: string, eventSource: string, eventName: string, first: string, last: string, count: number, errors: number, source: number): void {
    let acc = this.activity.get(key);
    if (acc === undefined) {
      acc = { count: 0, errors: 0, first, last, calls: new Map(), sources: [] };
      this.activity.set(key, acc);
    }
    acc.count += count;
    acc.errors += errors;
    if (first < acc.first) acc.first = first;
    if (last > acc.last) acc.last = last;
    let names = acc.calls.get(eventSource);
    if (names === undefined) {
      names = new Map();
      acc.calls.set(eventSource, names);
    }
    names.set(eventName, (names.get(eventName) ?? 0) + count);
    addSource(acc.sources, source);
  }

  activityOf(key: string, partial = false): SessionActivity {
    const acc = this.activity.get(key);
    if (!acc) return { count: 0, first: null, last: null, top: [], errors: 0, partial };
    const top = [...acc.calls.entries()]
      .flatMap(([eventSource, names]) => [...names.entries()].map(([eventName, count]) => ({ eventSource, eventName, count })))
      .sort((a, b) => b.count - a.count || a.eventName.localeCompare(b.eventName))
      .slice(0, 5);
    return { count: acc.count, first: acc.first, last: acc.last, top, errors: acc.errors, partial };
  }

  /** Every assumption read so far, grouped, with chains, labels and activity. */
  build(options: { activityPartial?: boolean } = {}): SessionIndex {
    const sessions: RoleSession[] = [];
    for (const copies of this.calls.values()) sessions.push(this.merge(copies, options.activityPartial ?? false));
    sessions.sort((a, b) => (a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : a.eventId.localeCompare(b.eventId)));
    const byKey = new Map<string, RoleSession>();
    for (const s of sessions) if (s.accessKeyId) byKey.set(s.accessKeyId, s);
    linkChains(sessions, byKey);
    return {
      sessions,
      byKey,
      sourcesOf: (k) => this.activity.get(k)?.sources ?? [],
      records: this.records,
    };
  }

  private merge(copies: AssumeRoleCall[], activityPartial: boolean): RoleSession {
    // the caller's copy has the full userIdentity; the owner's has only AWSAccount + principal ID
    const primary = copies.find((c) => !c.ownerCopy) ?? copies[0]!;
    const pick = <K extends keyof AssumeRoleCall>(k: K): AssumeRoleCall[K] => {
      if (primary[k] !== null) return primary[k];
      for (const c of copies) if (c[k] !== null) return c[k];
      return primary[k];
    };
    const roleArn = pick("roleArn");
    const roleAccount = accountOf(roleArn);
    const accessKeyId = pick("accessKeyId");
    const failed = copies.every((c) => c.errorCode !== null);
    const loggedIn = [...new Set(copies.map((c) => c.recipientAccountId).filter((a): a is string => a !== null))].sort();
    return {
      roleSessionName: pick("roleSessionName"),
      roleArn,
      assumedRoleArn: pick("assumedRoleArn"),
      caller: primary.caller,
      callerAccount: pick("callerAccount"),
      sourceIp: pick("sourceIp"),
      userAgent: pick("userAgent"),
      eventTime: primary.eventTime,
      expiration: failed ? null : pick("expiration"),
      durationSeconds: pick("durationSeconds"),
      accessKeyId: failed ? null : accessKeyId,
      sourceIdentity: pick("sourceIdentity"),
      region: pick("region"),
      outcome: failed ? "failure" : "success",
      errorCode: failed ? pick("errorCode") : null,
      errorMessage: failed ? pick("errorMessage") : null,
      eventId: primary.eventId,
      activity: failed || !accessKeyId ? null : this.activityOf(accessKeyId, activityPartial),
      eventName: primary.eventName,
      roleAccount,
      callerType: primary.callerType,
      sessionTags: pick("sessionTags"),
      transitiveTagKeys: pick("transitiveTagKeys"),
      label: labelOf(primary, roleAccount),
      chain: {
        parent:
          primary.callerType === "AssumedRole" || primary.caller.includes(":assumed-role/")
            ? { accessKeyId: primary.callerAccessKeyId, roleArn: primary.callerRoleArn ?? roleOfSessionArn(primary.caller), roleSessionName: sessionOfArn(primary.caller), eventTime: null, outcome: null }
            : null,
        children: [],
      },
      sharedEventId: primary.sharedEventId,
      loggedIn,
      ...optional(primary, copies),
    };
  }
}

/** `arn:aws:sts::111111111111:assumed-role/orders-api-task/4c1f…` → `arn:aws:iam::111111111111:role/orders-api-task` (path unknown) */
function roleOfSessionArn(arn: string): string | null {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : null;
}

function sessionOfArn(arn: string): string | null {
  const m = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  return m ? m[1]! : null;
}

const refOf = (s: RoleSession): SessionRef => ({ accessKeyId: s.accessKeyId, roleArn: s.roleArn, roleSessionName: s.roleSessionName, eventTime: s.eventTime, outcome: s.outcome });

/**
 * A session whose caller is a session: its parent is the session with the signing key; when the
 * key is not logged (only the owner's copy was read), the latest session with the caller's ARN
 * that was live at the time.
 */
function linkChains(sessions: RoleSession[], byKey: Map<string, RoleSession>): void {
  const byArn = new Map<string, RoleSession[]>();
  for (const s of sessions) {
    if (!s.assumedRoleArn) continue;
    const list = byArn.get(s.assumedRoleArn);
    if (list) list.push(s);
    else byArn.set(s.assumedRoleArn, [s]);
  }
  // sessions are newest first, so children are pushed newest first; reversed at the end
  for (const s of sessions) {
    const p = s.chain.parent;
    if (!p) continue;
    let parent = p.accessKeyId ? byKey.get(p.accessKeyId) : undefined;
    if (!parent) {
      parent = byArn.get(s.caller)?.find((c) => c.eventTime <= s.eventTime && (!c.expiration || c.expiration > s.eventTime));
    }
    if (!parent) continue;
    s.chain.parent = refOf(parent);
    parent.chain.children.push(refOf(s));
  }
  for (const s of sessions) if (s.chain.children.length > 1) s.chain.children.reverse();
}
