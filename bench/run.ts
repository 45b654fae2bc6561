// `npm run bench` (tsx bench/run.ts): loads the benchmark (bench/main.ts) and runs it.
//
// tsx compiles TypeScript with esbuild's keepNames, which wraps every named closure in
// `__name(fn, "name")`, an Object.defineProperty each time the closure is created. The engine
// creates a few closures per evaluation, so under tsx it measures far slower than it runs in a
// production build (next build emits no such wrappers). The benchmark therefore bundles itself
// and the engine with esbuild (tsx's own compiler) without keepNames and runs that bundle;
// `--tsx-transform` runs it straight through tsx instead. If esbuild cannot be loaded, the tsx
// transform is used and the header says so.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

type Main = (argv: string[], engine: string) => void;

const TSX_ENGINE = "tsx's transform (keepNames: every named closure is wrapped in __name(), an Object.defineProperty per creation)";

async function loadBundled(): Promise<{ main: Main; engine: string } | string> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch (e) {
    return `esbuild could not be loaded (${(e as Error).message})`;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const result = await esbuild.build({
    entryPoints: [path.join(here, "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    keepNames: false,
    write: false,
    logLevel: "silent",
  });
  const dir = mkdtempSync(path.join(tmpdir(), "rolecall-bench-"));
  try {
    const file = path.join(dir, "bench.mjs");
    writeFileSync(file, result.outputFiles[0]!.text);
    const mod = (await import(pathToFileURL(file).href)) as { main: Main };
    return { main: mod.main, engine: `bundled by esbuild ${esbuild.version} without keepNames, as a production build runs it (--tsx-transform: as tsx runs it)` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  if (!argv.includes("--tsx-transform")) {
    const bundled = await loadBundled();
    if (typeof bundled !== "string") return bundled.main(argv, bundled.engine);
    console.error(`note: ${bundled}; measuring through tsx instead`);
  }
  const { main } = await import("./main");
  main(argv, TSX_ENGINE);
}

// ---- CloudTrail sessions benchmark (bench/sessions.ts, owned by the sessions backend) ----
// Printed last; never with --workload (whose last line must stay "evaluations/s") or --help.
// It measures in child processes, so it does not disturb the numbers above.
async function runSessionsBench(argv: string[]): Promise<void> {
  if (argv.includes("--workload") || argv.includes("--help") || argv.includes("-h")) return;
  const { runSessionsBench: bench } = await import("./sessions");
  console.log("");
  bench();
}
// ---- end of the sessions benchmark ----

run().then(() => import("./account").then((account) => account.runAccountBench(process.argv.slice(2)))).then(() => runSessionsBench(process.argv.slice(2))).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
