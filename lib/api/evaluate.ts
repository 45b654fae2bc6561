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
import { CONDITION_KEY_PATTERN } from "@/lib/policy/parse";
import { policyFindings, type PolicyFinding } from "@/lib/policy/explain";
import { ApiError } from "./http";

const MAX = 2048;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// A policy object is passed through untouched (z.record would copy it into a plain object and
// silently drop a `__proto__` key, issue 15 item 4); lib/policy/parse.ts validates it.
export const PolicyInput = z.union([z.custom<Record<string, unknown>>(isPlainObject), z.string().max(131_072)], {
  error: "expected a policy document: a JSON object, or a JSON string (URL-encoded is fine)",
});

const ContextScalar = z.union([z.string().max(MAX, `a context value may have at most ${MAX} characters`), z.number(), z.boolean()]);
const ContextValue = z.union([ContextScalar, z.array(ContextScalar).max(256, "at most 256 values per context key")]);
export type ContextValue = z.infer<typeof ContextValue>;

/**
 * The request context: condition keys of the form `prefix:name` (aws:SourceIp, s3:prefix,
 * aws:PrincipalTag/team). Checked on the raw object's own keys, so that `__proto__` (which a
 * plain record would drop without a word) is refused with a 400 that says what to fix.
 */
export const ContextSchema = z.custom<Record<string, unknown>>(isPlainObject, "expected an object of condition keys and values").transform((raw, ctx) => {
  const keys = Object.keys(raw);
  if (keys.length > 200) {
    ctx.addIssue({ code: "custom", message: "at most 200 context keys" });
    return z.NEVER;
  }
  const out: Record<string, ContextValue> = {};
  for (const key of keys) {
    if (key.length > 256 || !CONDITION_KEY_PATTERN.test(key)) {
      ctx.addIssue({ code: "custom", path: [key], message: `context key ${JSON.stringify(key.slice(0, 80))} is not a condition key: use the form prefix:name, such as aws:SourceIp or aws:PrincipalTag/team` });
      continue;
    }
    const parsed = ContextValue.safeParse(Object.getOwnPropertyDescriptor(raw, key)?.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [key, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))], message: issue.message });
      continue;
    }
    out[key] = parsed.data;
  }
  return out;
});

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
  endpointPolicy: PolicyInput.optional(),
});
export type EvaluateRequest = z.infer<typeof EvaluateRequest>;

export type EvaluateResponse = ExplainedDecision & { findings: PolicyFinding[] };

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
    endpoint: input.endpointPolicy !== undefined ? compileAt(input.endpointPolicy, "endpoint", "endpoint", ["endpointPolicy"]) : undefined,
  };
}

export function evaluateRequest(input: EvaluateRequest, warnings: string[] = []): EvaluateResponse {
  const policies = compileEvaluateRequest(input);
  const req = buildRequest(input);
  if (typeof req === "string") throw new ApiError(400, "invalid_request", `principal: ${req}`, [{ path: ["principal"], message: req }]);
  const result = evaluate(req, policies);
  const all = policiesOf(policies);
  return {
    decision: result.decision,
    blockedBy: result.blockedBy,
    explain: explain(result),
    summary: summarize(result),
    notes: [...warnings, ...result.notes, ...policyNotes(all)],
    missingKeys: result.missingKeys,
    crossAccount: result.crossAccount,
    ...(result.fixedRule ? { fixedRule: result.fixedRule } : {}),
    ...(result.unknown ? { unknown: result.unknown } : {}),
    findings: policyFindings(all),
  };
}
