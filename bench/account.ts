// The account-model benchmark: loading a large snapshot, who can assume a role among 7,000
// principals, and the full principal × role matrix at three sizes.
//
//   npx tsx bench/account.ts [--quick] [--tsx-transform]
//   npm run bench            runs it after the policy-engine tables (bench/run.ts)
//
// A synthetic get-account-authorization-details snapshot (bench/synthetic.ts) is written to a
// temp directory at bench time and removed afterwards. Every measurement runs in a fresh
// `node --expose-gc` process (bench/account-worker.ts), so that peak RSS (getrusage's ru_maxrss)
// is that of one load and caches start cold. As bench/run.ts explains, the worker is bundled by
// esbuild without keepNames (bench/bundle.ts), as a production build runs the code;
// --tsx-transform runs it through tsx instead. --quick: about a fifth of the sizes, for a smoke run.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleEntry, ROOT } from "./bundle";
import type { SyntheticOptions } from "./synthetic";
import { count, fixed, median, percent, table } from "./table";

export const LOAD_TARGET_MS = 3000;
export const LOAD_TARGET_RSS_MB = 1024;
export const WHO_TARGET_P50_MS = 50;
const FULL = { roles: 5000, users: 2000, policies: 500, whoRoles: 50, matrixBase: { roles: 250, users: 100, policies: 25 } };
const QUICK = { roles: 1000, users: 400, policies: 100, whoRoles: 20, matrixBase: { roles: 60, users: 25, policies: 10 } };

type Log = (line: string) => void;
interface Worker {
  run: <T>(mode: string, args: Array<string | number>) => T;
  engine: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function makeWorker(tmp: string, tsxTransform: boolean): Promise<Worker> {
  const { command, engine } = await bundleEntry(path.join(HERE, "account-worker.ts"), tmp, tsxTransform);
  return {
    engine,
    run<T>(mode: string, args: Array<string | number>): T {
      const out = execFileSync(process.execPath, ["--expose-gc", ...command, mode, ...args.map(String)], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        stdio: ["ignore", "pipe", "inherit"],
        timeout: 15 * 60 * 1000,
      });
      const last = out.trim().split("\n").pop()!;
      return JSON.parse(last) as T;
    },
  };
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

const mbText = (bytes: number) => `${fixed(bytes / 1024 / 1024, 1)} MB`;
const CPU_WALL =
  "CPU/wall: CPU time of the process (every thread: GC helpers can take it over 100%) ÷ wall time, lowest of the runs; well below 100% means other processes competed and the times are inflated.";

// ---- (a) load ---------------------------------------------------------------------------------

interface GenerateResult {
  ms: number;
  bytes: number;
  counts: { users: number; groups: number; roles: number; policies: number; awsManaged: number };
}
interface LoadResult {
  ms: number;
  cpuShare: number;
  peakRssMb: number;
  baselineRssMb: number;
  retainedHeapMb: number;
  counts: { users: number; groups: number; roles: number; policies: number; bundled: number; unknowns: number; problems: number };
}

function loadSection(w: Worker, tmp: string, size: typeof FULL, log: Log): string {
  const base: SyntheticOptions = { roles: size.roles, users: size.users, policies: size.policies, organization: true };
  const variants: Array<{ name: string; options: SyntheticOptions }> = [
    { name: "CLI output (decoded documents)", options: base },
    { name: "raw API (URL-encoded documents)", options: { ...base, encoding: "url-encoded" } },
    { name: "CLI + 2 AWS managed policies referenced by ARN only (the bundled package is read)", options: { ...base, awsManagedByArnOnly: ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AWSSupportAccess"] } },
  ];
  const rows: string[][] = [];
  let mainDir = "";
  let gen: GenerateResult | undefined;
  const runs = 3;
  const baselines: number[] = [];
  for (const [i, v] of variants.entries()) {
    const dir = path.join(tmp, `snapshot-${i}`);
    const g = w.run<GenerateResult>("generate", [dir, JSON.stringify(v.options)]);
    if (i === 0) {
      mainDir = dir;
      gen = g;
    }
    const loads = Array.from({ length: runs }, () => w.run<LoadResult>("load", [dir]));
    baselines.push(...loads.map((l) => l.baselineRssMb));
    const c = loads[0]!.counts;
    if (c.roles !== size.roles || c.users !== size.users || c.problems !== 0) throw new Error(`the synthetic snapshot loaded wrong: ${JSON.stringify(c)}`);
    const ms = median(loads.map((l) => l.ms));
    const rss = Math.max(...loads.map((l) => l.peakRssMb));
    const pass = ms < LOAD_TARGET_MS && rss < LOAD_TARGET_RSS_MB;
    rows.push([v.name, mbText(g.bytes), ...loads.map((l) => fixed(l.ms / 1000, 2)), fixed(ms / 1000, 2), fixed(rss, 0), fixed(median(loads.map((l) => l.retainedHeapMb)), 0), String(c.bundled), percent(Math.min(...loads.map((l) => l.cpuShare))), "< 3 s, < 1,024 MB", pass ? "PASS" : "MISS"]);
  }
  const c = gen!.counts;
  const baseline = median(baselines);
  log("");
  log("## a) loadSnapshot of a large account");
  log("");
  log(
    `Synthetic get-account-authorization-details of one account: ${count(c.roles)} roles, ${count(c.users)} users, ${c.groups} groups, ${count(c.policies)} managed policies ` +
      `(${c.awsManaged} of them AWS managed, included as the CLI prints them), indented like the CLI; 2–4 inline policies per role, trust policies naming the account, roles, users, ` +
      `services and other accounts, with conditions (bench/synthetic.ts); plus a 2 KB Organization file (3 SCP levels, an RCP), and no list-roles file (every MaxSessionDuration unknown). Each load in a fresh \`node --expose-gc\` process; ${runs} runs, median; ` +
      `peak RSS = the process's ru_maxrss (Node itself, ${fixed(baseline, 0)} MB before the load, + file text + parsed JSON + model), worst run; retained heap = heap growth after the load and a GC (the model); ` +
      `bundled = AWS managed policies resolved from the bundled package. ${CPU_WALL}`,
  );
  log("");
  log(
    table(
      ["snapshot", "file", ...Array.from({ length: runs }, (_, i) => `run ${i + 1} s`), "median s", "peak RSS MB", "retained heap MB", "bundled", "CPU/wall", "target", "result"],
      rows,
      ["left", "right", ...Array.from({ length: runs }, () => "right" as const), "right", "right", "right", "right", "right", "left", "left"],
    ),
  );
  return mainDir;
}

// ---- (b) who can assume -----------------------------------------------------------------------

interface WhoRow {
  role: string;
  kind: string;
  ms: number;
  cpuMs: number;
  principals: number;
  evaluated: number;
  allowed: number;
  unknown: number;
  denied: number;
}

const KIND_TEXT: Record<string, string> = {
  acct: "account root (± MFA / PrincipalTag condition)",
  named: "1–4 named roles/users",
  svc: "an AWS service",
  ext: "another account's root + ExternalId",
  oidc: "GitHub OIDC (federated)",
  mixed: "service + named + deleted ID + root with MFA",
  org: '"*" with aws:PrincipalOrgID',
};

function whoSection(w: Worker, dir: string, size: typeof FULL, log: Log): { p50: number } {
  const r = w.run<{ principals: number; passes: WhoRow[][]; cpuShares: number[] }>("assume", [dir, size.whoRoles]);
  const [cold, warm] = r.passes as [WhoRow[], WhoRow[]];
  const stats = (rows: WhoRow[]) => {
    const ms = rows.map((x) => x.ms);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms), cpuP50: percentile(rows.map((x) => x.cpuMs), 50), evaluated: median(rows.map((x) => x.evaluated)) };
  };
  const line = (name: string, rows: WhoRow[], warmRows: WhoRow[]) => {
    const s = stats(rows);
    const ws = stats(warmRows);
    return [name, String(rows.length), count(s.evaluated), fixed(s.p50, 1), fixed(s.p95, 1), fixed(s.max, 1), fixed(s.cpuP50, 1), fixed(ws.p50, 1), fixed(ws.p95, 1)];
  };
  const kinds = [...new Set(cold.map((x) => x.kind))].sort((a, b) => Object.keys(KIND_TEXT).indexOf(a) - Object.keys(KIND_TEXT).indexOf(b));
  const rows = [line(`all ${cold.length} roles`, cold, warm), ...kinds.map((k) => line(`· trust names ${KIND_TEXT[k] ?? k}`, cold.filter((x) => x.kind === k), warm.filter((x) => x.kind === k)))];
  const all = stats(cold);
  const first = cold.reduce((a, b) => (b.ms > a.ms ? b : a));
  const verdicts = cold.reduce((a, x) => ({ allowed: a.allowed + x.allowed, unknown: a.unknown + x.unknown, denied: a.denied + x.denied }), { allowed: 0, unknown: 0, denied: 0 });
  log("");
  log("## b) who can assume one role");
  log("");
  log(
    `whoCanAssume(model, role) on the model of a): ${count(r.principals)} known principals (${count(size.users)} users, the roles that are not service-linked, the account root) plus the services a trust policy names. ` +
      `${cold.length} roles of several trust kinds, queried one after the other on a freshly loaded model (first pass: callers' policies compiled on demand, as a fresh server does), then again (second pass: warm). ` +
      `"evaluated" = principals diagnosed in full (the rest are screened out by the trust index). ` +
      `Verdicts over the first pass: ${count(verdicts.allowed)} allowed, ${count(verdicts.unknown)} unknown (MFA, source IP, … not given), ${count(verdicts.denied)} denied.`,
  );
  log("");
  log(
    table(
      ["roles (trust policy names…)", "n", "evaluated (median)", "p50 ms", "p95 ms", "max ms", "p50 CPU ms", "warm p50 ms", "warm p95 ms"],
      rows,
      ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
    ),
  );
  log("");
  log(`Slowest first-pass query: ${first.role} (${KIND_TEXT[first.kind] ?? first.kind}), ${fixed(first.ms, 0)} ms, ${count(first.evaluated)} principals evaluated.`);
  log(`CPU/wall: first pass ${percent(r.cpuShares[0]!)}, second pass ${percent(r.cpuShares[1]!)} (below 100%: other processes competed, and wall times are inflated; "p50 CPU ms" is the process's CPU time per query, GC threads included).`);
  log(`Target: p50 < ${WHO_TARGET_P50_MS} ms over the ${cold.length} roles (first pass): p50 ${fixed(all.p50, 1)} ms (CPU ${fixed(all.cpuP50, 1)} ms) → ${all.p50 < WHO_TARGET_P50_MS ? "PASS" : "MISS"}; p95 ${fixed(all.p95, 1)} ms.`);
  return { p50: all.p50 };
}

// ---- where the time goes ----------------------------------------------------------------------

interface Named {
  name: string;
  ms: number;
}
interface Cpu {
  total: number;
  functions: Named[];
  modules: Named[];
}
interface CompileKeys {
  slots: number;
  documents: number;
  compiles: number;
  shared: number;
  sharedCompiles: number;
}
interface StageSet {
  roles: number;
  diagnosed: number;
  screened: number;
  stages: Named[];
  cpu: Cpu;
}

function profileSection(w: Worker, dir: string, log: Log): void {
  const r = w.run<{ unknowns: number; acct: StageSet; cheap: StageSet; cold: { ms: number; cpu?: Cpu; compile: CompileKeys }; cpuShare: number }>("profile", [dir]);
  const stageTable = (s: StageSet) => {
    const total = s.stages.find((x) => x.name.startsWith("whoCanAssume"))!.ms;
    return table(
      ["stage (caches warm; each timed in its own loop, unless \"in place\")", "CPU ms per role", "% of whoCanAssume"],
      s.stages.map((x) => (x.name.trim() === "calls per role" ? [x.name, count(x.ms), ""] : [x.name, fixed(x.ms, 2), fixed((100 * x.ms) / total, 0)])),
      ["left", "right", "right"],
    );
  };
  const cpuTable = (c: Cpu, what: "functions" | "modules") =>
    table([what === "functions" ? "function · module (self time)" : "module (self time)", "ms", "%"], c[what].slice(0, what === "functions" ? 12 : 8).map((x) => [x.name, fixed(x.ms, 1), fixed((100 * x.ms) / c.total, 1)]), ["left", "right", "right"]);
  log("");
  log("## where who-can-assume spends its time");
  log("");
  log(
    `Account-root roles (${r.acct.roles} of them; per role ${count(r.acct.diagnosed)} principals diagnosed, ${count(r.acct.screened)} screened). ` +
      `The model holds ${count(r.unknowns)} unknowns (every role's MaxSessionDuration, with no list-roles file). ` +
      `Stages in CPU time of the process (GC threads included; less disturbed by other processes than wall time); "· " rows are parts of diagnoseAssumeRole re-run on their own, so they need not add up.`,
  );
  log("");
  log(stageTable(r.acct));
  log("");
  log("CPU profile (node:inspector, 200 µs sampling) of whoCanAssume on the same roles, warm:");
  log("");
  log(cpuTable(r.acct.cpu, "modules"));
  log("");
  log(cpuTable(r.acct.cpu, "functions"));
  log("");
  log(`Roles that name a few principals or a service (${r.cheap.roles}; per role ${fixed(r.cheap.diagnosed, 1)} diagnosed, ${count(r.cheap.screened)} screened):`);
  log("");
  log(stageTable(r.cheap));
  log("");
  log(cpuTable(r.cheap.cpu, "functions"));
  if (r.cold.cpu) {
    log("");
    log(`The first account-root query on a freshly loaded model: ${fixed(r.cold.ms, 0)} ms (every caller's policies are compiled on demand, once):`);
    log("");
    log(cpuTable(r.cold.cpu, "modules"));
  }
  const k = r.cold.compile;
  log("");
  log(
    `Compile cache: the callers' identity policies fill ${count(k.slots)} slots with ${count(k.documents)} distinct documents; compiled documents are cached per (document, kind, name), ` +
      `a caller's position label applied to a shallow copy, so they take ${count(k.compiles)} compilations (${count(k.shared)} documents appear under more than one name: ${count(k.sharedCompiles)} compilations).`,
  );
  log(`CPU/wall over this section: ${percent(r.cpuShare)}.`);
}

// ---- (c) matrix -------------------------------------------------------------------------------

interface MatrixResult {
  roles: number;
  users: number;
  principals: number;
  cells: number;
  evaluated: number;
  verdicts: { allowed: number; unknown: number; denied: number };
  rowsMs: number;
  rowsCpu: number;
  columnsMs: number;
  columnsCpu: number;
  compared: number;
  disagree: number;
  unknowns: number;
}

function matrixSection(w: Worker, tmp: string, size: typeof FULL, log: Log): void {
  const b = size.matrixBase;
  const results: MatrixResult[] = [];
  for (const k of [1, 2, 4]) {
    const dir = path.join(tmp, `matrix-${k}x`);
    w.run<GenerateResult>("generate", [dir, JSON.stringify({ roles: b.roles * k, users: b.users * k, policies: b.policies * k, organization: true } satisfies SyntheticOptions)]);
    results.push(w.run<MatrixResult[]>("matrix", [dir])[0]!);
  }
  const cpu = (ms: number, share: number) => (ms * share) / 1000;
  const rows = results.map((m, i) => {
    const prev = results[i - 1];
    const ratio = (a: number, p: number | undefined) => (p ? `× ${fixed(a / p, 2)}` : "");
    const rowsCpu = cpu(m.rowsMs, m.rowsCpu);
    const columnsCpu = cpu(m.columnsMs, m.columnsCpu);
    return [
      `${2 ** i}×`,
      count(m.roles),
      count(m.principals),
      count(m.cells),
      count(m.evaluated),
      fixed(m.rowsMs / 1000, 2),
      fixed(rowsCpu, 2),
      ratio(rowsCpu, prev && cpu(prev.rowsMs, prev.rowsCpu)),
      fixed((rowsCpu * 1e6) / m.cells, 2),
      fixed((rowsCpu * 1e6) / m.evaluated, 1),
      fixed(m.columnsMs / 1000, 2),
      fixed(columnsCpu, 2),
      ratio(columnsCpu, prev && cpu(prev.columnsMs, prev.columnsCpu)),
      m.disagree === 0 ? `agree (${count(m.compared)})` : `${count(m.disagree)} DIFFER`,
    ];
  });
  log("");
  log("## c) the principal × role matrix");
  log("");
  log(
    `Every user and (not service-linked) role against every role of a synthetic account (as in a), with its Organization file), base ${b.roles} roles + ${b.users} users + ${b.policies} managed policies, then 2× and 4× of everything. ` +
      `rows = assumableBy(model, principal) for each principal; columns = whoCanAssume(model, role) for each role (it adds the account root and services); each on a freshly loaded model, in its own process. ` +
      `"evaluated" = cells diagnosed in full. Doubling the account doubles both principals and roles, so the cells grow × 4 per doubling: × 4 is linear in the cells, more means each cell got dearer. ` +
      `Growth and µs are in CPU time (the process's, GC threads included), which other processes disturb less than wall time.`,
  );
  log("");
  log(
    table(
      ["size", "roles", "principals", "cells", "evaluated", "rows wall s", "rows CPU s", "growth", "CPU µs/cell", "CPU µs/evaluated", "columns wall s", "columns CPU s", "growth", "rows vs columns"],
      rows,
      ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right", "right", "right", "right", "left"],
    ),
  );
  const last = results[results.length - 1]!;
  log("");
  log(`Verdicts at 4×: ${count(last.verdicts.allowed)} allowed, ${count(last.verdicts.unknown)} unknown, ${count(last.verdicts.denied)} denied; the model holds ${count(last.unknowns)} unknowns.`);
}

// ---- main -------------------------------------------------------------------------------------

/** `npm run bench` passes its own arguments; --workload and --help are the policy engine's alone. */
export async function runAccountBench(argv: string[], log: Log = (l) => console.log(l)): Promise<void> {
  if (argv.includes("--workload") || argv.some((a) => a.startsWith("--workload=")) || argv.includes("--help") || argv.includes("-h")) return;
  const size = argv.includes("--quick") ? QUICK : FULL;
  const started = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "rolecall-account-bench-"));
  try {
    const w = await makeWorker(tmp, argv.includes("--tsx-transform"));
    const cpus = os.cpus();
    log("");
    log("# RoleCall account model benchmark");
    log("");
    log(`node ${process.version} · ${os.platform()} ${os.arch()} · CPU: ${cpus[0]?.model ?? "unknown"} × ${cpus.length} · load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    log(`engine: ${w.engine}`);
    const dir = loadSection(w, tmp, size, log);
    whoSection(w, dir, size, log);
    profileSection(w, dir, log);
    matrixSection(w, tmp, size, log);
    log("");
    log(`(account benchmark total ${fixed((performance.now() - started) / 1000, 1)} s; snapshots written to ${tmp} and removed)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && /bench[\\/]account\.ts$/.test(process.argv[1])) {
  runAccountBench(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
