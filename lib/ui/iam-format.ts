// Small formatting helpers for IAM things on the pages: names from ARNs, links to a role or a
// principal, durations and dates as people read them, and check ids as words.

import type { CheckId } from "@/lib/diagnose/types";

/** The part of an ARN a person calls it by: "orders-api-task", "bob", "orders-api-task/4c1f…" for a session. */
export function arnName(arn: string): string {
  const m = /^arn:[^:]+:(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) return arn;
  const resource = m[3]!;
  if (resource === "root") return `account ${m[2]} (root)`;
  const [type, ...rest] = resource.split("/");
  if (type === "assumed-role") return rest.join("/");
  if (type === "federated-user") return rest.join("/");
  return rest.length ? rest[rest.length - 1]! : resource;
}

/** The path of a user or role ARN ("/ecs/"), "/" when it has none. */
export function arnPath(arn: string): string {
  const m = /^arn:[^:]+:iam::\d{12}:(?:role|user)(\/.*\/)[^/]+$/.exec(arn);
  return m ? m[1]! : "/";
}

export function arnAccount(arn: string): string | null {
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] ?? null;
}

export function roleHref(arn: string): string {
  return `/roles/${encodeURIComponent(arn)}`;
}

export function principalHref(arn: string): string {
  return `/principals/${encodeURIComponent(arn)}`;
}

/** A path segment back to the ARN or name it encodes; the raw text when it is not valid encoding. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** 3600 → "1 hour", 5400 → "1 h 30 min", 900 → "15 minutes". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (s) return `${seconds} seconds`;
  if (h && m) return `${h} h ${m} min`;
  if (h) return `${h} hour${h === 1 ? "" : "s"}`;
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** "2026-11-19" from an ISO timestamp; the text itself when it is not a date. */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

/** "today", "yesterday", "5 days ago", "3 months ago", "2 years ago"; "" for an invalid date. */
export function relativeDay(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const days = Math.floor((now.getTime() - d.getTime()) / 86_400_000);
  if (days < 0) return "in the future";
  if (days === 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 45) return `${days} days ago`;
  const months = Math.round(days / 30.44);
  if (months < 18) return `${months} months ago`;
  return `${Math.round(days / 365.25)} years ago`;
}

/** The check a blockedBy entry names, as words. */
export const CHECK_LABEL: Record<CheckId, string> = {
  "role-exists": "role exists",
  "session-name": "session name",
  "external-id": "external ID",
  duration: "session duration",
  "trust-policy": "trust policy",
  "identity-policy": "identity policy",
  "permission-boundary": "permissions boundary",
  scp: "SCP",
  rcp: "RCP",
  "session-policy": "session policy",
  "session-tags": "session tags",
  "source-identity": "source identity",
  "vpc-endpoint-policy": "VPC endpoint policy",
};

export function checkLabel(id: string): string {
  return (CHECK_LABEL as Record<string, string>)[id] ?? id;
}
