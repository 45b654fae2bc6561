// Benchmark of the rolecall command's start-up: from `node bin/rolecall.mjs ...` starting to its
// answer printed and the process gone, as a user (or a CI step) runs it. The headline is a
// diagnosis on a snapshot directory (the demo's files, read through --snapshot), against its
// target of 0.5 s; beside it Node itself (`node -e 0`, the floor), `rolecall --help` (the
// launcher and the bundle's entry), and the same diagnosis through tsx's transform of the sources
// instead of the bundle (why the command is bundled). Each run is a fresh process; its CPU time
// (user + system, read by a preload at exit) is printed next to the wall time, since on a busy
// machine the wall time is mostly waiting for a core.
//
//   npx tsx bench/cli.ts [--runs N]   prints its own table
//   npm run bench                     also prints it, last

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuilt, ROOT } from "../bin/build.mjs";
import { fixed, median, table } from "./table";

export const STARTUP_TARGET_SECONDS = 0.5;

const DIAGNOSE = ["diagnose", "--snapshot", path.join(ROOT, "data", "demo"), "--principal", "arn:aws:iam::111111111111:user/bob", "--role", "orders-api-task"];

interface Sample {
  wall: number;
  cpu: number;
}

function measure(argv: string[], runs: number, dir: string, expect: { code: number; stdout: RegExp }, extraEnv: Record<string, string> = {}): Sample[] {
  const cpuFile = path.join(dir, "cpu.json");
  // CPU time of the whole process, written as it exits (a preload: the command itself is unchanged)
  const preload = path.join(dir, "cpu.cjs");
  writeFileSync(preload, `process.on("exit", () => { const u = process.cpuUsage(); require("fs").writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify((u.user + u.system) / 1e6)); });\n`);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: "true", ...extraEnv } as unknown as NodeJS.ProcessEnv;
  const out: Sample[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ["--require", preload, ...argv], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== expect.code || !expect.stdout.test(r.stdout)) throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
    // the first run warms the page cache and is not counted
    if (i > 0) out.push({ wall, cpu: JSON.parse(readFileSync(cpuFile, "utf8")) as number });
  }
  return out;
}

export async function runCliBench(o: { runs?: number; log?: (line: string) => void } = {}): Promise<{ diagnoseSeconds: number }> {
  const log = o.log ?? console.log;
  const runs = o.runs ?? 9;
  const bin = path.join(ROOT, "bin", "rolecall.mjs");
  const dir = mkdtempSync(path.join(tmpdir(), "rolecall-bench-cli-"));
  try {
    const t0 = performance.now();
    const { build } = await import("../bin/build.mjs");
    await build(ROOT);
    const buildSeconds = (performance.now() - t0) / 1000;
    await ensureBuilt(ROOT);
    writeFileSync(path.join(dir, "tsx-entry.ts"), `import { run } from ${JSON.stringify(path.join(ROOT, "bin", "cli.ts"))};\nrun(process.argv.slice(2), { root: ${JSON.stringify(ROOT)} }).then((c) => process.exit(c));\n`);
    const denied = { code: 1, stdout: /^DENIED .*\n[\s\S]*STS would answer/ };
    // tsx compiles each source file as it is imported; server-only resolves to its empty server build
    const tsx = ["--conditions=react-server", "--import", pathToFileURL(createRequire(path.join(ROOT, "package.json")).resolve("tsx")).href, path.join(dir, "tsx-entry.ts")];
    const rows: [string, string, Sample[], boolean][] = [
      ["node -e 0 (Node's own start-up)", "", measure(["-e", "0"], runs, dir, { code: 0, stdout: /^$/ }), false],
      ["rolecall --help", "", measure([bin, "--help"], runs, dir, { code: 0, stdout: /^rolecall: / }), false],
      ["rolecall diagnose --snapshot data/demo … (denied: the checks, statements, fixes)", `< ${STARTUP_TARGET_SECONDS} s`, measure([bin, ...DIAGNOSE], runs, dir, denied), true],
      ["the same diagnosis through tsx's transform of the sources, unbundled", "", measure([...tsx, ...DIAGNOSE], Math.min(runs, 5), dir, denied, { TSX_TSCONFIG_PATH: path.join(ROOT, "tsconfig.json") }), false],
    ];
    let diagnoseSeconds = 0;
    log("# rolecall command start-up");
    log("");
    log(`node ${process.version} · load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} · ${runs} runs each after one warm-up (tsx: ${Math.min(runs, 5)}); the bundle built in ${fixed(buildSeconds, 1)} s (once, or when the sources change)`);
    log("");
    log(
      table(
        ["run", "wall p50 (s)", "wall max (s)", "CPU p50 (s)", "target", "result"],
        rows.map(([name, target, samples, headline]) => {
          const wall = median(samples.map((s) => s.wall));
          if (headline) diagnoseSeconds = wall;
          return [name, fixed(wall, 3), fixed(Math.max(...samples.map((s) => s.wall)), 3), fixed(median(samples.map((s) => s.cpu)), 3), target, headline ? (wall < STARTUP_TARGET_SECONDS ? "PASS" : "BELOW") : ""];
        }),
        ["left", "right", "right", "right", "right", "left"],
      ),
    );
    log("");
    log("wall: from spawning node to the process's exit, answer printed. CPU: user + system time of that process. On a busy machine wall is well above CPU: the difference is time spent waiting for a core.");
    return { diagnoseSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, "bench", "cli.ts")) {
  const i = process.argv.indexOf("--runs");
  runCliBench({ runs: i > 0 ? Number(process.argv[i + 1]) : undefined }).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
