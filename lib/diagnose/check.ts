// "Can this principal do this action on this resource?" with every policy taken from the
// account model: identity (with groups), boundary, SCPs, RCPs, and the resource's policy where
// the model has it (a role's trust policy for sts:AssumeRole*).

import type { AccountModel } from "@/lib/account/model";
import { parseArn } from "@/lib/policy/arn";
import type { ContextInput } from "@/lib/policy/context";
import { evaluate, isAssumeRoleAction, policiesOf, type CompiledPolicySet } from "@/lib/policy/evaluate";
import { explain, summarize, type ExplainedDecision } from "@/lib/policy/explain";
import { buildContext } from "./context";
import { DiagnoseInputError } from "./diagnose";
import { callerProfile, roleProfile } from "./profile";

export interface CheckInput {
  principal: string;
  action: string;
  resource: string;
  context?: ContextInput;
}

export interface CheckResult extends ExplainedDecision {
  /**
   * condition keys whose value is not known and that could change the decision; the decision is
   * the one AWS makes when they are absent. Give them in `context` to decide.
   */
  dependsOn: string[];
  /** the policies that were evaluated, by label, for display */
  policies: { label: string; name: string; document: unknown }[];
}

export function checkAccess(model: AccountModel, input: CheckInput, now = new Date()): CheckResult {
  const cp = callerProfile(model, input.principal);
  if (typeof cp === "string") throw new DiagnoseInputError("principal", cp);
  const notes: string[] = [...cp.identityMissing.map((m) => `not known: ${m}`), ...cp.errors.map((e) => `left out (unreadable): ${e}`)];
  const arn = parseArn(input.resource);
  const resourceAccount = arn && /^\d{12}$/.test(arn.account) ? arn.account : cp.caller.account;
  const role = arn?.service === "iam" && arn.resource.startsWith("role/") ? model.findRole(input.resource) : undefined;
  const rp = role ? roleProfile(model, role) : undefined;
  const rcps = resourceAccount && resourceAccount !== role?.account ? undefined : rp?.rcps;
  const set: CompiledPolicySet = {
    identity: cp.identity,
    resource: rp && isAssumeRoleAction(input.action) ? rp.trust : undefined,
    permissionBoundary: cp.boundary,
    scps: cp.scps,
    rcps,
  };
  if (cp.scpState === "unknown" && "account" in cp.caller.principal) notes.push(`the SCPs of account ${cp.caller.account} are not known: treated as none`);
  if (!role && isAssumeRoleAction(input.action)) notes.push(`the role ${input.resource} is not in the loaded data: its trust policy is not known`);
  if (!isAssumeRoleAction(input.action) && arn && arn.service !== "iam") {
    notes.push("resource-based policies of this resource (bucket, key, queue policies) are not in the account model: only the caller's side and the organization's policies are evaluated");
  }
  const all = policiesOf(set);
  const built = buildContext(model, cp.caller, role, input.resource, { role: input.resource, context: input.context }, all, now);
  const req = { principal: cp.caller.principal, action: input.action, resource: input.resource, resourceAccount, context: built.context };
  const result = evaluate(req, set, { unknownKeys: built.unknownKeys, assume: "pessimistic" });
  let dependsOn: string[] = [];
  if (result.assumedKeys.length) {
    const opt = evaluate(req, set, { unknownKeys: built.unknownKeys, assume: "optimistic" });
    if (opt.decision !== result.decision) dependsOn = result.assumedKeys;
  }
  // The decision reported is AWS's with the unknown keys absent; dependsOn says it may differ.
  const absent = dependsOn.length ? evaluate(req, set) : result;
  for (const k of dependsOn) notes.push(`depends on ${k}: ${built.why.get(k.toLowerCase()) ?? "not given"}`);
  return {
    decision: absent.decision,
    blockedBy: absent.blockedBy,
    explain: explain(absent),
    summary: summarize(absent) + (dependsOn.length ? ` (if ${dependsOn.join(", ")} ${dependsOn.length === 1 ? "is" : "are"} absent; give ${dependsOn.length === 1 ? "it" : "them"} in the context to be sure)` : ""),
    notes: [...notes, ...absent.notes],
    missingKeys: absent.missingKeys,
    crossAccount: absent.crossAccount,
    dependsOn,
    policies: all.map((p) => ({ label: p.label, name: p.name ?? p.label, document: p.document.raw })),
  };
}
