// Validation findings of a policy draft, computed in the browser as the user types: lib/policy is
// pure TypeScript, so the evaluator shows what IAM would refuse before anything is sent.

import { compilePolicyInput } from "@/lib/policy/compile";
import type { Finding } from "@/lib/policy/findings";
import { PolicyParseError, type PolicyKind } from "@/lib/policy/parse";

/** The findings of `text` as a policy of `kind`; null when it is not a policy at all (or empty). */
export function draftFindings(text: string, kind: PolicyKind): Finding[] | null {
  if (!text.trim()) return null;
  try {
    return compilePolicyInput(text, kind, "draft").findings;
  } catch (e) {
    if (e instanceof PolicyParseError) return null;
    throw e;
  }
}

export const SEVERITY_LABEL: Record<Finding["severity"], string> = {
  error: "Error",
  "security-warning": "Security warning",
  warning: "Warning",
  suggestion: "Suggestion",
};

export const SEVERITY_TONE: Record<Finding["severity"], string> = {
  error: "border-red-200 bg-red-50 text-red-900",
  "security-warning": "border-orange-200 bg-orange-50 text-orange-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  suggestion: "border-sky-200 bg-sky-50 text-sky-900",
};
