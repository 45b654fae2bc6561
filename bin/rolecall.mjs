#!/usr/bin/env node
// The `rolecall` command (package.json "bin"). Runs the bundle bin/build.mjs makes, building it
// first when it is missing or older than the sources, so that `npx rolecall` works in a fresh
// checkout and starts fast after the first run.

import { pathToFileURL } from "node:url";
import { ensureBuilt, ROOT } from "./build.mjs";

let code;
try {
  const build = await ensureBuilt(ROOT, { log: (m) => process.stderr.isTTY && process.stderr.write(`${m}\n`) });
  const { run } = await import(pathToFileURL(build.entry).href);
  code = await run(process.argv.slice(2), { root: ROOT, managedPolicies: build.managedPolicies });
} catch (e) {
  // a build that fails (esbuild's messages), or a bundle that cannot load: never a stack trace
  process.stderr.write(`${e?.errors ? e.message : e instanceof Error ? e.message : String(e)}\n`);
  code = 1;
}
// Open sockets of the AWS SDK must not hold the process; the streams are flushed first.
process.stdout.on("error", () => process.exit(code));
process.stdout.write("", () => process.exit(code));
