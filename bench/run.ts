// `npm run bench` (tsx bench/run.ts): loads the benchmark (bench/main.ts) and runs it — bundled by
// esbuild without keepNames, as a production build runs the engine (bench/bundle.ts says why);
// `--tsx-transform` runs it straight through tsx instead.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleEntry } from "./bundle";

type Main = (argv: string[], engine: string) => void;

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const dir = mkdtempSync(path.join(tmpdir(), "rolecall-bench-"));
  try {
    const { command, engine } = await bundleEntry(path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts"), dir, argv.includes("--tsx-transform"));
    const bundled = command.length === 1;
    const { main } = (bundled ? await import(pathToFileURL(command[0]!).href) : await import("./main")) as { main: Main };
    main(argv, engine);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- CloudTrail sessions benchmark (bench/sessions.ts, owned by the sessions backend) ----
// Printed last; never with --workload (whose last line must stay "evaluations/s") or --help.
// It measures in child processes, so it does not disturb the numbers above.
async function runSessionsBench(argv: string[]): Promise<void> {
  if (argv.includes("--workload") || argv.includes("--help") || argv.includes("-h")) return;
  const { runSessionsBench: bench } = await import("./sessions");
  console.log("");
  await bench({ tsxTransform: argv.includes("--tsx-transform") });
}
// ---- end of the sessions benchmark ----

// ---- rolecall command start-up (bench/cli.ts, owned by the CLI) ----
// Printed last, under the same conditions as the sessions benchmark; each run is its own process.
async function runCliStartupBench(argv: string[]): Promise<void> {
  if (argv.includes("--workload") || argv.includes("--help") || argv.includes("-h")) return;
  const { runCliBench } = await import("./cli");
  console.log("");
  await runCliBench();
}
// ---- end of the rolecall command start-up ----

run()
  .then(() => import("./account").then((account) => account.runAccountBench(process.argv.slice(2))))
  .then(() => import("./org").then((org) => org.runOrgBench(process.argv.slice(2))))
  .then(() => import("./collector").then((c) => c.runCollectorBench(process.argv.slice(2))))
  .then(() => runSessionsBench(process.argv.slice(2)))
  .then(() => runCliStartupBench(process.argv.slice(2)))
  .catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
