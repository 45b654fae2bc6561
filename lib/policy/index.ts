// The IAM policy evaluation engine: pure TypeScript, no I/O.
export * from "./types";
export { parsePolicy, PolicyParseError, kindLabel, type PolicyKind } from "./parse";
export { compilePolicy, compilePolicyInput, type CompiledPolicy, type CompiledStatement } from "./compile";
export { evaluate, isAssumeRoleAction, policiesOf, resourceAccountOf, POLICY_TYPE_ORDER } from "./evaluate";
export type { CompiledPolicySet, Decision, EvaluationOptions, EvaluationRequest, EvaluationResult, PolicyType, StatementTrace } from "./evaluate";
export { RequestContext, type ContextInput } from "./context";
export { buildRequest, deriveContext, principalArnKey, type RequestInput } from "./request";
export { parseRequestPrincipal, principalLabel, type RequestPrincipal, type PrincipalMatchKind } from "./principal";
export { explain, explainTrace, summarize, policyNotes, TYPE_LABEL, type ExplainedDecision, type StatementExplanation } from "./explain";
export { parseArn } from "./arn";
export type { Finding, FindingSeverity } from "./findings";
