// The external workload of `npm run bench -- --workload FILE`: one `POST /api/evaluate` request
// body per line (shared/API.md, "Benchmark command"). Each line is validated and compiled by the
// API's own code (lib/api/evaluate.ts), once, before any timing. Everything here is I/O-free so
// that the test can drive it; bench/main.ts is the CLI around it.

import type { z } from "zod";
import { ApiError } from "../lib/api/http";
import { compileEvaluateRequest, EvaluateRequest } from "../lib/api/evaluate";
import { buildRequest, evaluate, policiesOf, type CompiledPolicySet, type Decision, type EvaluationRequest } from "../lib/policy";

/** A POST /api/evaluate request body as a client writes it. */
export type EvaluateBody = z.input<typeof EvaluateRequest>;

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
  /** 1-based line in the workload file (index + 1 for built-in workloads) */
  line: number;
  request: EvaluationRequest;
  policies: CompiledPolicySet;
}

export interface Workload {
  requests: CompiledRequest[];
  /** policy documents compiled, over all requests */
  policyCount: number;
  /** distinct compiled policy sets: requests with identical policies share one */
  policySets: number;
}

function formatPath(path: PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out;
}

/** Validate and compile one request body as POST /api/evaluate does; a string is the error. */
export function compileBody(raw: unknown): { request: EvaluationRequest; policies: CompiledPolicySet } | string {
  const parsed = EvaluateRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const message = issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message;
    return issue.path.length > 0 ? `${formatPath(issue.path)}: ${message}` : message;
  }
  let policies: CompiledPolicySet;
  try {
    policies = compileEvaluateRequest(parsed.data);
  } catch (e) {
    if (e instanceof ApiError) return e.message;
    throw e;
  }
  const request = buildRequest(parsed.data);
  if (typeof request === "string") return `principal: ${request}`;
  return { request, policies };
}

/**
 * Compile every body; requests whose policies are the same documents (decoded, in the same places,
 * compiled to the same kinds) then share one compiled set, as a server that caches compiled
 * policies would run them.
 */
function workloadOf(bodies: Array<{ line: number; body: unknown }>): Workload {
  const sets = new Map<string, CompiledPolicySet>();
  let policyCount = 0;
  const requests = bodies.map(({ line, body }) => {
    const compiled = compileBody(body);
    if (typeof compiled === "string") throw new WorkloadLineError(line, compiled);
    const policies = policiesOf(compiled.policies);
    policyCount += policies.length;
    const key = JSON.stringify(policies.map((p) => [p.label, p.kind, p.document.raw]));
    const shared = sets.get(key) ?? compiled.policies;
    sets.set(key, shared);
    return { line, request: compiled.request, policies: shared };
  });
  return { requests, policyCount, policySets: sets.size };
}

/** Compile request bodies that are already decoded (the built-in workloads). */
export function compileBodies(bodies: unknown[]): Workload {
  return workloadOf(bodies.map((body, i) => ({ line: i + 1, body })));
}

/** Parse and compile a workload file (JSON lines; blank lines are skipped). Throws WorkloadLineError. */
export function parseWorkload(text: string): Workload {
  const bodies: Array<{ line: number; body: unknown }> = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === "") return;
    try {
      bodies.push({ line: i + 1, body: JSON.parse(lineText) });
    } catch (e) {
      throw new WorkloadLineError(i + 1, `invalid JSON: ${(e as Error).message}`);
    }
  });
  if (bodies.length === 0) throw new WorkloadLineError(1, "the workload holds no request (one POST /api/evaluate body per line)");
  return workloadOf(bodies);
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
  /** wall-clock seconds */
  seconds: number;
  perSecond: number;
  /** CPU time the process got ÷ wall time: well below 1 means the machine was busy and the rate is low */
  cpuShare: number;
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
  const cpuStart = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpuStart);
  const cpuShare = seconds > 0 ? (cpu.user + cpu.system) / 1e6 / seconds : 1;
  return { evaluations: count, seconds, perSecond: seconds > 0 ? count / seconds : 0, cpuShare };
}
