// How a role session and the CloudTrail records of its calls read on the page: times in UTC,
// shortened ARNs, durations, the calls' resources, and the link from a failed attempt to its
// diagnosis. Pure: no React, no fetch.

import type { RoleSession } from "@/lib/sessions/group";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-11-17 10:20:44` (UTC); the text itself when it is not a time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 19).replace("T", " ");
}

/** `Nov 17, 10:20` (UTC): for compact places. */
export function formatShortTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.toISOString().slice(11, 16)}`;
}

/** 3600 → "1 h", 5400 → "1 h 30 min", 900 → "15 min", 45 → "45 s", 21600 → "6 h". */
export function shortDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h && m) return `${h} h ${m} min`;
  if (h) return `${h} h`;
  return `${m} min`;
}

/**
 * How long the credentials lasted: from the AssumeRole call to the expiration STS gave; the
 * requested DurationSeconds when the expiration is not logged. Null for a failed attempt.
 */
export function sessionSeconds(s: Pick<RoleSession, "eventTime" | "expiration" | "durationSeconds" | "outcome">): number | null {
  if (s.outcome === "failure") return null;
  if (s.expiration) {
    const a = Date.parse(s.eventTime);
    const b = Date.parse(s.expiration);
    if (Number.isFinite(a) && Number.isFinite(b) && b > a) return Math.round((b - a) / 1000);
  }
  return s.durationSeconds;
}

export interface RoleParts {
  name: string;
  /** "/ecs/" or "/" */
  path: string;
  account: string | null;
}

/** `arn:aws:iam::111111111111:role/ecs/orders-api-task` → name orders-api-task, path /ecs/, account. */
export function roleParts(roleArn: string | null): RoleParts {
  if (!roleArn) return { name: "(unknown role)", path: "/", account: null };
  const m = /^arn:[^:]+:iam::(\d{12}):role(\/(?:.*\/)?)?([^/]+)$/.exec(roleArn);
  if (!m) return { name: roleArn, path: "/", account: null };
  return { name: m[3]!, path: m[2] ?? "/", account: m[1]! };
}

/**
 * A caller as the table shows it: the ARN without its `arn:aws:iam::<account>:` prefix
 * (`user/bob`, `assumed-role/app-ec2-implicit/i-0a1b…`); service principals and principal IDs as
 * they are.
 */
export function shortCaller(caller: string): string {
  const m = /^arn:[^:]+:(?:iam|sts)::\d{12}:(.+)$/.exec(caller);
  return m ? m[1]! : caller;
}

const IAM_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(?:user|role|assumed-role|federated-user|root)\b/;
const SERVICE = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

/**
 * The caller of a failed attempt as the diagnose page takes it: an IAM or STS ARN, or a service
 * principal. When CloudTrail logged only a principal ID (the role owner's copy of a cross-account
 * call), STS's own message names the caller's ARN ("User: arn:… is not authorized"): that is used.
 * Null when neither says who called.
 */
export function diagnosableCaller(s: Pick<RoleSession, "caller" | "errorMessage">): string | null {
  if (IAM_ARN.test(s.caller) || SERVICE.test(s.caller)) return s.caller;
  const m = /^User: (arn:\S+) is not authorized/.exec(s.errorMessage ?? "");
  return m && IAM_ARN.test(m[1]!) ? m[1]! : null;
}

/** STS's messages for a duration that is too long: the role's MaxSessionDuration, or role chaining's hour. */
export function isDurationError(message: string | null): boolean {
  return !!message && /DurationSeconds exceeds the (?:MaxSessionDuration|1 hour session limit)/i.test(message);
}

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]+)$/i;

/**
 * A link to the diagnosis of a failed attempt: `/?principal=…&role=…` with what the call sent as
 * CloudTrail recorded it — duration, session name, external ID, MFA, source identity, tags, and
 * where it came from (the VPC endpoint, else the source IP) — so that the diagnosis asks what STS
 * was asked. Null when the caller is not known by an ARN or service name.
 */
export function diagnoseHrefFor(
  s: Pick<RoleSession, "caller" | "errorMessage" | "roleArn" | "durationSeconds" | "roleSessionName" | "sourceIdentity" | "sessionTags" | "transitiveTagKeys" | "eventName" | "sourceIp" | "externalId" | "mfa" | "vpcEndpointId">,
): string | null {
  const principal = diagnosableCaller(s);
  // only sts:AssumeRole is diagnosed (web identity and SAML callers have no IAM principal to check)
  if (!principal || !s.roleArn || s.eventName !== "AssumeRole") return null;
  const p = new URLSearchParams({ principal, role: s.roleArn });
  if (s.durationSeconds !== null && s.durationSeconds !== undefined) p.set("durationSeconds", String(s.durationSeconds));
  if (s.roleSessionName) p.set("roleSessionName", s.roleSessionName);
  if (s.externalId) p.set("externalId", s.externalId);
  if (s.mfa !== undefined) p.set("mfa", String(s.mfa));
  // through a VPC endpoint sourceIPAddress is the caller's private address: aws:VpcSourceIp, not aws:SourceIp
  if (s.vpcEndpointId) p.set("sourceVpce", s.vpcEndpointId);
  // an AWS service caller's "source IP" is the service's name, not an address
  if (s.sourceIp && IP.test(s.sourceIp)) p.set("sourceIp", s.sourceIp);
  if (s.sourceIdentity) p.set("sourceIdentity", s.sourceIdentity);
  for (const [k, v] of Object.entries(s.sessionTags ?? {})) p.append("tag", `${k}=${v}`);
  if (s.transitiveTagKeys?.length) p.set("transitiveTagKeys", s.transitiveTagKeys.join(","));
  return `/?${p}`;
}

// ---------------------------------------------------------------- CloudTrail records

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

export interface CallSummary {
  id: string;
  time: string;
  eventName: string;
  /** `dynamodb.amazonaws.com` */
  eventSource: string;
  /** `dynamodb` */
  service: string;
  region: string | null;
  sourceIp: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** resource ARNs; else the request's names (tableName=orders) */
  resources: string[];
  readOnly: boolean | null;
}

/** Request parameters that name what a call was about, when the record lists no resources. */
const NAMING_KEYS = ["bucketName", "key", "tableName", "queueUrl", "topicArn", "functionName", "roleArn", "roleSessionName", "instanceId", "instancesSet", "userName", "policyArn", "secretId", "name", "logGroupName", "clusterName", "repositoryName"];

function requestNames(params: unknown): string[] {
  if (!isObj(params)) return [];
  const out: string[] = [];
  for (const k of NAMING_KEYS) {
    const v = params[k];
    if (typeof v === "string" && v && v !== "HIDDEN_DUE_TO_SECURITY_REASONS") out.push(`${k}=${v}`);
  }
  return out.slice(0, 3);
}

export function summarizeCall(r: Json, index = 0): CallSummary {
  const eventSource = str(r.eventSource) ?? "";
  const resources = Array.isArray(r.resources)
    ? r.resources.flatMap((x) => {
        const arn = isObj(x) ? str(x.ARN) ?? str(x.arn) : null;
        return arn ? [arn] : [];
      })
    : [];
  const readOnly = typeof r.readOnly === "boolean" ? r.readOnly : r.readOnly === "true" ? true : r.readOnly === "false" ? false : null;
  return {
    id: str(r.eventID) ?? `call-${index}`,
    time: str(r.eventTime) ?? "",
    eventName: str(r.eventName) ?? "(unnamed call)",
    eventSource,
    service: eventSource.replace(/\.amazonaws\.com$/, ""),
    region: str(r.awsRegion),
    sourceIp: str(r.sourceIPAddress),
    errorCode: str(r.errorCode),
    errorMessage: str(r.errorMessage),
    resources: resources.length ? resources : requestNames(r.requestParameters),
    readOnly,
  };
}
