// Passing session tags makes STS also authorize sts:TagSession (R3.T); a source identity,
// sts:SetSourceIdentity (R3.S). Each extra action is authorized like sts:AssumeRole: the trust
// policy must list it, the identity side must allow it where it must allow sts:AssumeRole, and
// the boundary, the organization's policies and the VPC endpoint policy apply to it too.

import type { PolicyType } from "@/lib/policy/evaluate";
import { joinOr } from "@/lib/policy/explain";
import { REPORT_ORDER } from "../errors";
import { statementsOf, trustFix, withStatements } from "../fix-kit";
import { statusOf, unknownKeysOf, whyUnknown, type RoleSetup } from "../setup";
import type { Check, CheckId, Fix } from "../types";
import { endpointFix } from "./vpc-endpoint-policy";
import { boundaryOutcome } from "./permission-boundary";
import { identityAllowFix, identityOutcome } from "./identity-policy";
import { trustConditionOn } from "./trust-conditions";
import type { CheckOutcome } from "./types";

const POLICY_NAME: Record<PolicyType, string> = {
  resource: "the trust policy",
  identity: "the caller's identity policies",
  permissionBoundary: "the caller's permissions boundary",
  scp: "an SCP",
  rcp: "an RCP",
  session: "the caller's session policy",
  endpoint: "the VPC endpoint policy",
};

export function extraActionOutcome(s: RoleSetup, action: string, given: boolean, label: string, owns: (lowerKey: string) => boolean): CheckOutcome {
  const fromTrust = trustConditionOn(s, owns);
  if (!given) return fromTrust ?? { status: "not-applicable", detail: `No ${label} passed.` };
  const e = s.evaluate(action);
  const fail = new Set<PolicyType>();
  const unknown = new Set<PolicyType>();
  for (const t of ["rcp", "scp", "endpoint", "resource"] as const) {
    const st = statusOf(e, t);
    if (st === "fail") fail.add(t);
    else if (st === "unknown") unknown.add(t);
  }
  if (!s.isService && s.principal.type !== "root") {
    const id = identityOutcome(s, action);
    if (id.status === "fail") fail.add("identity");
    else if (id.status === "unknown") unknown.add("identity");
    if (s.policies.permissionBoundary && !s.profile.boundaryMissing) {
      const b = boundaryOutcome(s, action);
      if (b.status === "fail") fail.add("permissionBoundary");
      else if (b.status === "unknown") unknown.add("permissionBoundary");
    }
  }
  const failing = REPORT_ORDER.filter((t) => fail.has(t));
  const traces = e.opt.traces.filter((t) => fail.has(t.type) || t.type === "resource");
  if (failing.length || fromTrust?.status === "fail") {
    const parts = [
      ...(failing.length ? [`Passing ${label} makes STS also authorize ${action}, which ${joinOr(failing.map((t) => POLICY_NAME[t]))} does not allow.`] : []),
      ...(fromTrust?.status === "fail" ? [`${fromTrust.detail}.`] : []),
    ];
    return { status: "fail", detail: parts.join(" "), traces: [...(fromTrust?.traces ?? []), ...traces], failingPolicyTypes: failing };
  }
  if (unknown.size || fromTrust?.status === "unknown") {
    const keys = [...new Set([...unknown].flatMap((t) => unknownKeysOf(e, t)))];
    return { status: "unknown", detail: fromTrust?.status === "unknown" ? fromTrust.detail : `${action} depends on what is not known: ${whyUnknown(s, keys)}.`, ...(keys.length ? { unknownKeys: keys } : {}) };
  }
  return { status: "pass", detail: `${action} is allowed.`, traces };
}

/** Every side that does not allow the extra action gets its change; trust and identity in one fix. */
export function extraActionFixes(s: RoleSetup, check: Check, assumeTrust: Check | undefined, id: CheckId, action: string, what: string): Fix[] {
  const types = check.failingPolicyTypes ?? [];
  const fixes: Fix[] = [];
  let trustSide: Fix | undefined;
  if (types.includes("resource")) {
    const admitting = assumeTrust?.policies?.[0]?.decisive[0];
    const sts = statementsOf(s.role.trustPolicy);
    if (admitting !== undefined && sts[admitting]) {
      const st = sts[admitting]!;
      const actions = Array.isArray(st.Action) ? (st.Action as string[]) : [st.Action as string];
      const updated = { ...st, Action: [...actions, action] };
      trustSide = trustFix(s.role, withStatements(s.role.trustPolicy, sts.map((x, i) => (i === admitting ? updated : x))), `Allow ${action} in the trust policy`, `Passing ${what} makes STS also authorize ${action}; the trust statement that admits the caller must list it.`, updated, id);
    }
  }
  const identity = types.includes("identity") ? identityAllowFix(s, [action]) : undefined;
  if (identity) {
    fixes.push({
      ...identity,
      target: id,
      title: trustSide ? `Allow ${action} in the trust policy and in the caller's identity policy` : `Allow ${action} on ${s.role.name} in the caller's identity policy`,
      explanation: `Passing ${what} makes STS also authorize ${action}${trustSide ? ": the trust statement that admits the caller must list it, and" : ";"} because the trust policy delegates to the account${s.crossAccount ? " (and the caller is in another account)" : ""}, the caller's identity policy must allow it too.${trustSide ? ` Trust policy: ${trustSide.cli}` : ""}`,
      patches: [...(trustSide?.patches ?? []), ...(identity.patches ?? [])],
    });
  } else if (trustSide) fixes.push(trustSide);
  if (types.includes("endpoint") && s.endpoint) {
    const f = endpointFix(s, [action]);
    if (f) fixes.push({ ...f, target: id });
  }
  return fixes;
}
