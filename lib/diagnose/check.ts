// "Can this principal do this action on this resource?" with every policy taken from the
// account model: identity (with groups), boundary, SCPs, RCPs, and the resource's policy where
// the model has it (a role's trust policy for sts:AssumeRole*).

import type { AccountModel } from "@/lib/account/model";
import { parseArn } from "@/lib/policy/arn";
import type { ContextInput } from "@/lib/policy/context";
import { evaluate, isAssumeRoleAction, policiesOf, type CompiledPolicySet } from "@/lib/policy/evaluate";
import { explain, policyFindings, summarize, type ExplainedDecision, type PolicyFinding } from "@/lib/policy/explain";
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
  /** what IAM's policy validation reports for the policies that were evaluated (`[]` when clean) */
  findings: PolicyFinding[];
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
  // A regional resource is called at its own Region's endpoint: without aws:RequestedRegion in the
  // context, that Region is the one the request names (issue 11, "Regions").
  let context = input.context;
  const region = arn && /^[a-z]{2}(-gov)?-[a-z]+-\d+$/.test(arn.region) ? arn.region : undefined;
  if (region && !Object.keys(context ?? {}).some((k) => k.toLowerCase() === "aws:requestedregion")) {
    context = { ...context, "aws:RequestedRegion": region };
    notes.push(`aws:RequestedRegion is ${region}, the Region of the resource: a call on it goes to that Region's endpoint (give aws:RequestedRegion in the context to check another)`);
  }
  const built = buildContext(model, cp.caller, role, input.resource, { role: input.resource, context }, all, now);
  const req = { principal: cp.caller.principal, action: input.action, resource: input.resource, resourceAccount, context: built.context };
  const result = evaluate(req, set, { unknownKeys: built.unknownKeys, assume: "pessimistic" });
  // The unknown keys matter only when they could make the request allowed: an action no policy
  // allows is denied whatever they are (issue 11: "may be allowed" only for what some policy allows).
  let dependsOn: string[] = [];
  if (result.assumedKeys.length && result.decision !== "allowed") {
    const opt = evaluate(req, set, { unknownKeys: built.unknownKeys, assume: "optimistic" });
    if (opt.decision === "allowed") dependsOn = result.assumedKeys;
  }
  // The decision reported is AWS's with the unknown keys absent; dependsOn says it may differ.
  const absent = dependsOn.length ? evaluate(req, set) : result;
  for (const k of dependsOn) notes.push(`depends on ${k}: ${built.why.get(k.toLowerCase()) ?? "not given"}`);
  // Every real request carries aws:RequestedRegion: its absence is no answer, so the decision is
  // reported as unknown (the Region of a non-regional ARN such as an S3 bucket's is not in it).
  const regionUnknown = dependsOn.some((k) => k.toLowerCase() === "aws:requestedregion");
  if (regionUnknown && !absent.unknown) {
    absent.unknown = `the decision depends on aws:RequestedRegion, the Region the call goes to, which neither the context nor the resource ARN gives`;
  }
  return {
    decision: absent.decision,
    blockedBy: absent.blockedBy,
    explain: explain(absent),
    summary: regionUnknown
      ? `Not known: allowed or not depending on ${dependsOn.join(", ")}; give ${dependsOn.length === 1 ? "it" : "them"} in the context (aws:RequestedRegion: the Region of the call).`
      : summarize(absent) + (dependsOn.length ? ` (if ${dependsOn.join(", ")} ${dependsOn.length === 1 ? "is" : "are"} absent; give ${dependsOn.length === 1 ? "it" : "them"} in the context to be sure)` : ""),
    notes: [...notes, ...absent.notes],
    missingKeys: absent.missingKeys,
    crossAccount: absent.crossAccount,
    ...(absent.fixedRule ? { fixedRule: absent.fixedRule } : {}),
    ...(absent.unknown ? { unknown: absent.unknown } : {}),
    findings: policyFindings(all),
    dependsOn,
    policies: all.map((p) => ({ label: p.label, name: p.name ?? p.label, document: p.document.raw })),
  };
}
