// The shapes of a diagnosis (../shared/API.md, "POST /api/diagnose").

import type { RoleWarning } from "@/lib/account/role-view";
import type { PolicyType } from "@/lib/policy/evaluate";
import type { StatementExplanation } from "@/lib/policy/explain";
import type { Finding } from "@/lib/policy/findings";
import type { AccessPath } from "@/lib/paths/types";

export const CHECK_IDS = [
  "role-exists",
  "session-name",
  "external-id",
  "duration",
  "trust-policy",
  "identity-policy",
  "permission-boundary",
  "scp",
  "rcp",
  "session-policy",
  "session-tags",
  "source-identity",
  "vpc-endpoint-policy",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type CheckStatus = "pass" | "fail" | "unknown" | "not-applicable";

export interface PolicyRef {
  /** where it sits, e.g. "trust policy", "identity[2]" */
  label: string;
  /** a name a person knows: the policy ARN, or "inline policy X of group Y" */
  name: string;
  document: unknown;
  /** indexes of the statements that decided this check, for highlighting */
  decisive: number[];
}

/** A policy a check used that IAM would not even accept (a finding of severity error). */
export interface PolicyFinding extends Finding {
  /** the policy's name as a person knows it (its ARN, "trust policy of X", …) */
  policy: string;
}

export interface Check {
  id: CheckId;
  status: CheckStatus;
  title: string;
  detail: string;
  statements: StatementExplanation[];
  /** the policies behind this check, with the deciding statements marked */
  policies?: PolicyRef[];
  /** condition keys this check depends on and the request did not give */
  unknownKeys?: string[];
  /** for session-tags / source-identity: the policy types that do not allow the extra action */
  failingPolicyTypes?: PolicyType[];
  /** the policies this check used that IAM would refuse to store (validation errors) */
  findings?: PolicyFinding[];
}

export interface DiagnoseInput {
  principal?: string;
  role: string;
  durationSeconds?: number;
  roleSessionName?: string;
  externalId?: string;
  sourceIdentity?: string;
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  mfa?: boolean;
  sourceIp?: string;
  /** the VPC endpoint (vpce-…) through which the caller reaches STS */
  sourceVpce?: string;
  context?: Record<string, string | number | boolean | Array<string | number | boolean>>;
}

/** A change that makes a failing check pass, in a form code can apply (tests do). */
export type FixPatch =
  | { kind: "trust-policy"; roleArn: string; document: Record<string, unknown> }
  | { kind: "inline-policy"; principalArn: string; entity: "user" | "role"; name: string; policyName: string; document: Record<string, unknown> }
  | { kind: "managed-policy"; policyArn: string; document: Record<string, unknown> }
  | { kind: "max-session-duration"; roleArn: string; maxSessionDuration: number }
  | { kind: "tag-principal"; principalArn: string; entity: "user" | "role"; name: string; key: string; value: string }
  /** replace the document at an organization level (the Organization file's layout) */
  | { kind: "org-policy"; type: "scps" | "rcps"; account: string; level: number; index: number; document: Record<string, unknown> }
  | { kind: "endpoint-policy"; endpointId: string; document: Record<string, unknown> }
  | { kind: "request"; change: Partial<DiagnoseInput> };

export interface Fix {
  target: CheckId;
  /** other failing checks the same change also makes pass (a trust condition on a parameter) */
  covers?: CheckId[];
  title: string;
  explanation: string;
  /** the statement to add (or the narrowed Deny), as JSON */
  statement?: Record<string, unknown>;
  cli?: string;
  terraform?: string;
  cloudformation?: string;
  /** a page of RoleCall that helps, e.g. the simulate page */
  link?: string;
  /** for the simulate link: base roles the caller may assume, each with its own link */
  baseRoles?: { arn: string; name: string; verdict: "allowed" | "unknown"; link: string }[];
  /** the change as data; all of them together make the check pass */
  patches?: FixPatch[];
}

export interface DiagnoseResult {
  verdict: "allowed" | "denied" | "unknown";
  checks: Check[];
  blockedBy: CheckId[];
  /** the message STS would return, when denied */
  error: string | null;
  /** the error code STS would return: AccessDenied, ValidationError */
  errorCode: string | null;
  fixes: Fix[];
  /** the caller and role as resolved */
  principal: string;
  role: string;
  notes: string[];
  /** what the role page warns of about this role (an EC2 role without an instance profile, trust to "*"…) */
  warnings: RoleWarning[];
  /** when not allowed: the caller's routes through other roles, shortest first (lib/api/diagnose.ts adds them) */
  alternatives?: AccessPath[];
}
