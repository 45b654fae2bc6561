"use client";

import type { FindingSeverity } from "@/lib/policy/findings";
import { SEVERITY_LABEL, SEVERITY_TONE } from "@/lib/ui/policy-findings";

export interface ShownFinding {
  statement?: number | null;
  severity: FindingSeverity;
  code: string;
  message: string;
}

/** Findings of one policy (or one statement), as IAM Access Analyzer's policy validation names them. */
export function FindingList({ findings, withStatement = true }: { findings: ShownFinding[]; withStatement?: boolean }) {
  if (findings.length === 0) return null;
  return (
    <ul className="mt-1 space-y-1" data-testid="policy-findings">
      {findings.map((f, i) => (
        <li
          key={`${f.code}-${f.statement ?? "doc"}-${i}`}
          className={`rounded border px-2 py-1 text-xs ${SEVERITY_TONE[f.severity]}`}
          data-testid="finding"
          data-severity={f.severity}
          data-code={f.code}
          data-statement={f.statement ?? ""}
        >
          <span className="font-semibold">{SEVERITY_LABEL[f.severity]}</span>
          {withStatement && <span className="font-medium">{f.statement === undefined || f.statement === null ? " · document" : ` · statement #${f.statement}`}</span>}
          <span className="font-mono text-[11px] opacity-75"> {f.code}</span>: {f.message}
        </li>
      ))}
    </ul>
  );
}
