// A policy check (POST /api/check's answer) in a terminal: the verdict, the statements that decide
// it, and for a decision that depends on unknown condition keys the flag that settles it.

import type { CheckResult } from "@/lib/diagnose/check";
import type { StatementExplanation } from "@/lib/policy/explain";
import { PLAIN, type Style } from "./style";
import type { Verdict } from "./verdict";

/** Either kind of deny is `denied`; a decision that unknown keys could change is `unknown`. */
export function checkVerdict(r: Pick<CheckResult, "decision" | "dependsOn">): Verdict {
  if (r.dependsOn.length) return "unknown";
  return r.decision === "allowed" ? "allowed" : "denied";
}

function statementJson(r: CheckResult, e: StatementExplanation): string | undefined {
  const doc = r.policies.find((p) => p.label === e.policy)?.document as { Statement?: unknown } | undefined;
  const list = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  const st = list[e.statement];
  return st ? JSON.stringify(st) : undefined;
}

const DECISION = { allowed: "allowed", explicitDeny: "explicit deny", implicitDeny: "implicit deny: nothing allows it" } as const;

export function renderCheck(r: CheckResult, input: { principal: string; action: string; resource: string }, s: Style = PLAIN): string {
  const verdict = checkVerdict(r);
  const colour = verdict === "allowed" ? s.green : verdict === "denied" ? s.red : s.yellow;
  const lines = [`${colour(s.bold(verdict.toUpperCase()))} ${s.dim(`(${DECISION[r.decision]})`)}  ${input.principal} → ${input.action} → ${input.resource}`, "", `  ${r.summary}`];
  const decisive = r.explain.filter((e) => e.decisive);
  if (decisive.length) {
    lines.push("", `  ${s.dim("decided by:")}`);
    for (const e of decisive) {
      lines.push(`    ${e.policyName ?? e.policy}, ${e.sid ? `statement ${e.sid}` : `statement ${e.statement + 1}`} ${s.dim(`(${e.effect})`)}: ${e.reason}`);
      const json = statementJson(r, e);
      if (json) lines.push(`      ${s.dim(json)}`);
    }
  }
  if (r.dependsOn.length) {
    lines.push("", `${s.bold("To decide")}, give: ${r.dependsOn.map((k) => `--context ${k}=VALUE`).join("; ")}`);
  }
  if (r.notes.length) lines.push("", ...r.notes.map((n) => `${s.dim("note:")} ${n}`));
  return `${lines.join("\n")}\n`;
}
