// "Why can't I assume this role?" — the shared setup (caller, role, policies, context, the
// evaluations), then every check of ../shared/API.md, each judged on its own by its module
// (lib/diagnose/checks/*), so that a diagnosis names every blocker at once; then the verdict, the
// error STS would return, and the fixes in the order they are best applied. Never guess: a check
// whose answer depends on something not known says `unknown` and names it.

import type { AccountModel } from "@/lib/account/model";
import { roleWarnings, trustPrincipals } from "@/lib/account/role-view";
import { parseArn } from "@/lib/policy/arn";
import { policiesOf, type CompiledPolicySet, type PolicyType } from "@/lib/policy/evaluate";
import { CHECKS, CHECK_BY_ID, FIX_ORDER } from "./checks";
import { roleSuggestionFixes } from "./checks/role-exists";
import { CHAINING_DETAIL } from "./checks/duration";
import { buildContext } from "./context";
import { EXCEEDS_CHAINING, EXCEEDS_MAX_SESSION, REPORT_ORDER, ROOT_CANNOT_ASSUME, accessDenied, validationErrors } from "./errors";
import { compileDoc } from "./policies";
import { callerProfile, roleProfile } from "./profile";
import { DiagnoseInputError, resolvePrincipalInput, resolveRoleInput } from "./resolve";
import { evaluateBothWays, makeCheck, type BaseSetup, type Evaluated, type RoleSetup } from "./setup";
import { CHECK_IDS, type Check, type CheckId, type DiagnoseInput, type DiagnoseResult, type Fix } from "./types";

export { DiagnoseInputError } from "./resolve";

export interface DiagnoseOptions {
  now?: Date;
  /** verdict and checks only: no explanations, no fixes (who-can-assume over many principals) */
  lean?: boolean;
}

const TYPE_CHECK: Record<PolicyType, CheckId> = {
  resource: "trust-policy",
  identity: "identity-policy",
  permissionBoundary: "permission-boundary",
  scp: "scp",
  rcp: "rcp",
  session: "session-policy",
  endpoint: "vpc-endpoint-policy",
};

/** The role warnings a diagnosis repeats (the checks already say the rest). */
const WARNINGS = new Set(["ec2-without-instance-profile", "public-trust", "deleted-principal"]);

export function diagnoseAssumeRole(model: AccountModel, input: DiagnoseInput, options: DiagnoseOptions = {}): DiagnoseResult {
  const now = options.now ?? new Date();
  const lean = options.lean === true;
  if (!input.principal) throw new DiagnoseInputError("principal", "principal is required: the caller's ARN (user, role, assumed-role session) or a service principal");
  const notes: string[] = [];
  const resolved = resolvePrincipalInput(model, input.principal);
  if (resolved.note) notes.push(resolved.note);
  const req: DiagnoseInput = resolved.principal === input.principal ? input : { ...input, principal: resolved.principal };
  const profile = callerProfile(model, resolved.principal, input.roleSessionName);
  if (typeof profile === "string") throw new DiagnoseInputError("principal", profile);
  const caller = profile.caller;
  const principal = caller.principal;

  const role = resolveRoleInput(model, input.role, caller.account);
  if (!role && input.role.startsWith("arn:")) {
    const a = parseArn(input.role);
    if (!a || a.service !== "iam" || !a.resource.startsWith("role/")) throw new DiagnoseInputError("role", `"${input.role}" is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
  }
  const roleArn = role?.arn ?? (input.role.startsWith("arn:") ? input.role : `arn:aws:iam::${caller.account ?? "ACCOUNT"}:role/${input.role.replace(/^role\//, "")}`);

  let endpoint;
  if (input.sourceVpce !== undefined) {
    endpoint = model.findVpcEndpoint(input.sourceVpce);
    if (endpoint && !/\.sts$/.test(endpoint.serviceName)) {
      throw new DiagnoseInputError("sourceVpce", `${input.sourceVpce} is an endpoint for ${endpoint.serviceName}, not for STS: sts:AssumeRole cannot go through it. Give the VPC endpoint of com.amazonaws.<region>.sts, or leave it out.`);
    }
    if (input.sourceIp !== undefined) notes.push(`Through ${input.sourceVpce} the request carries no aws:SourceIp (it has no public address): ${input.sourceIp} is taken as the caller's address in the VPC, aws:VpcSourceIp.`);
  }

  const base: BaseSetup = {
    model,
    input: req,
    lean,
    caller,
    principal,
    profile,
    isService: !("account" in principal),
    isSession: principal.type === "assumed-role" || principal.type === "role",
    duration: input.durationSeconds ?? 3600,
    roleArn,
    roleAccount: role?.account ?? parseArn(roleArn)?.account,
    endpoint,
  };

  const checks = new Map<CheckId, Check>();
  const violations: string[] = [];
  for (const c of CHECKS) {
    const v = c.validate?.(req);
    if (v) {
      violations.push(...v.violations);
      checks.set(c.id, makeCheck(c.id, c.title, { status: "fail", detail: v.detail }, lean));
    }
  }

  if (!role) {
    const exists = CHECK_BY_ID.get("role-exists")!.withoutRole!(base)!;
    checks.set("role-exists", makeCheck("role-exists", "The role exists", exists, lean));
    const missing = exists.status === "fail";
    for (const c of CHECKS) {
      if (checks.has(c.id)) continue;
      const o = c.withoutRole?.(base) ?? (missing ? { status: "not-applicable" as const, detail: "The role does not exist." } : { status: "unknown" as const, detail: "Needs the role, which is not loaded." });
      checks.set(c.id, makeCheck(c.id, c.title, o, lean));
    }
    const result = finish(base, undefined, checks, violations, notes, []);
    if (!lean && missing) result.fixes = roleSuggestionFixes(base);
    return result;
  }

  const s = roleSetup(base, role, notes, now);
  for (const c of CHECKS) if (!checks.has(c.id)) checks.set(c.id, makeCheck(c.id, c.title, c.evaluate(s), lean));
  const result = finish(base, s, checks, violations, notes, s.evaluated);
  if (!lean) {
    result.fixes = proposeFixes(s, result);
    result.warnings = roleWarnings(model, role, trustPrincipals(model, role)).filter((w) => WARNINGS.has(w.code));
  }
  return result;
}

function roleSetup(base: BaseSetup, role: NonNullable<ReturnType<typeof resolveRoleInput>>, notes: string[], now: Date): RoleSetup {
  const { model, profile } = base;
  const rp = roleProfile(model, role);
  const policies: CompiledPolicySet = { identity: profile.identity, resource: rp.trust, permissionBoundary: profile.boundary, scps: profile.scps, rcps: rp.rcps };
  if (base.endpoint?.policy) {
    const c = compileDoc(base.endpoint.policy, "endpoint", "endpoint policy", `policy of VPC endpoint ${base.endpoint.id}`);
    if (c instanceof Error) notes.push(`The policy of VPC endpoint ${base.endpoint.id} could not be read and was left out: ${c.message}`);
    else policies.endpoint = c;
  }
  for (const e of profile.errors) notes.push(`A policy could not be read and was left out: ${e}`);
  for (const e of rp.errors) notes.push(`A policy could not be read and was left out: ${e}`);
  const built = buildContext(model, base.caller, role, role.arn, base.input, policiesOf(policies), now);
  const crossAccount = !base.isService && base.caller.account !== undefined && base.caller.account !== role.account;
  const assume = evaluateBothWays({ principal: base.principal, role, built, policies }, "sts:AssumeRole");
  const evaluated: Evaluated[] = [assume];
  // one object literal, no spread: this runs for every principal of a who-can-assume query
  const s: RoleSetup = {
    model,
    input: base.input,
    lean: base.lean,
    caller: base.caller,
    principal: base.principal,
    profile,
    isService: base.isService,
    isSession: base.isSession,
    duration: base.duration,
    roleArn: base.roleArn,
    roleAccount: base.roleAccount,
    endpoint: base.endpoint,
    role,
    roleProfile: rp,
    policies,
    built,
    crossAccount,
    assume,
    evaluated,
    evaluate(action) {
      for (const x of evaluated) if (x.action === action) return x;
      const e = evaluateBothWays(s, action);
      evaluated.push(e);
      return e;
    },
  };
  for (const n of assume.opt.notes) notes.push(n);
  for (const n of rp.trust?.notes ?? []) notes.push(`Trust policy: ${n}`);
  return s;
}

function finish(base: BaseSetup, s: RoleSetup | undefined, checks: Map<CheckId, Check>, violations: string[], notes: string[], evaluated: Evaluated[]): DiagnoseResult {
  const ordered = CHECK_IDS.map((id) => checks.get(id)!).filter(Boolean);
  const blockedBy = ordered.filter((c) => c.status === "fail").map((c) => c.id);
  const verdict = blockedBy.length ? "denied" : ordered.some((c) => c.status === "unknown") ? "unknown" : "allowed";
  const { error, errorCode } = verdict === "denied" ? predictError(base, s, checks, violations, evaluated) : { error: null, errorCode: null };
  return {
    verdict,
    checks: ordered,
    blockedBy,
    error,
    errorCode,
    fixes: [],
    principal: base.input.principal!,
    role: s?.role.arn ?? base.roleArn,
    notes: [...new Set(notes)],
    warnings: [],
  };
}

/**
 * The message STS would return (rules reference §5), one form per case: a ValidationError for a
 * malformed parameter; the root user's own message; the plain form `User: … is not authorized to
 * perform: sts:AssumeRole on resource: ROLE` for a role that does not exist (R5.2) and across
 * accounts, where STS leaves out the policy type (R5.1, §10-Q8); else that form with the one
 * policy type STS names (the first in its order, an explicit Deny first: R5.3–R5.10, S9). The
 * duration errors come when nothing else denies (the order is not documented, §10-Q6).
 */
function predictError(base: BaseSetup, s: RoleSetup | undefined, checks: Map<CheckId, Check>, violations: string[], evaluated: Evaluated[]): { error: string; errorCode: string } {
  const who = base.caller.errorArn;
  if (violations.length) return { error: validationErrors(violations), errorCode: "ValidationError" };
  if (base.principal.type === "root") return { error: ROOT_CANNOT_ASSUME, errorCode: "AccessDenied" };
  if (!s) return { error: accessDenied(who, "sts:AssumeRole", base.roleArn), errorCode: "AccessDenied" };
  const failed = (id: CheckId) => checks.get(id)?.status === "fail";
  for (const e of evaluated) {
    // the policy types this action fails on, as the checks judged them
    const types =
      e.action === "sts:AssumeRole"
        ? REPORT_ORDER.filter((t) => failed(TYPE_CHECK[t]))
        : REPORT_ORDER.filter((t) => (checks.get(e.action === "sts:TagSession" ? "session-tags" : "source-identity")?.failingPolicyTypes ?? []).includes(t));
    if (!types.length) continue;
    const explicit = types.find((t) => e.opt.explicitDenyBy.includes(t));
    const type = explicit ?? types[0]!;
    return { error: s.crossAccount ? accessDenied(who, e.action, s.role.arn) : accessDenied(who, e.action, s.role.arn, { type, explicit: explicit !== undefined }), errorCode: "AccessDenied" };
  }
  const d = checks.get("duration");
  if (d?.status === "fail") return { error: d.detail.includes(CHAINING_DETAIL) ? EXCEEDS_CHAINING : EXCEEDS_MAX_SESSION, errorCode: "ValidationError" };
  return { error: accessDenied(who, "sts:AssumeRole", s.role.arn), errorCode: "AccessDenied" };
}

/** Every failing check's fixes, in the order they are best applied (FIX_ORDER). */
function proposeFixes(s: RoleSetup, result: DiagnoseResult): Fix[] {
  const fixes: Fix[] = [];
  for (const id of FIX_ORDER) {
    const check = result.checks.find((c) => c.id === id);
    const owner = CHECK_BY_ID.get(id);
    if (!check || check.status !== "fail" || !owner?.fixes) continue;
    fixes.push(...owner.fixes(s, check, result));
  }
  return fixes;
}
