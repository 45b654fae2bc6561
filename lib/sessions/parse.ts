// One CloudTrail record → the facts RoleCall needs from it (assume-role-rules.md §7, R7.1–R7.5):
// an AssumeRole* call (who asked for which role, what STS answered), or an "activity" event signed
// with a session's temporary key. Records come from trail log files, lookup-events output, the
// LookupEvents API, Athena or CloudTrail Lake rows; all are shaped here as the trail writes them.

import { parseArn } from "@/lib/policy/arn";

export type Json = Record<string, unknown>;
/** A CloudTrail event as the trail writes it (loosely typed: fields vary by service and version). */
export type CloudTrailRecord = Json;

export const ASSUME_ROLE_EVENT_NAMES = ["AssumeRole", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"] as const;
export type AssumeRoleEventName = (typeof ASSUME_ROLE_EVENT_NAMES)[number];

export const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** One AssumeRole, AssumeRoleWithWebIdentity or AssumeRoleWithSAML record, as logged in one account. */
export interface AssumeRoleCall {
  eventId: string;
  /** the same assumption logged in the caller's and the role owner's account (R7.2) */
  sharedEventId: string | null;
  eventName: AssumeRoleEventName;
  /** ISO 8601, seconds precision, UTC */
  eventTime: string;
  eventMs: number;
  roleArn: string | null;
  roleSessionName: string | null;
  assumedRoleArn: string | null;
  /** userIdentity.type: IAMUser, AssumedRole, AWSService, AWSAccount (the role owner's copy), WebIdentityUser, SAMLUser, Root… */
  callerType: string | null;
  /** API.md: userIdentity.arn, the service name for AWS-service callers, else the principal ID */
  caller: string;
  callerAccount: string | null;
  /** the key that signed the call: a session's key when the caller is itself a session (a chain) */
  callerAccessKeyId: string | null;
  /** for a session caller: the role it is a session of (sessionContext.sessionIssuer.arn, with path) */
  callerRoleArn: string | null;
  /** the role owner's copy carries only the caller's account and principal ID */
  ownerCopy: boolean;
  sourceIp: string | null;
  userAgent: string | null;
  region: string | null;
  recipientAccountId: string | null;
  /** ISO 8601, parsed from either ISO or the "Nov 16, 2026, 1:12:04 PM" form CloudTrail logs */
  expiration: string | null;
  /** the requested duration; else expiration − eventTime when both are known */
  durationSeconds: number | null;
  accessKeyId: string | null;
  sourceIdentity: string | null;
  sessionTags: Record<string, string> | null;
  transitiveTagKeys: string[] | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** the external ID the call sent (requestParameters.externalId), when it sent one */
  externalId?: string;
  /** whether the call was MFA-authenticated: an MFA device passed (serialNumber), or the calling session's own MFA; undefined when not known */
  mfa?: boolean;
  /** the VPC endpoint the call came through (vpcEndpointId), when it did */
  vpcEndpointId?: string;
}

export function isAssumeRoleName(name: unknown): name is AssumeRoleEventName {
  return name === "AssumeRole" || name === "AssumeRoleWithWebIdentity" || name === "AssumeRoleWithSAML";
}

/** True for an STS AssumeRole* record (and not, say, an IAM event that happens to share a name). */
export function isAssumeRoleRecord(r: CloudTrailRecord): boolean {
  return isAssumeRoleName(r.eventName) && (r.eventSource === undefined || r.eventSource === "sts.amazonaws.com");
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
// CloudTrail logs credentials.expiration in the console's locale form, in UTC.
const LOGGED_DATE = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s?(AM|PM)$/;

/** Milliseconds since the epoch of an ISO 8601 time, a "Nov 16, 2026, 1:12:04 PM" (UTC) time, epoch seconds or a Date. */
export function parseTime(v: unknown): number | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.getTime();
  if (typeof v === "number") return Number.isFinite(v) ? (v < 1e11 ? v * 1000 : v) : null;
  if (typeof v !== "string" || v === "") return null;
  const m = LOGGED_DATE.exec(v.trim());
  if (m) {
    const month = MONTHS[m[1]!];
    if (month === undefined) return null;
    let hour = Number(m[4]) % 12;
    if (m[7] === "PM") hour += 12;
    return Date.UTC(Number(m[3]), month, Number(m[2]), hour, Number(m[5]), Number(m[6]));
  }
  // CloudTrail Lake and Athena print "2026-11-16 06:02:11.000" (UTC, no zone)
  const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(v) && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? `${v.replace(" ", "T")}Z` : v;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** `2026-11-16T06:02:11Z`: the form the trail writes eventTime in (milliseconds only when not zero). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ISO_ZERO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;

/**
 * eventTime in the trail's form (`2026-11-16T06:02:11Z`). It runs once per event read, so the
 * forms seen in practice are recognised by shape, without a Date: the trail's own (kept as is) and
 * an ISO time with zero milliseconds (LookupEvents through the SDK, Athena) — anything else goes
 * through parseTime.
 */
export function normalizeTime(v: unknown): string | null {
  if (typeof v === "string") {
    if (v.length === 20 && v.charCodeAt(10) === 84 /* T */ && ISO_SECONDS.test(v)) return v;
    if (v.length === 24 && v.charCodeAt(19) === 46 /* . */ && ISO_ZERO_MS.test(v)) return `${v.slice(0, 19)}Z`;
  }
  const ms = parseTime(v);
  return ms === null ? null : isoTime(ms);
}

/** S3 data events log the user agent in brackets: `[Boto3/1.40 …]`. */
export function cleanUserAgent(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  return s.length > 1 && s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1) : s;
}

function accountOfArn(v: string | null): string | null {
  if (!v) return null;
  const a = parseArn(v);
  return a && /^\d{12}$/.test(a.account) ? a.account : null;
}

/**
 * The caller as API.md defines it: `userIdentity.arn`; for AWS-service callers the service name
 * (`invokedBy`); else the principal ID (a web-identity user has no ARN; the role owner's copy of a
 * cross-account call has only `AWSAccount` + principal ID).
 */
export function callerOf(ui: Json): string {
  const type = str(ui.type);
  const invokedBy = str(ui.invokedBy);
  if (type === "AWSService" && invokedBy) return invokedBy;
  return str(ui.arn) ?? invokedBy ?? str(ui.principalId) ?? str(ui.accountId) ?? "unknown";
}

function tagsOf(v: unknown): Record<string, string> | null {
  if (!Array.isArray(v)) return null;
  const out: Record<string, string> = {};
  for (const t of v) {
    if (!isObj(t)) continue;
    const k = str(t.key) ?? str(t.Key);
    const val = t.value ?? t.Value;
    if (k) out[k] = typeof val === "string" ? val : String(val ?? "");
  }
  return Object.keys(out).length ? out : null;
}

function roleFromResources(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  for (const r of v) if (isObj(r) && (r.type === "AWS::IAM::Role" || r.ResourceType === "AWS::IAM::Role")) return str(r.ARN) ?? str(r.ResourceName);
  return null;
}

/** An AssumeRole* record → an AssumeRoleCall; null for anything else or a record without an event time. */
export function parseAssumeRole(r: CloudTrailRecord): AssumeRoleCall | null {
  if (!isAssumeRoleRecord(r)) return null;
  const eventMs = parseTime(r.eventTime);
  if (eventMs === null) return null;
  const ui = isObj(r.userIdentity) ? r.userIdentity : {};
  const req = isObj(r.requestParameters) ? r.requestParameters : {};
  const resp = isObj(r.responseElements) ? r.responseElements : {};
  const creds = isObj(resp.credentials) ? resp.credentials : {};
  const assumed = isObj(resp.assumedRoleUser) ? resp.assumedRoleUser : {};
  const sessionContext = isObj(ui.sessionContext) ? ui.sessionContext : {};
  const issuer = isObj(sessionContext.sessionIssuer) ? sessionContext.sessionIssuer : {};

  const callerType = str(ui.type);
  const caller = callerOf(ui);
  const assumedRoleArn = str(assumed.arn);
  const expirationMs = parseTime(creds.expiration);
  const requested = typeof req.durationSeconds === "number" ? req.durationSeconds : typeof req.durationSeconds === "string" && /^\d+$/.test(req.durationSeconds) ? Number(req.durationSeconds) : null;
  const errorCode = str(r.errorCode);
  // SAML (and some web identity) requests carry no roleSessionName: STS names the session from the assertion.
  const sessionName = str(req.roleSessionName) ?? (assumedRoleArn ? assumedRoleArn.slice(assumedRoleArn.lastIndexOf("/") + 1) : null);

  return {
    eventId: str(r.eventID) ?? str(r.eventId) ?? `${str(r.requestID) ?? "?"}@${eventMs}`,
    sharedEventId: str(r.sharedEventID),
    eventName: r.eventName as AssumeRoleEventName,
    eventTime: isoTime(eventMs),
    eventMs,
    roleArn: str(req.roleArn) ?? roleFromResources(r.resources),
    roleSessionName: sessionName,
    assumedRoleArn,
    callerType,
    caller,
    callerAccount: callerType === "AWSService" ? null : (str(ui.accountId) ?? accountOfArn(str(ui.arn)) ?? accountOfArn(str(ui.principalId)) ?? accountOfArn(str(ui.identityProvider))),
    callerAccessKeyId: str(ui.accessKeyId),
    callerRoleArn: callerType === "AssumedRole" ? str(issuer.arn) : null,
    ownerCopy: callerType === "AWSAccount",
    sourceIp: str(r.sourceIPAddress),
    userAgent: cleanUserAgent(r.userAgent),
    region: str(r.awsRegion),
    recipientAccountId: str(r.recipientAccountId),
    expiration: expirationMs === null ? null : isoTime(expirationMs),
    durationSeconds: requested ?? (expirationMs !== null && !errorCode ? Math.round((expirationMs - eventMs) / 1000) : null),
    accessKeyId: str(creds.accessKeyId),
    sourceIdentity: str(req.sourceIdentity) ?? str(resp.sourceIdentity),
    sessionTags: tagsOf(req.tags),
    transitiveTagKeys: Array.isArray(req.transitiveTagKeys) ? req.transitiveTagKeys.filter((k): k is string => typeof k === "string") : null,
    errorCode,
    errorMessage: str(r.errorMessage),
    // what the diagnosis of a failed attempt needs to ask what STS was asked
    externalId: str(req.externalId) ?? undefined,
    mfa: mfaOf(req, callerType, sessionContext),
    vpcEndpointId: str(r.vpcEndpointId) ?? undefined,
  };
}

/**
 * Passing SerialNumber and TokenCode makes aws:MultiFactorAuthPresent true (R3.9); without them an
 * IAM user's long-term keys carry no MFA, and a session carries its own sign-in's
 * (userIdentity.sessionContext.attributes.mfaAuthenticated).
 */
function mfaOf(req: Json, callerType: string | null, sessionContext: Json): boolean | undefined {
  if (str(req.serialNumber)) return true;
  if (callerType === "IAMUser") return false;
  const attributes = isObj(sessionContext.attributes) ? sessionContext.attributes : {};
  const v = attributes.mfaAuthenticated;
  return v === "true" || v === true ? true : v === "false" || v === false ? false : undefined;
}

/** One entry of `lookup-events` output or of the LookupEvents API: the record is the `CloudTrailEvent` JSON string. */
export function recordOfLookupEvent(e: unknown): CloudTrailRecord | null {
  if (!isObj(e)) return null;
  const text = e.CloudTrailEvent;
  if (typeof text === "string") {
    try {
      const r: unknown = JSON.parse(text);
      return isObj(r) ? r : null;
    } catch {
      return null;
    }
  }
  return isObj(text) ? text : null;
}

/**
 * A copy of the record safe to return: session tokens (responseElements.credentials.sessionToken)
 * removed. A secret key is never logged by CloudTrail, but is dropped too should one appear.
 */
export function redactRecord(r: CloudTrailRecord): CloudTrailRecord {
  const resp = r.responseElements;
  if (!isObj(resp) || !isObj(resp.credentials)) return r;
  const credentials: Json = { ...resp.credentials };
  delete credentials.sessionToken;
  delete credentials.secretAccessKey;
  return { ...r, responseElements: { ...resp, credentials } };
}

export const SESSION_KEY = /^ASIA[A-Z0-9]{12,124}$/;
