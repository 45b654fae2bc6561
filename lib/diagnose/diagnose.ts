// "Why can't I assume this role?" — every check of ../shared/API.md run through the engine, in
// AWS's order, with the request context built from the caller and the request. Never guess: a
// check whose answer depends on something not known says `unknown` and names it.

import type { AccountModel, IamRole } from "@/lib/account/model";
import { parseArn } from "@/lib/policy/arn";
import type { CompiledPolicy } from "@/lib/policy/compile";
import { evaluate, policiesOf, type CompiledPolicySet, type EvaluationResult, type PolicyType, type StatementTrace } from "@/lib/policy/evaluate";
import { explainTrace, joinOr } from "@/lib/policy/explain";
import { principalLabel } from "@/lib/policy/principal";
import type { Caller } from "./caller";
import { buildContext, type BuiltContext } from "./context";
import {
  EXCEEDS_CHAINING,
  EXCEEDS_MAX_SESSION,
  REPORT_ORDER,
  ROOT_CANNOT_ASSUME,
  accessDenied,
  constraintViolation,
  validationErrors,
} from "./errors";
import { proposeFixes } from "./fixes";
import { callerProfile, roleProfile } from "./profile";
import { CHECK_IDS, type Check, type CheckId, type CheckStatus, type DiagnoseInput, type DiagnoseResult, type PolicyRef } from "./types";

export class DiagnoseInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "DiagnoseInputError";
  }
}

const TITLES: Record<CheckId, string> = {
  "role-exists": "The role exists",
  "session-name": "Role session name",
  "external-id": "External ID",
  duration: "Session duration",
  "trust-policy": "The role's trust policy allows the caller",
  "identity-policy": "The caller's identity policies allow sts:AssumeRole",
  "permission-boundary": "The caller's permissions boundary",
  scp: "Service control policies (caller's account)",
  rcp: "Resource control policies (role's account)",
  "session-policy": "The caller's session policy",
  "session-tags": "Session tags (sts:TagSession)",
  "source-identity": "Source identity (sts:SetSourceIdentity)",
  "vpc-endpoint-policy": "The VPC endpoint policy (the caller's STS endpoint)",
};

const TYPE_CHECK: Record<PolicyType, CheckId> = {
  resource: "trust-policy",
  identity: "identity-policy",
  permissionBoundary: "permission-boundary",
  scp: "scp",
  rcp: "rcp",
  session: "session-policy",
  endpoint: "vpc-endpoint-policy",
};

const POLICY_NAME: Record<PolicyType, string> = {
  resource: "the trust policy",
  identity: "the caller's identity policies",
  permissionBoundary: "the caller's permissions boundary",
  scp: "an SCP",
  rcp: "an RCP",
  session: "the caller's session policy",
  endpoint: "the VPC endpoint policy",
};

/** Trust-policy condition keys that also belong to a parameter's own check. */
function keyCheck(lowerKey: string): CheckId | undefined {
  if (lowerKey === "sts:externalid") return "external-id";
  if (lowerKey === "sts:rolesessionname") return "session-name";
  if (lowerKey === "sts:sourceidentity") return "source-identity";
  if (lowerKey === "aws:tagkeys" || lowerKey === "sts:transitivetagkeys" || lowerKey.startsWith("aws:requesttag/")) return "session-tags";
  return undefined;
}

const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

interface Evaluated {
  action: string;
  pess: EvaluationResult;
  opt: EvaluationResult;
}

interface Setup {
  caller: Caller;
  role: IamRole;
  policies: CompiledPolicySet;
  built: BuiltContext;
  identityMissing: string[];
  boundaryMissing?: string;
}

function evaluateAction(s: Setup, action: string): Evaluated {
  const req = { principal: s.caller.principal, action, resource: s.role.arn, resourceAccount: s.role.account, context: s.built.context };
  const pess = evaluate(req, s.policies, { unknownKeys: s.built.unknownKeys, assume: "pessimistic" });
  const opt = pess.assumedKeys.length > 0 ? evaluate(req, s.policies, { unknownKeys: s.built.unknownKeys, assume: "optimistic" }) : pess;
  return { action, pess, opt };
}

/** fail when blocked even with every unknown going the caller's way; unknown when only the other way. */
function statusOf(e: Evaluated, type: PolicyType): CheckStatus {
  if (e.opt.blockedBy.includes(type)) return "fail";
  if (e.pess.blockedBy.includes(type)) return "unknown";
  return "pass";
}

function tracesOf(e: Evaluated, type: PolicyType): StatementTrace[] {
  const r = e.opt.blockedBy.includes(type) || !e.pess.blockedBy.includes(type) ? e.opt : e.pess;
  return r.traces.filter((t) => t.type === type);
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

function unknownKeysOf(e: Evaluated, type: PolicyType): string[] {
  return [...new Set(e.pess.traces.filter((t) => t.type === type).flatMap((t) => t.assumedKeys ?? []))];
}

function whyUnknown(s: Setup, keys: string[]): string {
  return keys.map((k) => s.built.why.get(k.toLowerCase()) ?? `${k} is not known`).join("; ");
}

type CheckExtra = Partial<Omit<Check, "statements" | "policies">> & { traces?: StatementTrace[] };

export interface DiagnoseOptions {
  now?: Date;
  /** verdict and checks only: no explanations, no fixes (who-can-assume over many principals) */
  lean?: boolean;
}

export function diagnoseAssumeRole(model: AccountModel, input: DiagnoseInput, options: DiagnoseOptions = {}): DiagnoseResult {
  const now = options.now ?? new Date();
  if (!input.principal) throw new DiagnoseInputError("principal", "principal is required: the caller's ARN (user, role, assumed-role session) or a service principal");
  const resolved = callerProfile(model, input.principal, input.roleSessionName);
  if (typeof resolved === "string") throw new DiagnoseInputError("principal", resolved);
  const caller = resolved.caller;
  const p = caller.principal;
  const isService = !("account" in p);
  const role = model.findRole(input.role, caller.account);
  const roleArn = role?.arn ?? (input.role.startsWith("arn:") ? input.role : `arn:aws:iam::${caller.account ?? "ACCOUNT"}:role/${input.role}`);
  if (!role && input.role.startsWith("arn:")) {
    const a = parseArn(input.role);
    if (!a || a.service !== "iam" || !a.resource.startsWith("role/")) throw new DiagnoseInputError("role", `"${input.role}" is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
  }
  const checks = new Map<CheckId, Check>();
  const lean = options.lean === true;
  const set = (id: CheckId, status: CheckStatus, detail: string, extra: CheckExtra = {}) => {
    const { traces, ...rest } = extra;
    checks.set(id, { id, status, title: TITLES[id], detail, statements: traces && !lean ? traces.map(explainTrace) : [], ...(traces && !lean ? { policies: refs(traces) } : {}), ...rest });
  };
  const notes: string[] = [];
  const validation: string[] = [];

  // --- parameters (STS validates them before anything else) ---------------------------------
  if (input.roleSessionName !== undefined) {
    const n = input.roleSessionName;
    const problems: string[] = [];
    if (!/^[\w+=,.@-]*$/.test(n)) problems.push(constraintViolation(n, "roleSessionName", "satisfy regular expression pattern: [\\w+=,.@-]*"));
    if (n.length > 64) problems.push(constraintViolation(n, "roleSessionName", "have length less than or equal to 64"));
    if (n.length < 2) problems.push(constraintViolation(n, "roleSessionName", "have length greater than or equal to 2"));
    validation.push(...problems);
    if (problems.length) set("session-name", "fail", `"${n}" is not a valid role session name: 2 to 64 characters of letters, digits and _+=,.@-`);
    else set("session-name", "pass", `"${n}" is a valid session name`);
  } else {
    set("session-name", "pass", "No session name given: the AWS CLI uses botocore-session-<epoch>; SDKs require one.");
  }
  if (input.externalId !== undefined) {
    const x = input.externalId;
    if (!EXTERNAL_ID.test(x)) {
      validation.push(constraintViolation(x, "externalId", x.length < 2 || x.length > 1224 ? `have length ${x.length < 2 ? "greater than or equal to 2" : "less than or equal to 1224"}` : "satisfy regular expression pattern: [\\w+=,.@:\\/-]*"));
      set("external-id", "fail", `"${x}" is not a valid external ID: 2 to 1224 characters of letters, digits and _+=,.@:/-`);
    }
  }
  const duration = input.durationSeconds ?? 3600;
  if (duration < 900 || duration > 43200) {
    validation.push(constraintViolation(String(duration), "durationSeconds", duration < 900 ? "have value greater than or equal to 900" : "have value less than or equal to 43200"));
    set("duration", "fail", `DurationSeconds ${duration} is outside the range STS accepts (900 to 43200 seconds).`);
  }
  if (input.tags || input.transitiveTagKeys) {
    const bad = Object.entries(input.tags ?? {}).find(([k, v]) => !TAG_KEY.test(k) || v.length > 256);
    const tooMany = Object.keys(input.tags ?? {}).length > 50 || (input.transitiveTagKeys?.length ?? 0) > 50;
    const orphan = input.transitiveTagKeys?.find((k) => !(input.tags && k in input.tags));
    if (bad || tooMany) {
      validation.push(bad ? constraintViolation(bad[0], "tags", "satisfy the tag key pattern and value length (key 1–128 characters, value up to 256)") : "at most 50 session tags and 50 transitive tag keys");
      set("session-tags", "fail", bad ? `Session tag "${bad[0]}" is not valid: keys are 1–128 letters, digits, spaces and _.:/=+-@; values up to 256 characters.` : "At most 50 session tags.");
    } else if (orphan) {
      set("session-tags", "fail", `Transitive tag key "${orphan}" is not one of the session tags passed.`);
    }
  }
  if (input.sourceIdentity !== undefined) {
    const si = input.sourceIdentity;
    if (!SOURCE_IDENTITY.test(si) || si.toLowerCase().startsWith("aws:")) {
      validation.push(constraintViolation(si, "sourceIdentity", "satisfy regular expression pattern: [\\w+=,.@-]*"));
      set("source-identity", "fail", `"${si}" is not a valid source identity: 2 to 64 characters of letters, digits and _+=,.@-, not starting with "aws:".`);
    }
  }

  // No source VPC endpoint in the request: the call reaches STS's public endpoint.
  set("vpc-endpoint-policy", "not-applicable", "The request does not go through a VPC endpoint, so no endpoint policy applies.");

  // --- the role -------------------------------------------------------------------------------
  const roleAccount = role?.account ?? parseArn(roleArn)?.account;
  if (role) set("role-exists", "pass", `${role.arn} exists.`);
  else if (roleAccount && model.accounts.get(roleAccount)?.loaded) set("role-exists", "fail", `Account ${roleAccount} has no role ${roleArn.split("/").pop()}. STS does not say whether a role exists: it answers with the same AccessDenied. (Role names in ARNs are case-sensitive when assuming.)`);
  else set("role-exists", "unknown", `Account ${roleAccount ?? "?"} is not loaded, so whether the role exists is not known.`);

  const isRoot = p.type === "root";
  if (!role) {
    const st: CheckStatus = checks.get("role-exists")!.status === "fail" ? "not-applicable" : "unknown";
    for (const id of ["trust-policy", "identity-policy", "permission-boundary", "scp", "rcp", "session-policy", "duration", "external-id", "session-tags", "source-identity"] as CheckId[]) {
      if (!checks.has(id)) set(id, st, st === "unknown" ? "Needs the role, which is not loaded." : "The role does not exist.");
    }
    return finish(model, input, caller, roleArn, undefined, checks, validation, notes, [], lean);
  }

  // --- policies -------------------------------------------------------------------------------
  const cp = resolved;
  const rp = roleProfile(model, role);
  if (rp.trustError) set("trust-policy", "unknown", `The trust policy cannot be read: ${rp.trustError}`);
  const { scpState: scpStatus } = cp;
  const { rcpState: rcpStatus } = rp;
  const entity = caller.user ?? caller.role;
  const policies: CompiledPolicySet = { identity: cp.identity, resource: rp.trust, permissionBoundary: cp.boundary, scps: cp.scps, rcps: rp.rcps };
  for (const e of [...cp.errors, ...rp.errors]) notes.push(`A policy could not be read and was left out: ${e}`);
  const built = buildContext(model, caller, role, role.arn, input, policiesOf(policies), now);
  const s: Setup = { caller, role, policies, built, identityMissing: cp.identityMissing, boundaryMissing: cp.boundaryMissing };

  const assume = evaluateAction(s, "sts:AssumeRole");
  const evaluated = [assume];
  for (const n of assume.opt.notes) notes.push(n);
  for (const n of policies.resource?.notes ?? []) notes.push(`Trust policy: ${n}`);

  // --- trust policy -------------------------------------------------------------------------
  if (!checks.has("trust-policy")) {
    const st = statusOf(assume, "resource");
    const traces = tracesOf(assume, "resource");
    const keys = unknownKeysOf(assume, "resource");
    const explicit = assume.opt.explicitDenyBy.includes("resource");
    const grant = assume.opt.resourceGrant;
    const detail =
      st === "pass"
        ? `The trust policy ${grantText(grant)}.`
        : st === "unknown"
          ? `The trust policy allows the caller only under conditions that are not known: ${whyUnknown(s, keys)}.`
          : explicit
            ? "A Deny statement in the trust policy matches this caller."
            : trustFailureText(traces, p.type);
    set("trust-policy", st, detail, { traces: traces, ...(keys.length ? { unknownKeys: keys } : {}) });
    // A trust condition on a parameter fails (or leaves unknown) that parameter's check too.
    if (st !== "pass") {
      for (const t of traces) {
        if (t.failed !== "condition" || t.stmt.statement.effect !== "Allow") continue;
        for (const f of t.conditionFailures ?? []) {
          const id = keyCheck(f.key.toLowerCase());
          if (id && !checks.has(id)) set(id, st === "fail" ? "fail" : "unknown", `The trust policy requires ${f.key}: ${f.message}`, { traces: [t] });
        }
      }
    }
  }

  // --- caller-side checks ----------------------------------------------------------------------
  const idStatus = statusOf(assume, "identity");
  const idTraces = tracesOf(assume, "identity");
  if (isService) set("identity-policy", "not-applicable", `${principalLabel(p)} is an AWS service: only the trust policy (and RCPs) decide.`);
  else if (isRoot) set("identity-policy", "fail", "The caller is the account's root user: root credentials can never call AssumeRole. Use an IAM user or role.");
  else if (s.identityMissing.length && idStatus !== "fail") {
    set("identity-policy", "unknown", `The caller's policies are not fully known: ${s.identityMissing.join("; ")}.`, { traces: idTraces });
  } else if (idStatus === "fail" && s.identityMissing.length && !assume.opt.explicitDenyBy.includes("identity")) {
    set("identity-policy", "unknown", `No loaded identity policy allows sts:AssumeRole on ${role.arn}, but not all of them are known: ${s.identityMissing.join("; ")}.`, { traces: idTraces });
  } else if (idStatus !== "pass") {
    const keys = unknownKeysOf(assume, "identity");
    set(
      "identity-policy",
      idStatus,
      idStatus === "unknown"
        ? `Whether an identity policy allows it depends on: ${whyUnknown(s, keys)}.`
        : assume.opt.explicitDenyBy.includes("identity")
          ? `A Deny in the caller's identity policies matches sts:AssumeRole on ${role.arn}.`
          : `No identity policy of ${principalLabel(p)} allows sts:AssumeRole on ${role.arn}${assume.opt.crossAccount ? " (a cross-account role needs this on the caller's side as well as the trust policy)" : " (the trust policy names the account, which delegates the decision to the caller's identity policies)"}.`,
      { traces: idTraces, ...(keys.length ? { unknownKeys: keys } : {}) },
    );
  } else if (idTraces.some((t) => t.applies && t.stmt.statement.effect === "Allow")) {
    set("identity-policy", "pass", `An identity policy allows sts:AssumeRole on ${role.arn}.`, { traces: idTraces });
  } else if (assume.opt.resourceGrant === undefined) {
    set("identity-policy", "not-applicable", `No identity policy allows sts:AssumeRole on ${role.arn}. That matters only if the trust policy names the account (it delegates to identity policies); a trust statement that names ${principalLabel(p)} itself needs none.`, {
      traces: idTraces,
    });
  } else {
    set("identity-policy", "not-applicable", `Not needed: the trust policy ${grantText(assume.opt.resourceGrant)}, which grants without an identity policy in the same account.`, {
      traces: idTraces,
    });
  }

  if (isService || isRoot) set("permission-boundary", "not-applicable", isRoot ? "The root user has no permissions boundary." : "AWS services have no permissions boundary.");
  else if (s.boundaryMissing) set("permission-boundary", "unknown", `${s.boundaryMissing}.`);
  else if (!entity) set("permission-boundary", "unknown", `The caller is not loaded (${caller.unknownReason ?? "unknown"}), so its boundary is not known.`);
  else if (!policies.permissionBoundary) set("permission-boundary", "not-applicable", `${principalLabel(p)} has no permissions boundary.`);
  else policyCheck(s, assume, "permissionBoundary", set, "The permissions boundary allows sts:AssumeRole.", (explicit) =>
    explicit ? "A Deny in the permissions boundary matches." : `The permissions boundary ${entity.permissionsBoundary} does not allow sts:AssumeRole on ${role.arn}; a boundary caps what identity policies grant.`,
  );

  if (isService) set("scp", "not-applicable", "SCPs limit principals of member accounts, not AWS services.");
  else if (scpStatus === "unknown") set("scp", "unknown", `The SCPs of account ${caller.account} are not known: ${model.unknownsFor(`account ${caller.account}`).map((u) => u.reason).join("; ") || "the account is not loaded"}.`);
  else if (scpStatus === "not-governed") set("scp", "not-applicable", `Account ${caller.account} is not governed by SCPs.`);
  else policyCheck(s, assume, "scp", set, `Every SCP level of account ${caller.account} allows sts:AssumeRole.`, (explicit) =>
    explicit ? `An SCP on the path of account ${caller.account} denies sts:AssumeRole.` : `A level of account ${caller.account}'s organization path has no SCP that allows sts:AssumeRole (every level must allow).`,
  );

  if (rcpStatus === "unknown") set("rcp", "unknown", `The RCPs of account ${role.account} are not known: ${model.unknownsFor(`account ${role.account}`).map((u) => u.reason).join("; ") || "the account is not loaded"}.`);
  else if (rcpStatus === "not-governed") set("rcp", "not-applicable", `Account ${role.account} has no resource control policies of its own (RCPFullAWSAccess allows everything).`);
  else policyCheck(s, assume, "rcp", set, `No RCP of account ${role.account} denies it.`, () => `An RCP of account ${role.account} denies sts:AssumeRole for this caller.`);

  if (p.type === "assumed-role" || p.type === "role") {
    set("session-policy", "not-applicable", "Session policies are not stored in IAM, so RoleCall assumes the caller's session was created without one. If it was (--policy or --policy-arns), that policy must also allow sts:AssumeRole.");
  } else set("session-policy", "not-applicable", "The caller is not a role session, so it has no session policy.");

  // --- duration ------------------------------------------------------------------------------
  if (!checks.has("duration")) {
    const chained = p.type === "assumed-role" || p.type === "role";
    const msd = role.maxSessionDuration;
    const why = model.unknownsFor(role.arn).find((u) => u.fact === "MaxSessionDuration")?.reason;
    if (isService) set("duration", "not-applicable", "MaxSessionDuration does not limit sessions that AWS services assume.");
    else if (chained && duration > 3600) set("duration", "fail", `The caller is a role session, so this is role chaining: STS allows at most 3600 seconds, and ${duration} was asked. No setting lifts this cap.`);
    else if (msd === null && duration > 3600) set("duration", "unknown", `${duration} seconds needs a MaxSessionDuration of at least ${duration}, and this role's is not known: ${why ?? "not loaded"}.`);
    else if (msd !== null && duration > msd) set("duration", "fail", `${duration} seconds is more than the role's MaxSessionDuration of ${msd} seconds.`);
    else set("duration", "pass", `${duration} seconds${input.durationSeconds === undefined ? " (the default)" : ""} is within ${chained ? "the 1-hour role-chaining limit" : msd !== null ? `the role's MaxSessionDuration of ${msd} seconds` : "the 1-hour minimum of any MaxSessionDuration"}.`);
  }

  // --- session tags, source identity ---------------------------------------------------------
  const extra = (id: CheckId, action: string, given: boolean, label: string) => {
    if (checks.has(id)) return;
    if (!given) {
      set(id, "not-applicable", `No ${label} passed.`);
      return;
    }
    const e = evaluateAction(s, action);
    evaluated.push(e);
    const failing = REPORT_ORDER.filter((t) => statusOf(e, t) === "fail");
    // Once the trust policy allows the extra action the way it admits AssumeRole — through the
    // account, or across accounts — the identity side must allow it as well.
    const delegated = assume.opt.resourceGrant === "account" || assume.opt.crossAccount;
    const identityAllows = e.opt.traces.some((t) => t.type === "identity" && t.applies && t.stmt.statement.effect === "Allow");
    if (failing.includes("resource") && !failing.includes("identity") && delegated && !identityAllows && !isService) {
      failing.splice(failing.indexOf("resource") + 1, 0, "identity");
    }
    const unknown = REPORT_ORDER.filter((t) => statusOf(e, t) === "unknown");
    const traces = e.opt.traces.filter((t) => failing.includes(t.type) || t.type === "resource");
    if (failing.length) {
      set(id, "fail", `Passing ${label} makes STS also authorize ${action}, which ${joinOr(failing.map((t) => POLICY_NAME[t]))} does not allow.`, {
        traces: traces,
        failingPolicyTypes: failing,
      });
    }
    else if (unknown.length) set(id, "unknown", `${action} depends on what is not known: ${whyUnknown(s, [...new Set(unknown.flatMap((t) => unknownKeysOf(e, t)))])}.`);
    else set(id, "pass", `${action} is allowed.`, { traces: traces });
  };
  extra("session-tags", "sts:TagSession", !!(input.tags || input.transitiveTagKeys), "session tags");
  extra("source-identity", "sts:SetSourceIdentity", input.sourceIdentity !== undefined, "source identity");
  if (!checks.has("external-id")) {
    const required = trustNamesKey(policies.resource, "sts:externalid");
    if (input.externalId !== undefined) set("external-id", "pass", required ? "The external ID matches what the trust policy requires." : "The trust policy does not test sts:ExternalId; passing one is harmless.");
    else set("external-id", "not-applicable", required ? "The trust policy tests sts:ExternalId in a statement that does not concern this caller." : "The trust policy does not require an external ID.");
  }

  return finish(model, input, caller, role.arn, role, checks, validation, notes, evaluated, lean);
}

function policyCheck(
  s: Setup,
  e: Evaluated,
  type: PolicyType,
  set: (id: CheckId, status: CheckStatus, detail: string, extra?: CheckExtra) => void,
  passText: string,
  failText: (explicit: boolean) => string,
): void {
  const st = statusOf(e, type);
  const traces = tracesOf(e, type);
  const keys = unknownKeysOf(e, type);
  const detail = st === "pass" ? passText : st === "unknown" ? `Depends on what is not known: ${whyUnknown(s, keys)}.` : failText(e.opt.explicitDenyBy.includes(type));
  set(TYPE_CHECK[type], st, detail, { traces: traces, ...(keys.length ? { unknownKeys: keys } : {}) });
}

function trustNamesKey(trust: CompiledPolicy | undefined, lowerKey: string): boolean {
  return !!trust?.statements.some((st) => st.conditions.some((c) => c.lowerKey === lowerKey));
}

function grantText(grant: string | undefined): string {
  switch (grant) {
    case "account": return "names the caller's account";
    case "user": return "names the caller's IAM user";
    case "role": return "names the caller's role";
    case "session": return "names the caller's exact session";
    case "wildcard": return 'admits everyone ("*")';
    case "service": return "names the calling AWS service";
    default: return "allows the caller";
  }
}

function trustFailureText(traces: StatementTrace[], callerType: string): string {
  const named = traces.filter((t) => t.failed === "condition");
  if (named.length) return `A trust statement names the caller, but its conditions are not met: ${named.flatMap((t) => t.conditionFailures ?? []).map((f) => f.message).join("; ")}.`;
  const services = traces.every((t) => t.failed === "action" || (t.stmt.statement.principal?.Service && !t.stmt.statement.principal.AWS));
  if (services && traces.some((t) => t.stmt.statement.principal?.Service)) {
    return `Only an AWS service may assume this role: the trust policy names ${[...new Set(traces.flatMap((t) => t.stmt.statement.principal?.Service ?? []))].join(", ")} and no IAM principal.`;
  }
  const deleted = traces.flatMap((t) => t.stmt.principal?.notes ?? []).find((n) => n.includes("deleted"));
  if (deleted) return `No trust statement names the caller. Note: ${deleted}.`;
  return `No statement of the trust policy names this ${callerType === "assumed-role" || callerType === "role" ? "role session, its role" : "caller"} or its account with sts:AssumeRole.`;
}

function finish(
  model: AccountModel,
  input: DiagnoseInput,
  caller: Caller,
  roleArn: string,
  role: IamRole | undefined,
  checks: Map<CheckId, Check>,
  validation: string[],
  notes: string[],
  evaluated: Evaluated[],
  lean: boolean,
): DiagnoseResult {
  const ordered = CHECK_IDS.map((id) => checks.get(id)!).filter(Boolean);
  const blockedBy = ordered.filter((c) => c.status === "fail").map((c) => c.id);
  const verdict = blockedBy.length ? "denied" : ordered.some((c) => c.status === "unknown") ? "unknown" : "allowed";
  let error: string | null = null;
  let errorCode: string | null = null;
  if (verdict === "denied") {
    const cross = role !== undefined && caller.account !== undefined && caller.account !== role.account;
    if (validation.length) {
      error = validationErrors(validation);
      errorCode = "ValidationError";
    } else if (caller.principal.type === "root") {
      error = ROOT_CANNOT_ASSUME;
      errorCode = "AccessDenied";
    } else if (checks.get("role-exists")?.status === "fail") {
      error = accessDenied(caller.errorArn, "sts:AssumeRole", roleArn);
      errorCode = "AccessDenied";
    } else {
      for (const e of evaluated) {
        const failing = REPORT_ORDER.filter((t) => e.opt.blockedBy.includes(t));
        if (!failing.length) continue;
        const explicit = REPORT_ORDER.find((t) => e.opt.explicitDenyBy.includes(t));
        const type = explicit ?? failing[0]!;
        // Cross-account denials often come without the policy type (R5.1, §10-Q8).
        error = cross ? accessDenied(caller.errorArn, e.action, roleArn) : accessDenied(caller.errorArn, e.action, roleArn, { type, explicit: explicit !== undefined });
        errorCode = "AccessDenied";
        break;
      }
      if (!error && checks.get("duration")?.status === "fail") {
        error = /role chaining/.test(checks.get("duration")!.detail) ? EXCEEDS_CHAINING : EXCEEDS_MAX_SESSION;
        errorCode = "ValidationError";
      }
      if (!error) {
        error = accessDenied(caller.errorArn, "sts:AssumeRole", roleArn);
        errorCode = "AccessDenied";
      }
    }
  }
  const result: DiagnoseResult = {
    verdict,
    checks: ordered,
    blockedBy,
    error,
    errorCode,
    fixes: [],
    principal: caller.errorArn === input.principal ? input.principal! : input.principal!,
    role: roleArn,
    notes: [...new Set(notes)],
  };
  if (role && !lean) result.fixes = proposeFixes(model, input, caller, role, result);
  return result;
}
