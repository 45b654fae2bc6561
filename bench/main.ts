// The benchmark CLI; bench/run.ts loads it (see there for how).
//   npm run bench [-- --seconds N]                  the built-in benchmark table (bench/suite.ts)
//   npm run bench -- --workload FILE [--seconds N]  an external workload (shared/API.md, "Benchmark command")
// Exit codes: 0 done · 1 a decision changed between evaluations · 2 bad arguments or a bad workload line.

import { readFileSync } from "node:fs";
import { runSuite } from "./suite";
import { count, fixed, percent } from "./table";
import { decisionMix, DecisionMismatchError, firstDecisions, parseWorkload, runRoundRobin, WorkloadLineError } from "./workload";

export const USAGE = `usage: npm run bench [-- --seconds N | --quick] [--tsx-transform]
       npm run bench -- --workload FILE [--seconds N] [--tsx-transform]
  --seconds N       (a) runs N s per measurement, (b) and (c) N/3 (default 3); with --workload: N s (default 10)
  --quick           the evaluation benchmark with 1 s measurements (and the other benchmarks' quick sizes)
  --tsx-transform   measure the engine as tsx transforms it (keepNames) instead of as a production bundle`;

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

function parseArgs(argv: string[]): { workload?: string; seconds?: number; quick: boolean } {
  const out: { workload?: string; seconds?: number; quick: boolean } = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? fail(2, `${arg} needs a value\n${USAGE}`);
    if (arg === "--workload") out.workload = value();
    else if (arg === "--seconds") {
      const text = value();
      const n = Number(text);
      if (!Number.isFinite(n) || n <= 0) fail(2, `--seconds: "${text}" is not a positive number`);
      out.seconds = n;
    } else if (arg === "--quick") out.quick = true;
    else if (arg === "--tsx-transform") {
      // read by bench/run.ts
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else fail(2, `unknown argument "${arg}"\n${USAGE}`);
  }
  return out;
}

function runWorkloadFile(file: string, seconds: number, engine: string): void {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    fail(2, `${file}: ${(e as Error).message}`);
  }
  const compileStart = performance.now();
  let workload;
  try {
    workload = parseWorkload(text);
  } catch (e) {
    if (e instanceof WorkloadLineError) fail(2, e.message);
    throw e;
  }
  const compileMs = performance.now() - compileStart;
  try {
    const expected = firstDecisions(workload);
    const mix = decisionMix(expected);
    console.log(
      `${file}: ${workload.requests.length} requests (${mix.allowed} allowed, ${mix.implicitDeny} implicitDeny, ${mix.explicitDeny} explicitDeny); ` +
        `${workload.policyCount} policy documents validated and compiled by lib/api/evaluate.ts in ${fixed(compileMs, 1)} ms; requests with identical policies share one compiled set (${workload.policySets} distinct)`,
    );
    const warmup = Math.min(1, seconds / 10);
    runRoundRobin(workload, expected, { seconds: warmup });
    const result = runRoundRobin(workload, expected, { seconds });
    console.log(`engine: ${engine}`);
    console.log(`node ${process.version}, one thread: ${count(result.evaluations)} evaluations in ${fixed(result.seconds, 2)} s after a ${fixed(warmup, 1)} s warm-up (CPU/wall ${percent(result.cpuShare)}); every decision matched its first evaluation`);
    console.log(`evaluations/s: ${Math.round(result.perSecond)}`);
  } catch (e) {
    if (e instanceof DecisionMismatchError) fail(1, e.message);
    throw e;
  }
}

/** `engine` says how the code being measured was compiled; it is printed with the results. */
export function main(argv: string[], engine: string): void {
  const args = parseArgs(argv);
  if (args.workload !== undefined) runWorkloadFile(args.workload, args.seconds ?? 10, engine);
  else runSuite({ seconds: args.seconds ?? (args.quick ? 1 : 3), runs: 3, engine, log: (line) => console.log(line) });
}
