// POST /api/evaluate: the request schema (shared with the client) and the service behind it.
// Everything is in the request; nothing is looked up.

import { z } from "zod";
import {
  PolicyParseError,
  buildRequest,
  compilePolicyInput,
  evaluate,
  explain,
  isAssumeRoleAction,
  parseArn,
  policyNotes,
  policiesOf,
  summarize,
  type CompiledPolicy,
  type CompiledPolicySet,
  type ExplainedDecision,
  type PolicyKind,
} from "@/lib/policy";
import { ApiError } from "./http";

const MAX = 2048;

export const PolicyInput = z.union([z.record(z.string(), z.unknown()), z.string().max(131_072)], {
  error: "expected a policy document: a JSON object, or a JSON string (URL-encoded is fine)",
});

const ContextScalar = z.union([z.string().max(MAX), z.number(), z.boolean()]);
export const ContextSchema = z
  .record(z.string().min(1).max(256), z.union([ContextScalar, z.array(ContextScalar).max(256)]))
  .refine((c) => Object.keys(c).length <= 200, "at most 200 context keys");

export const Principal = z.string().trim().min(1, "the principal is required").max(MAX);
export const Action = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/, 'expected an action such as "sts:AssumeRole" (service prefix, colon, action name; no wildcards)');
export const Resource = z
  .string()
  .trim()
  .max(MAX)
  .refine((r) => r === "*" || parseArn(r) !== null, 'expected an ARN (arn:partition:service:region:account:resource) or "*"');
export const AccountId = z.string().regex(/^\d{12}$/, "expected a 12-digit account ID");

const Levels = z.array(z.array(PolicyInput).max(20)).max(10);

export const EvaluateRequest = z.strictObject({
  principal: Principal,
  action: Action,
  resource: Resource,
  resourceAccount: AccountId.optional(),
  context: ContextSchema.optional(),
  identityPolicies: z.array(PolicyInput).max(50).optional(),
  resourcePolicy: PolicyInput.optional(),
  permissionBoundary: PolicyInput.optional(),
  scps: Levels.optional(),
  rcps: Levels.optional(),
  sessionPolicy: PolicyInput.optional(),
});
export type EvaluateRequest = z.infer<typeof EvaluateRequest>;

export type EvaluateResponse = ExplainedDecision;

function compileAt(input: unknown, kind: PolicyKind, label: string, path: (string | number)[]): CompiledPolicy {
  try {
    return compilePolicyInput(input, kind, label);
  } catch (e) {
    if (e instanceof PolicyParseError) {
      const message = `${label}: ${e.message}`;
      throw new ApiError(400, "invalid_request", message, [{ path: [...path, ...(e.path ? e.path.split(/\.|(?=\[)/).filter(Boolean) : [])], message }]);
    }
    throw e;
  }
}

/** Compile the policies of a request once; the result can be evaluated many times. */
export function compileEvaluateRequest(input: EvaluateRequest): CompiledPolicySet {
  const trust = input.resourcePolicy !== undefined && isAssumeRoleAction(input.action) && /^arn:[^:]+:iam::\d{12}:role\//.test(input.resource);
  return {
    identity: (input.identityPolicies ?? []).map((p, i) => compileAt(p, "identity", `identity[${i}]`, ["identityPolicies", i])),
    resource: input.resourcePolicy !== undefined ? compileAt(input.resourcePolicy, trust ? "trust" : "resource", "resource", ["resourcePolicy"]) : undefined,
    permissionBoundary: input.permissionBoundary !== undefined ? compileAt(input.permissionBoundary, "permissionBoundary", "permissionBoundary", ["permissionBoundary"]) : undefined,
    scps: input.scps?.map((level, l) => level.map((p, i) => compileAt(p, "scp", `scps[${l}][${i}]`, ["scps", l, i]))),
    rcps: input.rcps?.map((level, l) => level.map((p, i) => compileAt(p, "rcp", `rcps[${l}][${i}]`, ["rcps", l, i]))),
    session: input.sessionPolicy !== undefined ? compileAt(input.sessionPolicy, "session", "session", ["sessionPolicy"]) : undefined,
  };
}

export function evaluateRequest(input: EvaluateRequest, warnings: string[] = []): EvaluateResponse {
  const policies = compileEvaluateRequest(input);
  const req = buildRequest(input);
  if (typeof req === "string") throw new ApiError(400, "invalid_request", `principal: ${req}`, [{ path: ["principal"], message: req }]);
  const result = evaluate(req, policies);
  return {
    decision: result.decision,
    blockedBy: result.blockedBy,
    explain: explain(result),
    summary: summarize(result),
    notes: [...warnings, ...result.notes, ...policyNotes(policiesOf(policies))],
    missingKeys: result.missingKeys,
    crossAccount: result.crossAccount,
  };
}
