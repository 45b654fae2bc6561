// What every AssumeRole check shares: the caller and the role as the model knows them, the
// compiled policy set (with the source VPC endpoint's policy), the request context, and each
// action evaluated twice — with unknown condition keys going against the caller (pessimistic)
// and for it (optimistic) — once per diagnosis. The checks (lib/diagnose/checks/*) only read it.

import type { AccountModel, IamRole, VpcEndpoint } from "@/lib/account/model";
import type { CompiledPolicy } from "@/lib/policy/compile";
import { evaluate, type CompiledPolicySet, type EvaluationResult, type PolicyType, type StatementTrace } from "@/lib/policy/evaluate";
import { explainTrace } from "@/lib/policy/explain";
import { mostDirect, type PrincipalMatchKind, type RequestPrincipal } from "@/lib/policy/principal";
import type { Caller } from "./caller";
import type { BuiltContext } from "./context";
import type { CallerProfile, RoleProfile } from "./profile";
import type { Check, CheckId, CheckStatus, DiagnoseInput, PolicyFinding, PolicyRef } from "./types";

export interface Evaluated {
  action: string;
  pess: EvaluationResult;
  opt: EvaluationResult;
}

/** What is known before the role is looked up (enough for the parameter checks). */
export interface BaseSetup {
  model: AccountModel;
  input: DiagnoseInput;
  lean: boolean;
  caller: Caller;
  principal: RequestPrincipal;
  profile: CallerProfile;
  /** an AWS service principal (no identity side at all) */
  isService: boolean;
  /** the caller is a role session: this is role chaining */
  isSession: boolean;
  /** the requested DurationSeconds (3600 when not given) */
  duration: number;
  roleArn: string;
  roleAccount?: string;
  /** the source VPC endpoint, when the request names one the model knows */
  endpoint?: VpcEndpoint;
}

/** Everything the policy checks need; only built when the role is in the model. */
export interface RoleSetup extends BaseSetup {
  role: IamRole;
  roleProfile: RoleProfile;
  policies: CompiledPolicySet;
  built: BuiltContext;
  crossAccount: boolean;
  /** sts:AssumeRole, evaluated both ways */
  assume: Evaluated;
  /** another action (sts:TagSession, sts:SetSourceIdentity), evaluated once per diagnosis */
  evaluate(action: string): Evaluated;
  /** every action evaluated so far, sts:AssumeRole first (the predicted error reads them) */
  evaluated: Evaluated[];
}

export function evaluateBothWays(s: Pick<RoleSetup, "principal" | "role" | "built" | "policies">, action: string): Evaluated {
  const req = { principal: s.principal, action, resource: s.role.arn, resourceAccount: s.role.account, context: s.built.context };
  const pess = evaluate(req, s.policies, { unknownKeys: s.built.unknownKeys, assume: "pessimistic" });
  const opt = pess.assumedKeys.length > 0 ? evaluate(req, s.policies, { unknownKeys: s.built.unknownKeys, assume: "optimistic" }) : pess;
  return { action, pess, opt };
}

// ---- reading an evaluation ----------------------------------------------------------------------

/** fail when blocked even with every unknown going the caller's way; unknown when only the other way. */
export function statusOf(e: Evaluated, type: PolicyType): CheckStatus {
  if (e.opt.blockedBy.includes(type)) return "fail";
  if (e.pess.blockedBy.includes(type)) return "unknown";
  return "pass";
}

export function tracesOf(e: Evaluated, type: PolicyType): StatementTrace[] {
  const r = e.opt.blockedBy.includes(type) || !e.pess.blockedBy.includes(type) ? e.opt : e.pess;
  return r.traces.filter((t) => t.type === type);
}

/** The traces a check shows; none in lean mode, which shows nothing (who-can-assume matrices). */
export function shownTraces(s: { lean: boolean }, e: Evaluated, type: PolicyType): StatementTrace[] | undefined {
  return s.lean ? undefined : tracesOf(e, type);
}

export function unknownKeysOf(e: Evaluated, type: PolicyType): string[] {
  return [...new Set(e.pess.traces.filter((t) => t.type === type).flatMap((t) => t.assumedKeys ?? []))];
}

export function whyUnknown(s: RoleSetup, keys: string[]): string {
  return keys.map((k) => s.built.why.get(k.toLowerCase()) ?? `${k} is not known`).join("; ");
}

/** A statement of this type applies with this effect (in one of the two evaluations). */
export function applies(r: EvaluationResult, type: PolicyType, effect: "Allow" | "Deny"): boolean {
  return r.traces.some((t) => t.type === type && t.applies && t.stmt.statement.effect === effect);
}

// ---- the trust grant, and what else must allow -----------------------------------------------

/**
 * How the trust policy names the caller for this action once its conditions are met: the most
 * direct principal match of an Allow statement that names the caller and covers the action, even
 * if a condition of that statement fails. Undefined when no statement names the caller at all.
 * This is what decides whether the identity policies, the boundary and the session policy must
 * also allow (rules reference §1C, §1D), so that each of those checks is judged on its own
 * whatever the trust policy's own verdict.
 */
export function trustGrant(e: Evaluated): PrincipalMatchKind | undefined {
  let best: PrincipalMatchKind | undefined;
  for (const t of e.opt.traces) {
    if (t.type !== "resource" || t.stmt.statement.effect !== "Allow" || !t.principalMatch) continue;
    if (!t.applies && t.failed !== "condition") continue;
    best = mostDirect(best, t.principalMatch);
  }
  return best;
}

/** A role session assuming its own role (R1.15): the role ARN in the trust does not grant directly. */
export function selfAssume(s: RoleSetup): boolean {
  const p = s.principal;
  if (p.type !== "assumed-role" && p.type !== "role") return false;
  const name = p.type === "assumed-role" ? p.roleName : p.name;
  return !s.crossAccount && name.toLowerCase() === s.role.name.toLowerCase();
}

/**
 * Whether the caller's identity policies must allow the action (rules reference §1C): always
 * across accounts; in the same account unless the trust policy names the caller by its own ARN
 * (user, role — not for self-assumption —, session, "*").
 */
export function identityMustAllow(s: RoleSetup, grant: PrincipalMatchKind | undefined): boolean {
  if (s.isService) return false;
  if (s.crossAccount) return true;
  if (grant === undefined || grant === "account") return true;
  return grant === "role" && selfAssume(s);
}

/** Whether the caller's permissions boundary limits the action (§1D; §10-Q2 for user grants: not limited). */
export function boundaryLimits(s: RoleSetup, grant: PrincipalMatchKind | undefined): boolean {
  return identityMustAllow(s, grant) || grant === "role";
}

/** In words: how the trust policy names the caller. */
export function grantText(grant: PrincipalMatchKind | undefined): string {
  switch (grant) {
    case "account":
      return "names the caller's account";
    case "user":
      return "names the caller's IAM user";
    case "role":
      return "names the caller's role";
    case "session":
      return "names the caller's exact session";
    case "wildcard":
      return 'admits everyone ("*")';
    case "service":
      return "names the calling AWS service";
    default:
      return "allows the caller";
  }
}

// ---- building a check ---------------------------------------------------------------------------

export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
  /** the statements behind the answer: shown, and their policies' validation errors surfaced */
  traces?: StatementTrace[];
  unknownKeys?: string[];
  failingPolicyTypes?: PolicyType[];
}

function refs(traces: StatementTrace[]): PolicyRef[] {
  const byPolicy = new Map<CompiledPolicy, PolicyRef>();
  for (const t of traces) {
    let ref = byPolicy.get(t.policy);
    if (!ref) {
      ref = { label: t.policy.label, name: t.policy.name ?? t.policy.label, document: t.policy.document.raw, decisive: [] };
      byPolicy.set(t.policy, ref);
    }
    if (t.decisive) ref.decisive.push(t.stmt.statement.index);
  }
  return [...byPolicy.values()];
}

/**
 * The policies a check used that IAM would not even accept: their validation findings of severity
 * error (lib/policy/findings.ts). Such a document cannot be what AWS holds, so the user should know
 * the answer rests on a draft.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-validation.html
 */
export function policyErrors(policies: Iterable<CompiledPolicy>): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  for (const p of policies) for (const f of p.findings) if (f.severity === "error") out.push({ ...f, policy: p.name ?? p.label });
  return out;
}

export function makeCheck(id: CheckId, title: string, o: CheckOutcome, lean: boolean): Check {
  const c: Check = { id, status: o.status, title, detail: o.detail, statements: [] };
  if (o.unknownKeys?.length) c.unknownKeys = o.unknownKeys;
  if (o.failingPolicyTypes) c.failingPolicyTypes = o.failingPolicyTypes;
  if (o.traces && !lean) {
    c.statements = o.traces.map(explainTrace);
    c.policies = refs(o.traces);
    const findings = policyErrors(new Set(o.traces.map((t) => t.policy)));
    if (findings.length) {
      c.findings = findings;
      const names = [...new Set(findings.map((f) => f.policy))];
      c.detail += ` Note: IAM would not accept ${names.join(" or ")} as written (${findings.map((f) => f.message).join("; ")}), so AWS cannot hold ${names.length === 1 ? "this document" : "these documents"}: the answer is for the draft.`;
    }
  }
  return c;
}
