// The shapes of access paths (../shared/API.md, "Access paths (role chaining)").

import type { PrincipalKind } from "@/lib/diagnose/assumers";

export type HopVerdict = "allowed" | "unknown";

/** One sts:AssumeRole call of a path: a full diagnosis of that caller and role. */
export interface PathHop {
  /** the caller: the starting principal, then a session of the previous hop's role */
  from: string;
  role: string;
  verdict: HopVerdict;
  /** condition keys the hop depends on and the request does not give (never guessed) */
  requires: string[];
  /**
   * the longest session this hop can give: the role's MaxSessionDuration from long-term
   * credentials, at most 3600 when the caller is a role session (role chaining); null when not
   * known (MaxSessionDuration not loaded) or set by the service (an AWS service's own sessions)
   */
  maxSessionSeconds: number | null;
  /** what else the hop's unknown verdict rests on, when it is not a condition key */
  missing?: string[];
}

export interface AccessPath {
  hops: PathHop[];
  verdict: HopVerdict;
  /** the final session's limit: the last hop's */
  maxSessionSeconds: number | null;
  /** e.g. that the requested DurationSeconds cannot survive the role chaining of this path */
  notes: string[];
}

export interface PathsResponse {
  direct: "allowed" | "denied" | "unknown";
  paths: AccessPath[];
}

export interface Reacher {
  principal: string;
  kind: Exclude<PrincipalKind, "root">;
  name: string;
  hops: number;
  verdict: HopVerdict;
  path: AccessPath;
}

export interface ReachableRole {
  role: string;
  name: string;
  account: string;
  hops: number;
  verdict: HopVerdict;
  path: AccessPath;
}

/** Session parameters of a request that a path carries forward (lib/paths/carry.ts). */
export interface PathRequest {
  mfa?: boolean;
  sourceIp?: string;
  sourceIdentity?: string;
  externalId?: string;
  roleSessionName?: string;
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  durationSeconds?: number;
  context?: Record<string, string | number | boolean | Array<string | number | boolean>>;
}
