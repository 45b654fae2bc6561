// The external workload of `npm run bench -- --workload FILE`: one `POST /api/evaluate` request
// body per line (shared/API.md, "Benchmark command"). Everything here is I/O-free so that the
// test can drive it; bench/run.ts is the CLI around it.
//
// Policies are compiled once, before any timing; identical documents (same kind, same place in
// the request, same text) are compiled once and shared, as a server's policy cache would.

import { z } from "zod";
import {
  buildRequest,
  compilePolicyInput,
  evaluate,
  isAssumeRoleAction,
  PolicyParseError,
  type CompiledPolicy,
  type CompiledPolicySet,
  type Decision,
  type EvaluationRequest,
  type PolicyKind,
} from "../lib/policy";

// ---------------------------------------------------------------------------------------------
// The request body (shared/API.md, POST /api/evaluate). Unknown fields are rejected, as the API
// rejects them; policy documents are checked by the engine's own parser.

const policyInput = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: "expected a policy document (a JSON object or a JSON string)",
});
const contextScalar = z.union([z.string(), z.number(), z.boolean()]);

export const evaluateBodySchema = z.strictObject({
  principal: z.string().min(1),
  action: z.string().min(1),
  resource: z.string().min(1),
  resourceAccount: z.string().regex(/^\d{12}$/, "must be a 12-digit account ID").optional(),
  context: z.record(z.string(), z.union([contextScalar, z.array(contextScalar)])).optional(),
  identityPolicies: z.array(policyInput).optional(),
  resourcePolicy: policyInput.optional(),
  permissionBoundary: policyInput.optional(),
  scps: z.array(z.array(policyInput)).optional(),
  rcps: z.array(z.array(policyInput)).optional(),
  sessionPolicy: policyInput.optional(),
});

export type EvaluateBody = z.infer<typeof evaluateBodySchema>;

/** A request body that cannot be used; `message` is what a person reads. */
export class BodyError extends Error {}

/** A bad line of a workload file; the message reads `line N: …`. */
export class WorkloadLineError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = "WorkloadLineError";
  }
}

/** A decision that differed from the first evaluation of the same request. */
export class DecisionMismatchError extends Error {
  constructor(
    readonly line: number,
    readonly expected: Decision,
    readonly actual: Decision,
    readonly evaluation: number,
  ) {
    super(`line ${line}: decision changed from ${expected} (first evaluation) to ${actual} at evaluation ${evaluation}`);
    this.name = "DecisionMismatchError";
  }
}

/** A request ready to evaluate: the request and its compiled policies. */
export interface CompiledRequest {
  /** 1-based line in the workload file (or index + 1 for built-in workloads) */
  line: number;
  request: EvaluationRequest;
  policies: CompiledPolicySet;
}

export interface Workload {
  requests: CompiledRequest[];
  /** policy documents named by the requests, counting repeats */
  policyCount: number;
  /** documents actually compiled (repeats share one compiled policy) */
  compiledCount: number;
}

/** Compiles policy documents, sharing one compiled policy among identical documents. */
export class PolicyCompiler {
  private readonly cache = new Map<string, CompiledPolicy>();
  requested = 0;

  get compiled(): number {
    return this.cache.size;
  }

  compile(input: string | Record<string, unknown>, kind: PolicyKind, label: string): CompiledPolicy {
    this.requested++;
    const key = `${kind}\u0000${label}\u0000${typeof input === "string" ? input : JSON.stringify(input)}`;
    let policy = this.cache.get(key);
    if (!policy) {
      try {
        policy = compilePolicyInput(input, kind, label);
      } catch (e) {
        if (e instanceof PolicyParseError) throw new BodyError(e.path ? `${label}: ${e.message}` : `${label}: ${e.detail}`);
        throw e;
      }
      this.cache.set(key, policy);
    }
    return policy;
  }
}

const IAM_ROLE = /^arn:[^:]+:iam::\d{12}:role\//;

/** The kind of a request's resource policy: a role's trust policy for sts:AssumeRole* on a role. */
export function resourcePolicyKind(action: string, resource: string): PolicyKind {
  return isAssumeRoleAction(action) && IAM_ROLE.test(resource) ? "trust" : "resource";
}

/** Validate a POST /api/evaluate body and compile it; throws BodyError. */
export function compileEvaluateBody(raw: unknown, compiler = new PolicyCompiler()): { request: EvaluationRequest; policies: CompiledPolicySet } {
  const parsed = evaluateBodySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
    throw new BodyError(`${where}${issue.message}`);
  }
  const body = parsed.data;
  const request = buildRequest({
    principal: body.principal,
    action: body.action,
    resource: body.resource,
    resourceAccount: body.resourceAccount,
    context: body.context,
  });
  if (typeof request === "string") throw new BodyError(`principal: ${request}`);

  const levels = (list: Array<Array<string | Record<string, unknown>>> | undefined, kind: "scp" | "rcp", name: string) =>
    list?.map((level, i) => level.map((doc, j) => compiler.compile(doc, kind, `${name}[${i}][${j}]`)));
  const policies: CompiledPolicySet = {
    identity: (body.identityPolicies ?? []).map((doc, i) => compiler.compile(doc, "identity", `identityPolicies[${i}]`)),
    resource: body.resourcePolicy === undefined ? undefined : compiler.compile(body.resourcePolicy, resourcePolicyKind(body.action, body.resource), "resourcePolicy"),
    permissionBoundary: body.permissionBoundary === undefined ? undefined : compiler.compile(body.permissionBoundary, "permissionBoundary", "permissionBoundary"),
    scps: levels(body.scps, "scp", "scps"),
    rcps: levels(body.rcps, "rcp", "rcps"),
    session: body.sessionPolicy === undefined ? undefined : compiler.compile(body.sessionPolicy, "session", "sessionPolicy"),
  };
  return { request, policies };
}

function formatPath(path: PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out;
}

/** Compile request bodies that are already decoded (the built-in workloads). */
export function compileBodies(bodies: unknown[]): Workload {
  const compiler = new PolicyCompiler();
  const requests = bodies.map((body, i) => {
    try {
      return { line: i + 1, ...compileEvaluateBody(body, compiler) };
    } catch (e) {
      if (e instanceof BodyError) throw new WorkloadLineError(i + 1, e.message);
      throw e;
    }
  });
  return { requests, policyCount: compiler.requested, compiledCount: compiler.compiled };
}

/** Parse and compile a workload file (JSON lines; blank lines are skipped). Throws WorkloadLineError. */
export function parseWorkload(text: string): Workload {
  const compiler = new PolicyCompiler();
  const requests: CompiledRequest[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, i) => {
    const line = i + 1;
    if (lineText.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(lineText);
    } catch (e) {
      throw new WorkloadLineError(line, `invalid JSON: ${(e as Error).message}`);
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new WorkloadLineError(line, "expected a JSON object (a POST /api/evaluate request body)");
    }
    try {
      requests.push({ line, ...compileEvaluateBody(raw, compiler) });
    } catch (e) {
      if (e instanceof BodyError) throw new WorkloadLineError(line, e.message);
      throw e;
    }
  });
  if (requests.length === 0) throw new WorkloadLineError(1, "the workload holds no request (one POST /api/evaluate body per line)");
  return { requests, policyCount: compiler.requested, compiledCount: compiler.compiled };
}

/** The first evaluation of every request: the decisions later evaluations must repeat. */
export function firstDecisions(workload: Workload): Decision[] {
  return workload.requests.map((r) => evaluate(r.request, r.policies).decision);
}

export function decisionMix(decisions: Decision[]): Record<Decision, number> {
  const mix: Record<Decision, number> = { allowed: 0, implicitDeny: 0, explicitDeny: 0 };
  for (const d of decisions) mix[d]++;
  return mix;
}

export interface RunLimits {
  /** stop after this many seconds (checked every few hundred evaluations) */
  seconds?: number;
  /** stop after this many evaluations */
  evaluations?: number;
}

export interface RunResult {
  evaluations: number;
  seconds: number;
  perSecond: number;
}

/** Evaluations between clock reads: the clock stays out of the measurement. */
const BATCH = 256;

/**
 * Evaluate the requests round-robin on this thread until a limit is reached, checking every
 * decision against `expected`. Throws DecisionMismatchError.
 */
export function runRoundRobin(workload: Workload, expected: Decision[], limits: RunLimits): RunResult {
  const reqs = workload.requests;
  const n = reqs.length;
  if (n === 0 || expected.length !== n) throw new Error("runRoundRobin: expected one decision per request");
  if (limits.seconds === undefined && limits.evaluations === undefined) throw new Error("runRoundRobin: give seconds or evaluations");
  const maxEvaluations = limits.evaluations ?? Number.POSITIVE_INFINITY;
  const start = performance.now();
  const deadline = limits.seconds === undefined ? Number.POSITIVE_INFINITY : start + limits.seconds * 1000;
  let i = 0;
  let count = 0;
  let now = start;
  while (count < maxEvaluations && now < deadline) {
    const batch = Math.min(BATCH, maxEvaluations - count);
    for (let k = 0; k < batch; k++) {
      const r = reqs[i]!;
      const decision = evaluate(r.request, r.policies).decision;
      if (decision !== expected[i]) throw new DecisionMismatchError(r.line, expected[i]!, decision, count + k + 1);
      if (++i === n) i = 0;
    }
    count += batch;
    now = performance.now();
  }
  const seconds = (now - start) / 1000;
  return { evaluations: count, seconds, perSecond: seconds > 0 ? count / seconds : 0 };
}
