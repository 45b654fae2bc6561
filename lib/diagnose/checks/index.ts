// Every AssumeRole check, in the order ../shared/API.md lists them (and the diagnosis shows them).

import type { CheckId } from "../types";
import { duration } from "./duration";
import { externalId } from "./external-id";
import { identityPolicy } from "./identity-policy";
import { permissionBoundary } from "./permission-boundary";
import { rcp } from "./rcp";
import { roleExists } from "./role-exists";
import { scp } from "./scp";
import { sessionName } from "./session-name";
import { sessionPolicy } from "./session-policy";
import { sessionTags } from "./session-tags";
import { sourceIdentity } from "./source-identity";
import { trustPolicy } from "./trust-policy";
import type { AssumeRoleCheck } from "./types";
import { vpcEndpointPolicy } from "./vpc-endpoint-policy";

export const CHECKS: readonly AssumeRoleCheck[] = [
  roleExists,
  sessionName,
  externalId,
  duration,
  trustPolicy,
  identityPolicy,
  permissionBoundary,
  scp,
  rcp,
  sessionPolicy,
  sessionTags,
  sourceIdentity,
  vpcEndpointPolicy,
];

export const CHECK_BY_ID: ReadonlyMap<CheckId, AssumeRoleCheck> = new Map(CHECKS.map((c) => [c.id, c]));

/**
 * The order fixes are best applied in: first what the caller changes in the request (no one
 * else is needed), then the role's trust policy (the role's owner), then the caller's own
 * policies, then the network and the organization's guard rails (their administrators).
 */
export const FIX_ORDER: readonly CheckId[] = [
  "role-exists",
  "session-name",
  "external-id",
  "duration",
  "trust-policy",
  "session-tags",
  "source-identity",
  "identity-policy",
  "permission-boundary",
  "session-policy",
  "vpc-endpoint-policy",
  "scp",
  "rcp",
];
