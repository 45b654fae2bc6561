// The organization benchmark (issues 12 and 13): a synthetic organization of 12 accounts, 12,000
// roles and 4,000 users (bench/synthetic-org.ts) — loading its snapshot, who can assume a role,
// the reachability index (built once), who can reach a role and what a principal can reach, and
// how the index's build grows with the organization (1×, 2×, 4×).
//
//   npx tsx bench/org.ts [--quick] [--scales 1,2,4] [--tsx-transform]
//   npm run bench            runs it after the account benchmark (bench/run.ts)
//
// Every measurement runs in a fresh `node --expose-gc` process (bench/org-worker.ts, bundled by
// esbuild as bench/bundle.ts explains). --quick: a quarter of the organization, for a smoke run.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleEntry, ROOT } from "./bundle";
import { ORG_FULL, type OrgOptions } from "./synthetic-org";
import { count, fixed, table } from "./table";

export const TARGETS = { loadMs: 15_000, loadRssMb: 2048, assumersP95Ms: 50, reachP95Ms: 100, buildMs: 10_000 };
const HERE = path.dirname(fileURLToPath(import.meta.url));
type Log = (line: string) => void;

interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

function scaled(o: OrgOptions, k: number): OrgOptions {
  return { ...o, accounts: Math.max(2, Math.round(o.accounts * k)), roles: Math.round(o.roles * k), users: Math.round(o.users * k), policies: Math.round(o.policies * k), chains: Math.round((o.chains ?? 200) * k) };
}

const pass = (ok: boolean) => (ok ? "PASS" : "MISS");

export async function runOrgBench(argv: string[], log: Log = (l) => console.log(l)): Promise<void> {
  if (argv.includes("--workload") || argv.some((a) => a.startsWith("--workload=")) || argv.includes("--help") || argv.includes("-h")) return;
  const quick = argv.includes("--quick");
  const base = quick ? scaled(ORG_FULL, 0.25) : ORG_FULL;
  const scalesArg = argv[argv.indexOf("--scales") + 1];
  const scales = argv.includes("--scales") && scalesArg ? scalesArg.split(",").map(Number) : [1, 2, 4];
  const tmp = mkdtempSync(path.join(os.tmpdir(), "rolecall-org-bench-"));
  const started = performance.now();
  try {
    const { command, engine } = await bundleEntry(path.join(HERE, "org-worker.ts"), tmp, argv.includes("--tsx-transform"));
    const run = <T>(mode: string, args: Array<string | number>): T => {
      const out = execFileSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", ...command, mode, ...args.map(String)], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"], timeout: 30 * 60_000 });
      return JSON.parse(out.trim().split("\n").pop()!) as T;
    };
    log("");
    log("# RoleCall organization benchmark");
    log("");
    log(`node ${process.version} · ${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.cpus().length} · load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} · engine: ${engine}`);
    log("The machine is shared: wall times are inflated when others compete. CPU ms is the process's own CPU time; ratios between sizes measured in the same run are the robust figures.");

    const dir = path.join(tmp, "org-1x");
    const gen = run<{ ms: number; bytes: number; counts: Record<string, number> }>("generate", [dir, JSON.stringify(base)]);
    const c = gen.counts;
    log("");
    log(`Synthetic organization: ${c.accounts} accounts, ${count(c.roles!)} roles, ${count(c.users!)} users, ${count(c.crossAccountTrusts!)} cross-account trusts, ${c.chains} role chains (${c.chainHops} chained hops), ${fixed(gen.bytes / 1024 / 1024, 0)} MB of get-account-authorization-details + organization.json (bench/synthetic-org.ts).`);

    // (a) load — issue 12's size case
    const loads = [0, 1, 2].map(() => run<{ ms: number; cpuMs: number; peakRssMb: number; baselineRssMb: number; roles: number; users: number; problems: number }>("load", [dir]));
    const loadMs = [...loads.map((l) => l.ms)].sort((a, b) => a - b)[1]!;
    const rss = Math.max(...loads.map((l) => l.peakRssMb));
    log("");
    log("## a) loading the organization's snapshot");
    log("");
    log(table(["runs (s)", "median s", "CPU s (median run)", "peak RSS MB (worst)", "target", "result"], [[loads.map((l) => fixed(l.ms / 1000, 1)).join(" · "), fixed(loadMs / 1000, 1), fixed(loads.map((l) => l.cpuMs).sort((a, b) => a - b)[1]! / 1000, 1), fixed(rss, 0), "< 15 s, < 2,048 MB", pass(loadMs < TARGETS.loadMs && rss < TARGETS.loadRssMb)]], ["left", "right", "right", "right", "left", "left"]));

    // (b) assumers
    const a = run<{ principals: number; first: Stats; second: Stats; secondCpu: Stats; firstByKind: Record<string, Stats>; secondByKind: Record<string, Stats>; maxRows: number; bytesOfBiggest: number }>("assumers", [dir, quick ? 40 : 100]);
    log("");
    log("## b) GET /api/roles/{role}/assumers");
    log("");
    log(`${a.first.n} roles of every trust kind (the whole-account and "*"-with-PrincipalOrgID roles included) among ${count(a.principals)} known principals, on a freshly loaded model (first pass: callers' policies compiled on demand), then again (warm). Largest answer: ${count(a.maxRows)} rows, ${fixed(a.bytesOfBiggest / 1024, 0)} KB.`);
    log("");
    const kinds = Object.keys(a.firstByKind).sort();
    log(table(["roles", "n", "first p50 ms", "first p95 ms", "warm p50 ms", "warm p95 ms"], [["all", String(a.first.n), fixed(a.first.p50, 1), fixed(a.first.p95, 1), fixed(a.second.p50, 1), fixed(a.second.p95, 1)], ...kinds.map((k) => [`· ${k}`, String(a.firstByKind[k]!.n), fixed(a.firstByKind[k]!.p50, 1), fixed(a.firstByKind[k]!.p95, 1), fixed(a.secondByKind[k]!.p50, 1), fixed(a.secondByKind[k]!.p95, 1)])], ["left", "right", "right", "right", "right", "right"]));
    log(`Target: p95 < 50 ms (warm) → ${pass(a.second.p95 < TARGETS.assumersP95Ms)}; first pass p95 ${fixed(a.first.p95, 1)} ms; warm CPU time per query p50 ${fixed(a.secondCpu.p50, 1)} ms, p95 ${fixed(a.secondCpu.p95, 1)} ms.`);

    // (c) reachability at 1×, 2×, 4×
    const reach: Array<{ k: number; r: { build: { ms: number; cpuMs: number }; nodes: number; edges: number; diagnosed: number; reachers: Stats & { medianFound: number; maxFound: number }; reachable: Stats & { medianFound: number; maxFound: number }; reachersCpu: Stats; reachableCpu: Stats; peakRssMb: number } }> = [];
    for (const k of scales) {
      const d = k === 1 ? dir : path.join(tmp, `org-${k}x`);
      if (k !== 1) run("generate", [d, JSON.stringify(scaled(base, k))]);
      reach.push({ k, r: run("reach", [d, quick ? 40 : 100]) });
      if (k !== 1) rmSync(d, { recursive: true, force: true });
    }
    log("");
    log("## c) the reachability index, reachers and reachable");
    log("");
    log("Built once per model: for each role, the callers its trust policy admits and whose sts:AssumeRole grants may cover it (lib/diagnose/screen.ts's grant index), one full diagnosis per class of callers that must get the same verdict; then GET …/reachers (100 roles) and …/reachable (100 users and roles), maxHops 4, timed as the routes answer (neither pages: every reacher with its path). One core: Node runs it on the main thread.");
    log("");
    const first = reach[0]!;
    log(
      table(
        ["size", "nodes", "edges", "pairs diagnosed", "build s", "build CPU s", "growth (CPU)", "reachers p50/p95 ms", "reachable p50/p95 ms", "peak RSS MB"],
        reach.map(({ k, r }, i) => [
          `${k}×`,
          count(r.nodes),
          count(r.edges),
          count(r.diagnosed),
          fixed(r.build.ms / 1000, 2),
          fixed(r.build.cpuMs / 1000, 2),
          i === 0 ? "" : `× ${fixed(r.build.cpuMs / reach[i - 1]!.r.build.cpuMs, 2)} (for × ${fixed(k / reach[i - 1]!.k, 0)} the size)`,
          `${fixed(r.reachers.p50, 1)} / ${fixed(r.reachers.p95, 1)}`,
          `${fixed(r.reachable.p50, 1)} / ${fixed(r.reachable.p95, 1)}`,
          fixed(r.peakRssMb, 0),
        ]),
        ["left", "right", "right", "right", "right", "right", "left", "right", "right", "right"],
      ),
    );
    log(`At 1×: reachers found per role median ${first.r.reachers.medianFound} (max ${count(first.r.reachers.maxFound)}); roles reachable per principal median ${first.r.reachable.medianFound} (max ${count(first.r.reachable.maxFound)}).`);
    log(`CPU time per query at 1×: reachers p50 ${fixed(first.r.reachersCpu.p50, 1)} / p95 ${fixed(first.r.reachersCpu.p95, 1)} ms, reachable p50 ${fixed(first.r.reachableCpu.p50, 1)} / p95 ${fixed(first.r.reachableCpu.p95, 1)} ms.`);
    log(`Targets at 1×: build < 10 s → ${pass(first.r.build.ms < TARGETS.buildMs)} (${fixed(first.r.build.ms / 1000, 2)} s); reachers p95 < 100 ms → ${pass(first.r.reachers.p95 < TARGETS.reachP95Ms)}; reachable p95 < 100 ms → ${pass(first.r.reachable.p95 < TARGETS.reachP95Ms)}.`);
    log("");
    log(`(organization benchmark total ${fixed((performance.now() - started) / 1000, 0)} s)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && /bench[\\/]org\.ts$/.test(process.argv[1])) {
  runOrgBench(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
