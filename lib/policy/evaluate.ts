// The decision, in AWS's order: explicit deny anywhere; RCPs of the resource's account; SCPs of
// the principal's account; the resource policy (a role's trust policy for sts:AssumeRole) with the
// same- vs cross-account rules; identity policies; permissions boundary; session policy.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// Rules reference: ../shared/reference/assume-role-rules.md §0–§1.

import { parseArn } from "./arn";
import { servicePrefix, statementsCovering, type CompiledPolicy, type CompiledStatement } from "./compile";
import { fixedRuleFor, type FixedRule } from "./fixed-rules";
import { evaluateConditions, type ConditionFailure } from "./conditions/evaluate";
import type { RequestContext } from "./context";
import { matchPrincipal, mostDirect, principalAccount, type PrincipalMatchKind, type RequestPrincipal } from "./principal";

export type PolicyType = "identity" | "resource" | "permissionBoundary" | "scp" | "rcp" | "session" | "endpoint";
export type Decision = "allowed" | "explicitDeny" | "implicitDeny";

/** AWS's evaluation order; blockedBy is listed in it. */
export const POLICY_TYPE_ORDER: PolicyType[] = ["rcp", "scp", "endpoint", "resource", "identity", "permissionBoundary", "session"];

export interface CompiledPolicySet {
  identity: CompiledPolicy[];
  /** a resource-based policy; for sts:AssumeRole* the role's trust policy (kind "trust") */
  resource?: CompiledPolicy;
  permissionBoundary?: CompiledPolicy;
  /** SCP levels of the principal's account, root first; absent: not in an organization */
  scps?: CompiledPolicy[][];
  /** RCP levels of the resource's account; RCPFullAWSAccess is implied at each level */
  rcps?: CompiledPolicy[][];
  session?: CompiledPolicy;
  /**
   * The policy of the VPC endpoint the request goes through; absent means none (no endpoint, or
   * the default "allow everything" policy). An extra boundary: it must allow, and its Deny denies.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_policies.html
   */
  endpoint?: CompiledPolicy;
}

export interface EvaluationRequest {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  /** defaults to the account in `resource`, else the principal's account */
  resourceAccount?: string;
  context: RequestContext;
}

export interface EvaluationOptions {
  /**
   * Rules reference §10-Q2: whether a permissions boundary limits a same-account trust grant to
   * an IAM user ARN. S1/S11 say no (the default); S13 says yes.
   */
  boundaryLimitsUserGrants?: boolean;
  /**
   * Condition keys (lower-cased) whose value is not known — neither given nor derivable. A
   * condition on such a key is decided by `assume`: "optimistic" lets Allows apply and Denies not,
   * "pessimistic" the reverse. Evaluating both ways tells whether the decision depends on them.
   */
  unknownKeys?: ReadonlySet<string>;
  assume?: "optimistic" | "pessimistic";
}

/** `invalid`: an Allow whose meaning is not defined (IAM would refuse it) grants nothing */
export type StatementFailure = "action" | "resource" | "principal" | "condition" | "invalid";

export interface StatementTrace {
  policy: CompiledPolicy;
  type: PolicyType;
  stmt: CompiledStatement;
  applies: boolean;
  failed?: StatementFailure;
  conditionFailures?: ConditionFailure[];
  /** a policy variable in Resource had no value */
  missingVariable?: string;
  principalMatch?: PrincipalMatchKind;
  /** this statement decided the outcome (a matching Deny, or an Allow the decision rests on) */
  decisive: boolean;
  /** unknown condition keys whose outcome was assumed (see EvaluationOptions.unknownKeys) */
  assumedKeys?: string[];
}

export interface EvaluationResult {
  decision: Decision;
  /** every policy type that denied, explicitly or by not allowing */
  blockedBy: PolicyType[];
  /** the policy types with a matching Deny statement */
  explicitDenyBy: PolicyType[];
  traces: StatementTrace[];
  /** how the resource policy named the caller, when it allowed */
  resourceGrant?: PrincipalMatchKind;
  /** the request is cross-account (principal's account ≠ resource's account) */
  crossAccount: boolean;
  notes: string[];
  /** condition keys that a statement needed and the request did not give */
  missingKeys: string[];
  /** unknown condition keys that a statement depended on (their outcome was assumed) */
  assumedKeys: string[];
  /** the AWS rule that decided whatever the policies say (R12.1–R12.7), when one did */
  fixedRule?: FixedRule;
  /**
   * Set when the decision cannot be "allowed" for want of a policy AWS needs and the request did
   * not give (a KMS key's key policy, R12.1): the answer is then unknown, not a denial.
   */
  unknown?: string;
}

const ASSUME_ACTIONS = new Set(["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"]);

export function isAssumeRoleAction(action: string): boolean {
  return ASSUME_ACTIONS.has(action.toLowerCase());
}

/** /^\d{12}$/ without a RegExp: this runs on every evaluation. */
function isAccountId(s: string): boolean {
  if (s.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The account a resource belongs to: explicit, else from its ARN, else the principal's. */
export function resourceAccountOf(req: Pick<EvaluationRequest, "resource" | "resourceAccount" | "principal">): string | undefined {
  if (req.resourceAccount) return req.resourceAccount;
  const arn = parseArn(req.resource);
  if (arn && isAccountId(arn.account)) return arn.account;
  return principalAccount(req.principal);
}

/** A StatementTrace with every field always there (undefined when not): one shape for all. */
class Trace implements StatementTrace {
  applies = false;
  failed: StatementFailure | undefined = undefined;
  conditionFailures: ConditionFailure[] | undefined = undefined;
  missingVariable: string | undefined = undefined;
  principalMatch: PrincipalMatchKind | undefined = undefined;
  decisive = false;
  assumedKeys: string[] | undefined = undefined;
  constructor(
    public policy: CompiledPolicy,
    public type: PolicyType,
    public stmt: CompiledStatement,
  ) {}
}

/** One statement whose Action / NotAction covers the action (statementsCovering chose it). */
function evaluateStatement(policy: CompiledPolicy, type: PolicyType, stmt: CompiledStatement, req: EvaluationRequest, options: EvaluationOptions): StatementTrace {
  const trace = new Trace(policy, type, stmt);
  if (stmt.invalid && !stmt.deny) {
    trace.failed = "invalid";
    return trace;
  }
  if (stmt.resources) {
    let hit = false;
    for (const m of stmt.resources) {
      const r = m(req.resource, req.context);
      if (r === true) {
        hit = true;
        break;
      }
      if (r !== false) trace.missingVariable ??= r.missingKey;
    }
    if (hit === stmt.notResource) {
      trace.failed = "resource";
      return trace;
    }
  }
  if (stmt.principal) {
    const kind = matchPrincipal(stmt.principal, req.principal);
    if (!kind) {
      trace.failed = "principal";
      return trace;
    }
    trace.principalMatch = kind;
  }
  if (stmt.conditions.length > 0) {
    let conditions = stmt.conditions;
    const unknown = options.unknownKeys;
    if (unknown && unknown.size > 0 && conditions.some((c) => unknown.has(c.lowerKey))) {
      conditions = conditions.filter((c) => !unknown.has(c.lowerKey));
      trace.assumedKeys = [...new Set(stmt.conditions.filter((c) => unknown.has(c.lowerKey)).map((c) => c.key))];
      const allow = stmt.statement.effect === "Allow";
      const holds = (options.assume ?? "pessimistic") === "optimistic" ? allow : !allow;
      if (!holds) {
        trace.failed = "condition";
        trace.conditionFailures = trace.assumedKeys.map((key) => ({
          operator: "",
          key,
          policyValues: [],
          requestValues: null,
          reason: "unknown" as const,
          message: `${key} is not known (give it in the request to decide)`,
        }));
        return trace;
      }
    }
    const failures = evaluateConditions(conditions, req.context);
    if (failures.length > 0) {
      trace.failed = "condition";
      trace.conditionFailures = failures;
      return trace;
    }
  }
  trace.applies = true;
  return trace;
}

/** The statements of one policy that were evaluated (the others do not cover the action). */
interface Visited {
  policy: CompiledPolicy;
  type: PolicyType;
  traces: StatementTrace[];
}

/** One evaluation's walk over the policies, and what it gathers on the way (in AWS's order). */
interface Walk {
  req: EvaluationRequest;
  lowerAction: string;
  prefix: string;
  options: EvaluationOptions;
  visited: Visited[];
  /** the traces of the statements that apply */
  applied: StatementTrace[];
  /** condition keys a statement needed and the request did not give, first seen first */
  missingKeys: string[] | undefined;
  /** unknown condition keys whose outcome was assumed, first seen first */
  assumedKeys: string[] | undefined;
  /** how the policy evaluated last named the caller in its applying Allows (the most direct way) */
  allowKind: PrincipalMatchKind | undefined;
  crossAccount: boolean;
  notes: string[];
}

const NO_TRACES: StatementTrace[] = [];

/** Whether an Allow of the policy applies (and how it names the caller: w.allowKind). */
function evaluatePolicy(policy: CompiledPolicy, type: PolicyType, w: Walk): boolean {
  let allows = false;
  let allowKind: PrincipalMatchKind | undefined;
  const candidates = statementsCovering(policy, w.lowerAction, w.prefix);
  const traces: StatementTrace[] = candidates.length === 0 ? NO_TRACES : new Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    const stmt = candidates[i]!;
    const t = evaluateStatement(policy, type, stmt, w.req, w.options);
    traces[i] = t;
    if (!t.applies) {
      if (t.conditionFailures) for (const f of t.conditionFailures) if (f.reason === "missing-key" && !(w.missingKeys ??= []).includes(f.key)) w.missingKeys.push(f.key);
      if (t.assumedKeys) for (const k of t.assumedKeys) if (!(w.assumedKeys ??= []).includes(k)) w.assumedKeys.push(k);
      continue;
    }
    if (t.assumedKeys) for (const k of t.assumedKeys) if (!(w.assumedKeys ??= []).includes(k)) w.assumedKeys.push(k);
    w.applied.push(t);
    if (!stmt.deny) {
      allows = true;
      if (t.principalMatch) allowKind = mostDirect(allowKind, t.principalMatch);
    }
  }
  w.visited.push({ policy, type, traces });
  w.allowKind = allowKind;
  return allows;
}

/**
 * Every statement's trace, in AWS's order: the evaluated ones, and for the statements that do not
 * cover the action (statementsCovering left them out), a trace that says so. Built only when read.
 */
function allTraces(visited: Visited[]): StatementTrace[] {
  const out: StatementTrace[] = [];
  for (const v of visited) {
    if (v.traces.length === v.policy.statements.length) {
      for (const t of v.traces) out.push(t);
      continue;
    }
    let k = 0;
    for (const stmt of v.policy.statements) {
      const t = v.traces[k];
      if (t && t.stmt === stmt) {
        out.push(t);
        k++;
      } else out.push({ policy: v.policy, type: v.type, stmt, applies: false, failed: "action", decisive: false });
    }
  }
  return out;
}

/** A KMS key (not an alias): its key policy must allow, directly or by enabling IAM policies (R12.1). */
const KMS_KEY = /^arn:[^:]+:kms:[^:]*:\d{12}:key\//;

function isServiceLinkedRole(p: RequestPrincipal): boolean {
  if (p.type === "role") return p.path.startsWith("/aws-service-role/");
  if (p.type === "assumed-role") return p.roleName.startsWith("AWSServiceRoleFor");
  return false;
}

// The action of the previous evaluation, lower-cased: requests mostly repeat the action.
let lastAction = "";
let lastLowerAction = "";

function lowerActionOf(action: string): string {
  if (action !== lastAction) {
    lastLowerAction = action.toLowerCase();
    lastAction = action;
  }
  return lastLowerAction;
}

const NO_OPTIONS: EvaluationOptions = {};

export function evaluate(req: EvaluationRequest, policies: CompiledPolicySet, options: EvaluationOptions = NO_OPTIONS): EvaluationResult {
  const lowerAction = lowerActionOf(req.action);
  const prefix = servicePrefix(lowerAction);
  const visited: Visited[] = [];
  const notes: string[] = [];
  const p = req.principal;
  // An anonymous (unsigned) request is like a service's: no identity side, no SCPs or boundary;
  // only a resource-based policy that names everyone can allow it; RCPs apply (R12.7).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
  const anonymous = p.type === "anonymous";
  const isService = p.type === "service" || p.type === "federated" || p.type === "canonical" || anonymous;
  const slr = isServiceLinkedRole(p);
  const principalAcct = principalAccount(p);
  const resourceAcct = resourceAccountOf(req);
  const crossAccount = !isService && principalAcct !== undefined && resourceAcct !== undefined && principalAcct !== resourceAcct;
  const w: Walk = { req, lowerAction, prefix, options, visited, applied: [], missingKeys: undefined, assumedKeys: undefined, allowKind: undefined, crossAccount, notes };

  // --- evaluate every applicable policy once, collecting traces in AWS's order ---
  // RCP levels contribute only their denies (RCPFullAWSAccess is implied), collected from the traces.
  if (!slr && policies.rcps) for (const level of policies.rcps) for (const pol of level) evaluatePolicy(pol, "rcp", w);
  const scpApplies = policies.scps !== undefined && !isService && !slr;
  // every SCP level from the root to the account must allow
  let scpBlocks = false;
  if (scpApplies) {
    for (const level of policies.scps!) {
      let allows = false;
      for (const pol of level) if (evaluatePolicy(pol, "scp", w)) allows = true;
      if (!allows) scpBlocks = true;
    }
  }
  // A VPC endpoint policy applies to every caller that goes through the endpoint, services included.
  // (each is undefined when the policy is absent or does not apply, else whether it allows)
  const endpoint = policies.endpoint ? evaluatePolicy(policies.endpoint, "endpoint", w) : undefined;
  const resource = policies.resource ? evaluatePolicy(policies.resource, "resource", w) : undefined;
  const resourceKind = w.allowKind;
  const identityApplies = !isService;
  let identityAllows = false;
  if (identityApplies) for (const pol of policies.identity) if (evaluatePolicy(pol, "identity", w)) identityAllows = true;
  const boundary = policies.permissionBoundary && identityApplies ? evaluatePolicy(policies.permissionBoundary, "permissionBoundary", w) : undefined;
  const session = policies.session && identityApplies ? evaluatePolicy(policies.session, "session", w) : undefined;

  if (anonymous) {
    if (policies.identity.length > 0 || policies.permissionBoundary || policies.session || policies.scps !== undefined) {
      notes.push("an anonymous (unsigned) request has no identity policies, and SCPs and permissions boundaries do not apply to it: only a resource-based policy that names everyone (\"*\") can allow it" + (policies.rcps ? "; RCPs still apply" : ""));
    }
  } else {
    if (isService && (policies.identity.length > 0 || policies.permissionBoundary || policies.session)) {
      notes.push(`${p.type === "service" ? "an AWS service principal" : "this principal"} has no identity policies, boundary or session policy in your account: only the resource policy${policies.rcps ? " and RCPs" : ""} apply`);
    }
    if (policies.scps !== undefined && isService) notes.push("SCPs do not apply: they limit principals of member accounts, not AWS services");
  }
  if (slr && (policies.scps || policies.rcps)) notes.push("SCPs and RCPs do not apply to service-linked roles");


  // sts:GetCallerIdentity needs no permission and an explicit deny does not stop it.
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
  if (lowerAction === "sts:getcalleridentity") {
    notes.push("sts:GetCallerIdentity is always allowed: it needs no permission, and even an explicit deny does not stop it");
    return finish(w, "allowed", 0);
  }

  // AWS's fixed rules: refused whatever the policies say (R12.3–R12.5).
  const fixed = fixedRuleFor(lowerAction, req.resource, p);
  if (fixed) {
    notes.push(`${fixed.id}: ${fixed.text}`);
    const r = finish(w, "explicitDeny", 0);
    r.fixedRule = fixed;
    return r;
  }

  // 1. Explicit deny anywhere. (The implicit blocks below are still computed, so that blockedBy
  // names every policy type that stands in the way, not only the first.)
  let denied = 0;
  for (const t of w.applied) {
    if (t.stmt.deny) {
      t.decisive = true;
      denied |= BIT[t.type];
    }
  }

  let blocked = 0;
  // 2. RCPs: RCPFullAWSAccess is implied at every level, so only their denies (above) matter.
  // 3. SCPs: every level from the root to the account must allow.
  if (scpBlocks) blocked |= BIT.scp;
  // The VPC endpoint policy: an extra boundary that must allow (R1.20, R12.6).
  if (endpoint === false) blocked |= BIT.endpoint;

  // 4–7. Resource policy, identity, boundary, session.
  // sts:AssumeRole* on a role always needs its trust policy to allow, supplied or not (R1.5).
  const isTrust = policies.resource?.kind === "trust" || (isAssumeRoleAction(lowerAction) && roleNameOf(req.resource) !== undefined);
  // KMS: no principal, not even the account, has any permission on a key unless its key policy
  // allows it (R12.1). With no key policy given the answer is unknown, never "allowed".
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
  const kmsKey = lowerAction.startsWith("kms:") && KMS_KEY.test(req.resource);
  const isKmsKey = kmsKey && policies.resource !== undefined;
  let unknown: string | undefined;
  if (kmsKey && policies.resource === undefined) {
    blocked |= BIT.resource;
    unknown = `the key policy of ${req.resource} is not given: KMS allows an action on a key only when its key policy allows it (directly, or by enabling IAM policies for the account), so this is not known`;
    notes.push(`R12.1: ${unknown}`);
  } else if (isKmsKey && resource === false) {
    notes.push("R12.1: the key policy neither names the caller nor enables IAM policies for its account (\"Principal\": {\"AWS\": \"arn:aws:iam::ACCOUNT:root\"}), so no identity policy can allow this, even in the same account");
  }
  const resourceGrantRequired = isTrust || isKmsKey || crossAccount || isService;
  const grant = resource === true ? resourceKind ?? "account" : undefined;
  const boundaryOk = boundary !== false;
  const sessionOk = session !== false;
  const selfAssume =
    isTrust && (p.type === "assumed-role" || p.type === "role") && principalAcct === resourceAcct && roleNameOf(req.resource)?.toLowerCase() === (p.type === "assumed-role" ? p.roleName : p.name).toLowerCase();

  let ok: boolean;
  let path: "service" | "direct" | "identity";
  let limits = { boundary: true, session: true };
  if (p.type === "root" && isAssumeRoleAction(lowerAction)) {
    // Root user credentials can never assume a role: "Roles may not be assumed by root accounts." (R1.16)
    path = "identity";
    ok = false;
    blocked |= BIT.identity;
    notes.push("the root user can never assume a role, whatever the policies say (STS: Roles may not be assumed by root accounts.)");
  } else if (isService) {
    path = "service";
    ok = grant !== undefined;
    if (!ok) blocked |= BIT.resource;
  } else if (!crossAccount && grant !== undefined && grant !== "account" && !(grant === "role" && selfAssume)) {
    // Same account, the resource policy names the caller itself: it grants without an identity Allow.
    path = "direct";
    limits = directGrantLimits(grant, options);
    const bOk = !limits.boundary || boundaryOk;
    const sOk = !limits.session || sessionOk;
    ok = bOk && sOk;
    if (!bOk) blocked |= BIT.permissionBoundary;
    if (!sOk) blocked |= BIT.session;
    if (grant === "user" && !boundaryOk && !limits.boundary) {
      notes.push(
        "disputed rule (rules reference §10-Q2): the trust policy names this IAM user and its permissions boundary does not allow the action. AWS's evaluation-logic page says a boundary does not limit a grant to the user ARN (treated as allowed); the 'update a role trust policy' page says the boundary must allow sts:AssumeRole. If AssumeRole fails, this boundary is the probable cause.",
      );
    }
    if (grant === "role" && isTrust && !identityAllows) {
      notes.push(
        "disputed rule (rules reference §10-Q1): the trust policy names the caller's role and no identity policy allows the action. AWS's generic rule and field reports say the trust grant suffices (treated as allowed); a few reports disagree. Add sts:AssumeRole to the caller's identity policy to be safe.",
      );
    }
  } else {
    path = "identity";
    if (resourceGrantRequired && grant === undefined) blocked |= BIT.resource;
    // Same account, a trust/key policy that names nobody: the identity side is not what blocks —
    // it is needed only if that policy delegates to the account, which it does not (yet).
    const identityUndecided = resourceGrantRequired && grant === undefined && !crossAccount;
    if (!identityAllows && !identityUndecided) blocked |= BIT.identity;
    if (!boundaryOk) blocked |= BIT.permissionBoundary;
    if (!sessionOk) blocked |= BIT.session;
    ok = (blocked & BIT.resource) === 0 && identityAllows && boundaryOk && sessionOk;
    if (selfAssume && grant === "role") {
      notes.push("self-assumption: since 2022 a role must name itself in its trust policy, and the session also needs sts:AssumeRole in its identity policy (rules reference R1.15, §10-Q1)");
    }
  }

  if (denied !== 0) return finish(w, "explicitDeny", denied | blocked, grant, denied);
  if (!ok || blocked !== 0) return withUnknown(finish(w, "implicitDeny", blocked, grant), unknown);

  // Mark the statements the Allow rests on.
  for (const t of w.applied) {
    if (t.type === "scp") t.decisive = path !== "service";
    else if (t.type === "endpoint") t.decisive = true;
    else if (t.type === "permissionBoundary") t.decisive = path === "identity" || (path === "direct" && limits.boundary);
    else if (t.type === "session") t.decisive = path === "identity" || (path === "direct" && limits.session);
    else if (t.type === "resource") t.decisive = path !== "identity" || resourceGrantRequired;
    else if (t.type === "identity") t.decisive = path === "identity";
  }
  return finish(w, "allowed", blocked, grant);
}

function withUnknown(r: EvaluationResult, unknown: string | undefined): EvaluationResult {
  if (unknown) r.unknown = unknown;
  return r;
}

/** A set of policy types as bits (the evaluation's blocked and denied sets). */
const BIT = Object.fromEntries(POLICY_TYPE_ORDER.map((t, i) => [t, 1 << i])) as Record<PolicyType, number>;

/** Every set's types in AWS's order (BIT follows POLICY_TYPE_ORDER: bit i is its i-th type). */
const IN_ORDER: ReadonlyArray<readonly PolicyType[]> = Array.from({ length: 1 << POLICY_TYPE_ORDER.length }, (_, set) => POLICY_TYPE_ORDER.filter((_, i) => (set >> i) & 1));

/** The types of a set in AWS's order, as a new array (the result's own). */
function inOrder(set: number): PolicyType[] {
  return IN_ORDER[set]!.slice();
}

function finish(w: Walk, decision: Decision, blocked: number, resourceGrant?: PrincipalMatchKind, explicit = 0): EvaluationResult {
  return new Result(decision, inOrder(blocked), inOrder(explicit), w.visited, resourceGrant, w.crossAccount, w.notes, w.missingKeys ?? [], w.assumedKeys ?? []);
}

/** An EvaluationResult whose traces are built on first read (the hot paths rarely read them). */
class Result implements EvaluationResult {
  private built?: StatementTrace[];
  fixedRule?: FixedRule;
  unknown?: string;
  constructor(
    readonly decision: Decision,
    readonly blockedBy: PolicyType[],
    readonly explicitDenyBy: PolicyType[],
    private readonly visited: Visited[],
    readonly resourceGrant: PrincipalMatchKind | undefined,
    readonly crossAccount: boolean,
    readonly notes: string[],
    readonly missingKeys: string[],
    readonly assumedKeys: string[],
  ) {}

  get traces(): StatementTrace[] {
    return (this.built ??= allTraces(this.visited));
  }

  set traces(value: StatementTrace[]) {
    this.built = value;
  }

  toJSON(): EvaluationResult {
    const out: EvaluationResult = { decision: this.decision, blockedBy: this.blockedBy, explicitDenyBy: this.explicitDenyBy, traces: this.traces, resourceGrant: this.resourceGrant, crossAccount: this.crossAccount, notes: this.notes, missingKeys: this.missingKeys, assumedKeys: this.assumedKeys };
    if (this.fixedRule) out.fixedRule = this.fixedRule;
    if (this.unknown) out.unknown = this.unknown;
    return out;
  }
}

/** Every policy of a set, in AWS's evaluation order. */
export function policiesOf(set: CompiledPolicySet): CompiledPolicy[] {
  return [
    ...(set.rcps?.flat() ?? []),
    ...(set.scps?.flat() ?? []),
    ...(set.endpoint ? [set.endpoint] : []),
    ...(set.resource ? [set.resource] : []),
    ...set.identity,
    ...(set.permissionBoundary ? [set.permissionBoundary] : []),
    ...(set.session ? [set.session] : []),
  ];
}

/** Which of the caller's limits apply to a same-account grant that names it directly (§1D). */
function directGrantLimits(grant: PrincipalMatchKind, options: EvaluationOptions): { boundary: boolean; session: boolean } {
  switch (grant) {
    case "role":
      return { boundary: true, session: true };
    case "user":
      return { boundary: options.boundaryLimitsUserGrants === true, session: false };
    default:
      // session ARN, federated user, "*" (with or without aws:PrincipalArn): not limited
      return { boundary: false, session: false };
  }
}

function roleNameOf(resource: string): string | undefined {
  const arn = parseArn(resource);
  if (!arn || arn.service !== "iam" || !arn.resource.startsWith("role/")) return undefined;
  return arn.resource.slice(arn.resource.lastIndexOf("/") + 1);
}
