// One AssumeRole check (../shared/API.md, "POST /api/diagnose"): a module per check owns what it
// evaluates, its status and detail, and its fixes. lib/diagnose/diagnose.ts runs them in order.

import type { BaseSetup, CheckOutcome, RoleSetup } from "../setup";
import type { Check, CheckId, DiagnoseInput, DiagnoseResult, Fix } from "../types";

/** STS rejects a malformed parameter before it reads any policy (a ValidationError). */
export interface Validation {
  detail: string;
  /** `Value '…' at '…' failed to satisfy constraint: …` parts of the ValidationError (R5.22–R5.24) */
  violations: string[];
}

export interface AssumeRoleCheck {
  id: CheckId;
  title: string;
  validate?(input: DiagnoseInput): Validation | undefined;
  /** the answer when the role is not in the model; by default not-applicable (no such role) or unknown */
  withoutRole?(s: BaseSetup): CheckOutcome | undefined;
  evaluate(s: RoleSetup): CheckOutcome;
  /** the smallest changes that make this failing check pass */
  fixes?(s: RoleSetup, check: Check, result: DiagnoseResult): Fix[];
}

export { type CheckOutcome } from "../setup";
