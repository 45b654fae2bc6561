// Turns the engine's traces into sentences a person reads: for each statement, whether it
// applied and, if not, what did not match.

import type { CompiledPolicy } from "./compile";
import type { FindingSeverity } from "./findings";
import type { FixedRule } from "./fixed-rules";
import type { Decision, EvaluationResult, PolicyType, StatementTrace } from "./evaluate";
import { kindLabel } from "./parse";
import type { PrincipalMatchKind } from "./principal";

/** A validation finding of one policy of a request, as /api/evaluate and /api/check report it. */
export interface PolicyFinding {
  /** the policy's label in the request, e.g. `identity[0]`, `resource` */
  policy: string;
  /** the statement's index, null for the document as a whole */
  statement: number | null;
  severity: FindingSeverity;
  code: string;
  message: string;
  /** where in the document, e.g. `Statement[0].Resource` */
  path?: string;
}

/** Every finding of the policies, in the order of the policies. */
export function policyFindings(policies: CompiledPolicy[]): PolicyFinding[] {
  return policies.flatMap((p) =>
    p.findings.map((f) => ({ policy: p.label, statement: f.statement ?? null, severity: f.severity, code: f.code, message: f.message, ...(f.path ? { path: f.path } : {}) })),
  );
}

/** A decision as RoleCall reports it (/api/evaluate, /api/check): the verdict, why, and what a reader should know. */
export interface ExplainedDecision {
  decision: Decision;
  blockedBy: PolicyType[];
  explain: StatementExplanation[];
  /** one sentence for the whole decision */
  summary: string;
  /** what a reader should know: disputed rules applied, deleted principals, ignored policies */
  notes: string[];
  /** condition keys that statements needed and the request did not give */
  missingKeys: string[];
  /** the principal's and resource's accounts differ */
  crossAccount: boolean;
  /** the AWS rule that decided whatever the policies say (R12.1–R12.7), when one did */
  fixedRule?: FixedRule;
  /** why the answer is not known although it is not "allowed" (a KMS key policy not given, R12.1) */
  unknown?: string;
}

export interface StatementExplanation {
  /** the policy's place in the request, e.g. `identity[0]`, `scps[1][0]`, `resource` */
  policy: string;
  policyType: PolicyType;
  /** the policy's name or ARN, when known */
  policyName?: string;
  statement: number;
  sid?: string;
  effect: "Allow" | "Deny";
  applies: boolean;
  /** this statement decided the outcome */
  decisive: boolean;
  reason: string;
  failed?: "action" | "resource" | "principal" | "condition" | "invalid";
  /** condition keys the statement needed and the request did not have */
  missingKeys?: string[];
}

const GRANT_TEXT: Record<PrincipalMatchKind, string> = {
  wildcard: 'names everyone ("*")',
  account: "names the caller's account",
  user: "names the caller's IAM user",
  role: "names the caller's role",
  session: "names the caller's exact session",
  "federated-user": "names the caller's federated-user session",
  service: "names the calling AWS service",
  federated: "names the identity provider",
  canonical: "names the canonical user",
};

function list(vs: string[] | undefined): string {
  if (!vs || vs.length === 0) return "";
  const shown = vs.slice(0, 4).map((v) => `"${v}"`).join(", ");
  return vs.length > 4 ? `${shown} (+${vs.length - 4} more)` : shown;
}

export function describeTrace(t: StatementTrace): string {
  const s = t.stmt.statement;
  switch (t.failed) {
    case "action":
      return s.notAction ? `NotAction ${list(s.notAction)} excludes the action` : `Action ${list(s.action)} does not cover the action`;
    case "resource":
      if (t.missingVariable) return `Resource uses \${${t.missingVariable}}, which the request does not have, so it matches nothing`;
      return s.notResource ? `NotResource ${list(s.notResource)} excludes the resource` : `Resource ${list(s.resource)} does not match the resource`;
    case "principal": {
      const named = [...(s.principal?.AWS ?? []), ...(s.principal?.Service ?? []), ...(s.principal?.Federated ?? []), ...(s.principal?.CanonicalUser ?? [])];
      const notes = t.stmt.principal?.notes.length ? ` (${t.stmt.principal.notes.join("; ")})` : "";
      if (s.notPrincipal) return `NotPrincipal excludes the caller${notes}`;
      return `Principal ${list(named)} does not name the caller${notes}`;
    }
    case "condition":
      return (t.conditionFailures ?? []).map((f) => f.message).join("; ");
    case "invalid":
      return `IAM would refuse this statement (${t.stmt.invalid}): its meaning is not defined, so it grants nothing here`;
    default: {
      const how = t.principalMatch ? ` and ${GRANT_TEXT[t.principalMatch]}` : "";
      const lenient = t.stmt.invalid ? ` (IAM would refuse this statement: ${t.stmt.invalid}; what it leaves undefined is taken as matching, so that it denies at least what it could mean)` : "";
      return `${s.effect === "Deny" ? "Denies" : "Allows"}: action${s.resource || s.notResource ? ", resource" : ""}${s.condition ? ", conditions" : ""} match${how}${lenient}`;
    }
  }
}

export function explainTrace(t: StatementTrace): StatementExplanation {
  const s = t.stmt.statement;
  const missing = t.conditionFailures?.filter((f) => f.reason === "missing-key").map((f) => f.key);
  return {
    policy: t.policy.label,
    policyType: t.type,
    ...(t.policy.name ? { policyName: t.policy.name } : {}),
    statement: s.index,
    ...(s.sid ? { sid: s.sid } : {}),
    effect: s.effect,
    applies: t.applies,
    decisive: t.decisive,
    reason: describeTrace(t),
    ...(t.failed ? { failed: t.failed } : {}),
    ...(missing && missing.length ? { missingKeys: missing } : {}),
  };
}

export function explain(result: EvaluationResult): StatementExplanation[] {
  return result.traces.map(explainTrace);
}

/** One sentence for the whole decision. */
export function summarize(result: EvaluationResult): string {
  const kinds = result.blockedBy.map((t) => TYPE_LABEL[t]);
  switch (result.decision) {
    case "allowed":
      return result.resourceGrant ? `Allowed: the resource policy ${GRANT_TEXT[result.resourceGrant]}${result.crossAccount ? ", and the caller's identity policies allow it" : ""}.` : "Allowed.";
    case "explicitDeny": {
      if (result.fixedRule) return `Refused by a fixed AWS rule (${result.fixedRule.id}): ${result.fixedRule.text}.`;
      // Name the kinds that denied explicitly apart from those that only lack an Allow (issue 16).
      const explicit = result.explicitDenyBy.map((t) => TYPE_LABEL[t]);
      const lacking = result.blockedBy.filter((t) => !result.explicitDenyBy.includes(t)).map((t) => TYPE_LABEL[t]);
      return `Denied by an explicit Deny in ${joinAnd(explicit.length ? explicit : kinds)}${lacking.length ? `; also, no ${joinOr(lacking)} allows it` : ""}.`;
    }
    case "implicitDeny":
      if (result.unknown) return `Not known: ${result.unknown}.`;
      return `Denied: no ${joinOr(kinds)} allows it.`;
  }
}

export const TYPE_LABEL: Record<PolicyType, string> = {
  identity: "identity-based policy",
  resource: "resource-based policy",
  permissionBoundary: "permissions boundary",
  scp: "service control policy",
  rcp: "resource control policy",
  session: "session policy",
  endpoint: "VPC endpoint policy",
};

function joinAnd(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}
export function joinOr(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "policy") : `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}`;
}

export function policyNotes(policies: CompiledPolicy[]): string[] {
  return policies.flatMap((p) => p.notes.map((n) => `${p.label}${p.kind === "trust" ? ` (${kindLabel(p.kind)})` : ""}: ${n}`));
}
