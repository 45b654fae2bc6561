// How a benchmark runs the code it measures. tsx compiles TypeScript with esbuild's keepNames,
// which wraps every named closure in `__name(fn, "name")` — an Object.defineProperty each time the
// closure is created — so code run through tsx measures slower than a production build runs it
// (next build emits no such wrappers). Benchmarks therefore bundle their entry with esbuild (tsx's
// own compiler) without keepNames and run that; `--tsx-transform` runs the entry through tsx
// instead, and so does a machine where esbuild cannot be loaded (the header says which).

import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface NodeEntry {
  /** arguments for `node` that run the entry: the bundle's path, or tsx's loader and the source */
  command: string[];
  /** how the measured code was built, for the report's header */
  engine: string;
}

/** Bundle `entry` (a .ts file) into `dir` and say how to run it. */
export async function bundleEntry(entry: string, dir: string, tsxTransform: boolean): Promise<NodeEntry> {
  const esbuild = tsxTransform ? undefined : await import("esbuild").catch(() => undefined);
  if (!esbuild) return { command: ["--import", "tsx", entry], engine: `tsx's transform (keepNames: every named closure is wrapped in __name(), an Object.defineProperty per creation)${tsxTransform ? "" : "; esbuild could not be loaded"}` };
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", target: "node20", keepNames: false, write: false, logLevel: "silent", absWorkingDir: ROOT });
  const file = path.join(dir, `${path.basename(entry, ".ts")}.mjs`);
  writeFileSync(file, result.outputFiles[0]!.text);
  return { command: [file], engine: `bundled by esbuild ${esbuild.version} without keepNames, as a production build runs it (--tsx-transform: as tsx runs it)` };
}
