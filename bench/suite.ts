// The built-in benchmark of `npm run bench`: (a) the sts:AssumeRole workload against its target,
// (b) how the cost grows with the number of identity statements, (c) what compiling costs.

import os from "node:os";
import { compilePolicyInput, type Decision } from "../lib/policy";
import {
  assumeRoleBodies,
  baseIdentityStatementCount,
  otherServicePolicies,
  policyDocsOf,
  scaledPolicies,
  statementCount,
  workloadPolicies,
  type PolicySetDocs,
} from "./scenario";
import { count, fixed, median, percent, table } from "./table";
import { compileBodies, compileBody, decisionMix, firstDecisions, runRoundRobin, type Workload } from "./workload";

export const TARGET_PER_SECOND = 350_000;
export const SCALING_SIZES = [10, 25, 50, 100, 200, 400];
export const INDEX_SIZES = [10, 100, 1000];

export interface SuiteOptions {
  /** seconds per measured run of (a); (b) and (c) use a third of it */
  seconds: number;
  runs: number;
  /** how the measured code was compiled */
  engine: string;
  log: (line: string) => void;
}

interface Measured {
  runs: number[];
  median: number;
  /** the lowest CPU share of the runs (see RunResult.cpuShare) */
  cpuShare: number;
}

/** Warm up, then `runs` timed runs of evaluations/s; the median is the result. */
function measureWorkload(w: Workload, expected: Decision[], seconds: number, runs: number, warmup: number): Measured {
  runRoundRobin(w, expected, { seconds: warmup });
  const results = Array.from({ length: runs }, () => runRoundRobin(w, expected, { seconds }));
  const rates = results.map((r) => r.perSecond);
  return { runs: rates, median: median(rates), cpuShare: Math.min(...results.map((r) => r.cpuShare)) };
}

function statementsIn(p: PolicySetDocs): number {
  return policyDocsOf(p).reduce((n, d) => n + statementCount(d.doc), 0);
}

/** e.g. "9 policies, 16 statements (trust 2, identity 8 in 4 policies, boundary 3, SCPs 3 in 3 policies on 2 levels)" */
function describeSet(p: PolicySetDocs): string {
  const docs = policyDocsOf(p);
  const part = (kind: (typeof docs)[number]["kind"], name: string, where = "") => {
    const of = docs.filter((d) => d.kind === kind);
    const statements = of.reduce((n, d) => n + statementCount(d.doc), 0);
    return of.length === 1 ? `${name} ${statements}` : `${name} ${statements} in ${of.length} policies${where}`;
  };
  const parts = [part("trust", "trust"), part("identity", "identity"), part("permissionBoundary", "boundary"), part("scp", "SCPs", ` on ${p.scps.length} levels`)];
  return `${docs.length} policies, ${statementsIn(p)} statements (${parts.join(", ")})`;
}

function header(log: (line: string) => void, engine: string): void {
  const cpus = os.cpus();
  log("# RoleCall policy engine benchmark");
  log("");
  log(`node ${process.version} (V8 ${process.versions.v8}) · ${os.platform()} ${os.arch()} · CPU: ${cpus[0]?.model ?? "unknown"} × ${cpus.length} · load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  log(`engine: ${engine}`);
}

function workloadSection(o: SuiteOptions): { decisions: Decision[]; perSecond: number } {
  const bodies = assumeRoleBodies();
  const w = compileBodies(bodies);
  const decisions = firstDecisions(w);
  const mix = decisionMix(decisions);
  const m = measureWorkload(w, decisions, o.seconds, o.runs, Math.min(1, o.seconds));
  const pass = m.median >= TARGET_PER_SECOND;
  o.log("");
  o.log(`## a) sts:AssumeRole workload`);
  o.log("");
  o.log(
    `${w.requests.length} distinct requests round-robin on one thread (${mix.allowed} allowed, ${mix.implicitDeny} implicitDeny, ${mix.explicitDeny} explicitDeny); ` +
      `${describeSet(workloadPolicies)}, compiled once and shared by all requests; ` +
      `warm-up, then ${o.runs} runs of ${o.seconds} s`,
  );
  o.log("");
  o.log(
    table(
      ["measurement", ...m.runs.map((_, i) => `run ${i + 1}`), "median", "µs/eval", "CPU/wall", "target", "result"],
      [["evaluations/s", ...m.runs.map(count), count(m.median), fixed(1e6 / m.median, 2), percent(m.cpuShare), `≥ ${count(TARGET_PER_SECOND)}`, pass ? "PASS" : "BELOW"]],
      ["left", ...m.runs.map(() => "right" as const), "right", "right", "right", "right", "left"],
    ),
  );
  o.log("");
  o.log(`CPU/wall: the lowest share of wall time the process got on a CPU during a run; well below 100% means other processes competed and the rates are low (a busy neighbour on a shared core can slow it even at 100%).`);
  return { decisions, perSecond: m.median };
}

function scalingSection(o: SuiteOptions, baseDecisions: Decision[]): void {
  const seconds = o.seconds / 3;
  const rows: string[][] = [];
  let prev: { statements: number; ns: number } | undefined;
  for (const size of SCALING_SIZES) {
    const policies = scaledPolicies(size);
    const w = compileBodies(assumeRoleBodies(policies));
    const decisions = firstDecisions(w);
    const changed = decisions.findIndex((d, i) => d !== baseDecisions[i]);
    if (changed >= 0) throw new Error(`scaling ${size}: request ${changed + 1} decided ${decisions[changed]}, the base workload ${baseDecisions[changed]} (a filler statement applies)`);
    const m = measureWorkload(w, decisions, seconds, o.runs, Math.min(0.3, seconds));
    const total = statementsIn(policies);
    const ns = 1e9 / m.median;
    const marginal = prev ? fixed((ns - prev.ns) / (total - prev.statements), 1) : "";
    rows.push([String(size), String(total), count(m.median), fixed(ns / 1000, 2), fixed(ns / total, 1), marginal, percent(m.cpuShare)]);
    prev = { statements: total, ns };
  }
  o.log("");
  o.log("## b) scaling with the number of identity statements");
  o.log("");
  o.log(
    `Same trust policy, boundary, SCPs and ${assumeRoleBodies().length} requests; filler statements (other services, sts:AssumeRole on other roles, conditions, NotAction, Deny) ` +
      `spread over the 4 identity policies. ns/stmt = time per evaluation ÷ all statements in the set; ` +
      `Δ = extra ns per added statement since the row above (constant Δ = linear growth). Median of ${o.runs} runs of ${fixed(seconds, 1)} s.`,
  );
  o.log("");
  o.log(
    table(
      ["identity stmts", "all stmts", "evals/s", "µs/eval", "ns/stmt", "Δ ns/added stmt", "CPU/wall"],
      rows,
      ["right", "right", "right", "right", "right", "right", "right"],
    ),
  );
}

/** b2) The service-prefix index: statements of other services cost (almost) nothing. */
function indexSection(o: SuiteOptions, baseDecisions: Decision[]): void {
  const seconds = o.seconds / 3;
  const rows: string[][] = [];
  for (const size of INDEX_SIZES) {
    for (const [label, policies] of [
      ["other services", otherServicePolicies(Math.max(size, baseIdentityStatementCount))],
      ["sts:AssumeRole", scaledPolicies(Math.max(size, baseIdentityStatementCount))],
    ] as const) {
      const w = compileBodies(assumeRoleBodies(policies));
      const decisions = firstDecisions(w);
      const changed = decisions.findIndex((d, i) => d !== baseDecisions[i]);
      if (changed >= 0) throw new Error(`index ${size}: request ${changed + 1} decided ${decisions[changed]}, the base workload ${baseDecisions[changed]}`);
      const m = measureWorkload(w, decisions, seconds, o.runs, Math.min(0.3, seconds));
      rows.push([String(Math.max(size, baseIdentityStatementCount)), label, count(m.median), fixed(1e6 / m.median, 2), percent(m.cpuShare)]);
    }
  }
  o.log("");
  o.log("## b2) the service-prefix index: 10 to 1,000 identity statements");
  o.log("");
  o.log(
    `The workload's requests against identity policies grown to N statements, the added ones either of other services (s3, sqs, dynamodb, ec2, kms: ` +
      `the index skips them for sts:AssumeRole) or, as in b), ones that can match sts:AssumeRole. The cost grows with the statements that can match the request's action only. Median of ${o.runs} runs of ${fixed(seconds, 1)} s.`,
  );
  o.log("");
  o.log(table(["identity stmts", "added statements", "evals/s", "µs/eval", "CPU/wall"], rows, ["right", "left", "right", "right", "right"]));
}

type DocInput = { input: unknown; kind: ReturnType<typeof policyDocsOf>[number]["kind"] };

/** Policies compiled per second: the whole set, over and over, for `seconds`. */
function compileRate(docs: DocInput[], seconds: number): number {
  let compiled = 0;
  let sink = 0;
  const start = performance.now();
  let now = start;
  const deadline = start + seconds * 1000;
  while (now < deadline) {
    for (let rep = 0; rep < 20; rep++) {
      for (const d of docs) sink += compilePolicyInput(d.input, d.kind, "bench").statements.length;
    }
    compiled += 20 * docs.length;
    now = performance.now();
  }
  if (sink === 0) throw new Error("nothing compiled");
  return compiled / ((now - start) / 1000);
}

function compileSection(o: SuiteOptions): void {
  const seconds = o.seconds / 3;
  const docs = policyDocsOf(workloadPolicies);
  const statements = docs.reduce((n, d) => n + statementCount(d.doc), 0);
  const forms: Array<[string, DocInput[]]> = [
    ["decoded JSON objects", docs.map((d) => ({ input: d.doc, kind: d.kind }))],
    ["JSON strings", docs.map((d) => ({ input: JSON.stringify(d.doc), kind: d.kind }))],
    ["URL-encoded JSON (as IAM returns it)", docs.map((d) => ({ input: encodeURIComponent(JSON.stringify(d.doc)), kind: d.kind }))],
  ];
  const rows = forms.map(([name, inputs]) => {
    compileRate(inputs, Math.min(0.3, seconds));
    const rates: number[] = [];
    for (let r = 0; r < o.runs; r++) rates.push(compileRate(inputs, seconds));
    const perSecond = median(rates);
    return [name, count(perSecond), fixed(1e6 / perSecond, 2), count((perSecond * statements) / docs.length)];
  });

  // The whole request path before evaluation, as POST /api/evaluate runs it: validate the body,
  // compile its policies, build the request.
  const bodies = assumeRoleBodies();
  const bodyRate = (s: number) => {
    const start = performance.now();
    let n = 0;
    let now = start;
    while (now < start + s * 1000) {
      for (const b of bodies) if (typeof compileBody(b) === "string") throw new Error("invalid built-in body");
      n += bodies.length;
      now = performance.now();
    }
    return n / ((now - start) / 1000);
  };
  bodyRate(Math.min(0.3, seconds));
  const perBody = median(Array.from({ length: o.runs }, () => bodyRate(seconds)));

  o.log("");
  o.log("## c) compile cost");
  o.log("");
  o.log(`The workload's policy set (${docs.length} policies, ${statements} statements), parsed and compiled over and over. Median of ${o.runs} runs of ${fixed(seconds, 1)} s.`);
  o.log("");
  o.log(table(["input", "policies/s", "µs/policy", "statements/s"], rows, ["left", "right", "right", "right"]));
  o.log("");
  o.log(
    table(
      ["whole request body → compiled request", "bodies/s", "µs/body"],
      [[`POST /api/evaluate body (zod schema, ${docs.length} policies compiled, buildRequest)`, count(perBody), fixed(1e6 / perBody, 1)]],
      ["left", "right", "right"],
    ),
  );
}

/** Runs (a), (b) and (c); returns whether (a) met its target. */
export function runSuite(o: SuiteOptions): boolean {
  const started = performance.now();
  header(o.log, o.engine);
  const a = workloadSection(o);
  scalingSection(o, a.decisions);
  indexSection(o, a.decisions);
  compileSection(o);
  o.log("");
  o.log(`(total ${fixed((performance.now() - started) / 1000, 1)} s)`);
  return a.perSecond >= TARGET_PER_SECOND;
}
