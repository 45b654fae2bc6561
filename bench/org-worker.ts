// The measuring half of the organization benchmark (bench/org.ts starts it). Each mode runs in a
// fresh `node --expose-gc` process and prints one JSON line on stdout:
//   generate DIR OPTIONS-JSON   write a synthetic organization (bench/synthetic-org.ts)
//   load DIR                    loadSnapshot of the whole organization: time, peak RSS
//   assumers DIR COUNT          GET …/assumers for COUNT roles (every trust kind), on a fresh model, twice
//   reach DIR COUNT             build the reachability index, then reachers and reachable for COUNT roles and principals

import type { AccountModel, IamRole } from "../lib/account/model";
import { loadSnapshot } from "../lib/account/snapshot";
import { assumersPage, knownPrincipals, trustIndex } from "../lib/diagnose/assumers";
import { reachabilityIndex, reachableFrom, reachersOf } from "../lib/paths";
import { kindOf } from "./synthetic";
import { writeSyntheticOrg, type OrgOptions } from "./synthetic-org";

declare const gc: undefined | (() => void);
const collect = () => {
  if (typeof gc === "function") {
    gc();
    gc();
  }
};

function clock() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const ms = performance.now() - wall;
    const used = process.cpuUsage(cpu);
    return { ms, cpuMs: (used.user + used.system) / 1000 };
  };
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

function stats(ms: number[]) {
  return { n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) };
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Every k-th role that is not service-linked, plus every whole-account and "*" role among the first ones seen. */
function sampleRoles(model: AccountModel, n: number): IamRole[] {
  const roles = [...model.roles.values()].filter((r) => !r.path.startsWith("/aws-service-role/"));
  const step = Math.max(1, Math.floor(roles.length / n));
  const out = new Set<IamRole>();
  for (let i = 0; i < roles.length && out.size < n; i += step) out.add(roles[i]!);
  // make sure the expensive kinds are in: trust to the whole account, and to everyone in the org
  for (const kind of ["acct", "org"]) {
    let k = 0;
    for (const r of roles) if (kindOf(r) === kind && !out.has(r) && k++ < Math.ceil(n / 10)) out.add(r);
  }
  return [...out];
}

async function generate([dir, options]: string[]) {
  const t = clock();
  const w = await writeSyntheticOrg(dir!, JSON.parse(options!) as OrgOptions);
  return { ...t(), bytes: w.bytes, counts: w.counts };
}

async function load([dir]: string[]) {
  collect();
  const base = peakRssMb();
  const t = clock();
  const model = await loadSnapshot(dir!);
  const time = t();
  return { ...time, baselineRssMb: base, peakRssMb: peakRssMb(), accounts: model.loadedAccounts().length, roles: model.roles.size, users: model.users.size, problems: model.problems.length };
}

async function assumers([dir, count]: string[]) {
  const model = await loadSnapshot(dir!);
  const roles = sampleRoles(model, Number(count));
  const principals = knownPrincipals(model).length;
  const pass = () =>
    roles.map((r) => {
      const t = clock();
      const page = assumersPage(model, r);
      const { ms, cpuMs } = t();
      return { ms, cpuMs, kind: kindOf(r), everyone: trustIndex(r).everyone, rows: page.principals.length, counts: page.counts };
    });
  const first = pass();
  const second = pass();
  const byKind = (rows: typeof first) => {
    const out: Record<string, ReturnType<typeof stats>> = {};
    for (const k of [...new Set(rows.map((x) => x.kind))]) out[k] = stats(rows.filter((x) => x.kind === k).map((x) => x.ms));
    return out;
  };
  const biggest = first.reduce((a, b) => (b.rows > a.rows ? b : a));
  return { principals, first: stats(first.map((x) => x.ms)), second: stats(second.map((x) => x.ms)), secondCpu: stats(second.map((x) => x.cpuMs)), firstByKind: byKind(first), secondByKind: byKind(second), maxRows: biggest.rows, bytesOfBiggest: JSON.stringify(assumersPage(model, roles[first.indexOf(biggest)]!)).length, peakRssMb: peakRssMb() };
}

async function reach([dir, count]: string[]) {
  const model = await loadSnapshot(dir!);
  collect();
  const t = clock();
  const g = reachabilityIndex(model);
  const build = t();
  const edges = g.out.reduce((a, l) => a + l.length, 0);
  const roles = sampleRoles(model, Number(count));
  const reachers = roles.map((r) => {
    const c = clock();
    const n = reachersOf(model, r).length;
    return { ...c(), n };
  });
  const starts = g.nodes.filter((n) => n.kind !== "service");
  const step = Math.max(1, Math.floor(starts.length / Number(count)));
  const reachable = [];
  for (let i = 0; i < starts.length && reachable.length < Number(count); i += step) {
    const c = clock();
    const n = reachableFrom(model, starts[i]!.arn).length;
    reachable.push({ ...c(), n });
  }
  return {
    build,
    nodes: g.nodes.length,
    edges,
    diagnosed: g.diagnosed,
    reachersCpu: stats(reachers.map((x) => x.cpuMs)),
    reachableCpu: stats(reachable.map((x) => x.cpuMs)),
    reachers: { ...stats(reachers.map((x) => x.ms)), medianFound: percentile(reachers.map((x) => x.n), 50), maxFound: Math.max(...reachers.map((x) => x.n)) },
    reachable: { ...stats(reachable.map((x) => x.ms)), medianFound: percentile(reachable.map((x) => x.n), 50), maxFound: Math.max(...reachable.map((x) => x.n)) },
    peakRssMb: peakRssMb(),
  };
}

const MODES: Record<string, (args: string[]) => Promise<unknown>> = { generate, load, assumers, reach };

{
  const [mode, ...args] = process.argv.slice(2);
  const run = MODES[mode ?? ""];
  if (!run) {
    console.error(`org-worker: unknown mode ${mode}`);
    process.exit(2);
  }
  run(args).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
