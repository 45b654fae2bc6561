// Groups an evaluation's statement explanations by policy, in the order AWS evaluates them, and
// marks the policies a reader should look at first: the ones that decided, or that blocked.

import type { EvaluateRequest, EvaluateResponse } from "@/lib/api/evaluate";
import type { StatementExplanation } from "@/lib/policy/explain";
import type { PolicyType } from "@/lib/policy/evaluate";

export interface PolicyGroup {
  /** `identity[0]`, `resource`, `scps[1][0]`, … */
  label: string;
  policyType: PolicyType;
  policyName?: string;
  statements: StatementExplanation[];
  /** a statement of this policy decided the outcome */
  decisive: boolean;
  /** this policy is why the request was denied (its Deny applied, or it is a kind that allowed nothing) */
  blocking: boolean;
}

const levelOf = (label: string): string | null => /^((?:scps|rcps)\[\d+\])\[\d+\]$/.exec(label)?.[1] ?? null;

export function groupExplanations(res: Pick<EvaluateResponse, "decision" | "blockedBy" | "explain">): PolicyGroup[] {
  const groups = new Map<string, PolicyGroup>();
  for (const s of res.explain) {
    let g = groups.get(s.policy);
    if (!g) {
      g = { label: s.policy, policyType: s.policyType, ...(s.policyName ? { policyName: s.policyName } : {}), statements: [], decisive: false, blocking: false };
      groups.set(s.policy, g);
    }
    g.statements.push(s);
    if (s.decisive) g.decisive = true;
  }
  const all = [...groups.values()];
  if (res.decision === "explicitDeny") {
    for (const g of all) g.blocking = g.statements.some((s) => s.decisive && s.effect === "Deny");
  } else if (res.decision === "implicitDeny") {
    // An SCP (or RCP) level denies when none of its policies allows: mark only those levels.
    const levelAllows = new Map<string, boolean>();
    for (const g of all) {
      const lv = levelOf(g.label);
      if (lv) levelAllows.set(lv, (levelAllows.get(lv) ?? false) || g.statements.some((s) => s.applies && s.effect === "Allow"));
    }
    for (const g of all) {
      if (!res.blockedBy.includes(g.policyType)) continue;
      const lv = levelOf(g.label);
      g.blocking = lv ? levelAllows.get(lv) === false : true;
    }
  }
  return all;
}

/** Labels of the policies a request carried, in AWS's evaluation order. */
export function requestLabels(req: EvaluateRequest): string[] {
  const out: string[] = [];
  req.rcps?.forEach((lv, l) => lv.forEach((_, i) => out.push(`rcps[${l}][${i}]`)));
  req.scps?.forEach((lv, l) => lv.forEach((_, i) => out.push(`scps[${l}][${i}]`)));
  if (req.endpointPolicy !== undefined) out.push("endpoint");
  if (req.resourcePolicy !== undefined) out.push("resource");
  req.identityPolicies?.forEach((_, i) => out.push(`identity[${i}]`));
  if (req.permissionBoundary !== undefined) out.push("permissionBoundary");
  if (req.sessionPolicy !== undefined) out.push("session");
  return out;
}

/** Policies the request carried that the engine did not evaluate (e.g. SCPs for a service principal). */
export function unevaluatedLabels(req: EvaluateRequest, res: Pick<EvaluateResponse, "explain">): string[] {
  const seen = new Set(res.explain.map((s) => s.policy));
  return requestLabels(req).filter((l) => !seen.has(l));
}
