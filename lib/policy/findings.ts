// Policy validation findings: what IAM would refuse (or warn about) when the document is stored,
// in the four severities of IAM Access Analyzer's policy validation. A document with findings is
// still evaluated as far as its elements allow.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-validation.html

export type FindingSeverity = "error" | "security-warning" | "warning" | "suggestion";

export interface Finding {
  /** index of the statement it concerns, when it concerns one */
  statement?: number;
  severity: FindingSeverity;
  /** a stable identifier, e.g. `trust-policy-resource` */
  code: string;
  /** what is wrong, with IAM's own wording where IAM has one */
  message: string;
  /** where in the document, e.g. `Statement[0].Resource` */
  path?: string;
}

export function finding(statement: number | undefined, severity: FindingSeverity, code: string, message: string, path?: string): Finding {
  return { ...(statement !== undefined ? { statement } : {}), severity, code, message, ...(path ? { path } : {}) };
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, "security-warning": 1, warning: 2, suggestion: 3 };

/** Most severe first, then by statement. */
export function sortFindings<T extends Finding>(fs: T[]): T[] {
  return [...fs].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.statement ?? -1) - (b.statement ?? -1));
}
