#!/usr/bin/env node
// `npm start`: build when the sources are newer than the last build, then serve the dashboard on
// http://127.0.0.1:3000 (PORT and HOSTNAME honoured; the default stays on loopback).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const next = path.join(root, "node_modules", ".bin", "next");
const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
const SOURCES = ["app", "components", "lib", "public", "data", "proxy.ts", "package.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (!existsSync(next)) {
  console.error("RoleCall: dependencies are missing. Run `npm install` first.");
  process.exit(1);
}
if (built < sources) {
  console.log(built ? "RoleCall: sources changed since the last build; building…" : "RoleCall: first start; building (about 30 s)…");
  const r = spawnSync(next, ["build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT ?? "3000";
const host = process.env.HOSTNAME ?? "127.0.0.1";
console.log(`RoleCall: serving on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
// Through the guard (server/guard.cjs): it refuses a sign-in configuration that would expose the
// dashboard, and records each request's real peer address for proxy mode.
const guard = path.join(root, "server", "guard.cjs");
const nextCli = path.join(root, "node_modules", "next", "dist", "bin", "next");
const child = spawn(process.execPath, ["--require", guard, nextCli, "start", "-p", port, "-H", host], {
  cwd: root,
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
