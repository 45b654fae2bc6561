#!/usr/bin/env node
// `npm test`: every unit test (Vitest) and every end-to-end test (Playwright in Chromium, found or
// installed by scripts/browser.mjs, against a production build). Prints `N passed, N failed` as its last line.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { resolveBrowser, systemProbes } from "./browser.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = (n) => path.join(root, "node_modules", ".bin", n);
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  AWS_EC2_METADATA_DISABLED: "true",
};
const onlyUnit = process.argv.includes("--unit");

// The browser: CHROMIUM_PATH, a system Chromium/Chrome, or one installed now (scripts/browser.mjs).
let chromium = null;
if (!onlyUnit) {
  const choice = resolveBrowser(systemProbes(root, env));
  if (!choice.ok) {
    console.error(choice.message);
    process.exit(1);
  }
  chromium = choice.path;
  env.CHROMIUM_PATH = chromium; // playwright.config.ts and the smoke scripts launch this one
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env }).status ?? 1;
mkdirSync(path.join(root, "reports"), { recursive: true });
// A stale report of an earlier run must not count in this one's summary.
rmSync(path.join(root, "reports", "standalone.json"), { force: true });

let rc = 0;
console.log("\n==> unit tests (vitest)");
if (run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=reports/unit.json"]) !== 0) rc = 1;

if (!onlyUnit) {
  console.log("\n==> production build");
  if (run(bin("next"), ["build"]) !== 0) {
    console.error("next build failed: the end-to-end tests cannot run.");
    rc = 1;
  } else {
    const port = await freePort();
    env.E2E_PORT = String(port);
    let authPort = await freePort();
    while (authPort === port) authPort = await freePort();
    env.E2E_AUTH_PORT = String(authPort);
    let orgPort = await freePort();
    while (orgPort === port || orgPort === authPort) orgPort = await freePort();
    env.E2E_ORG_PORT = String(orgPort);
    console.log(`\n==> end-to-end tests (playwright, ${chromium}, ports ${port}, ${env.E2E_AUTH_PORT} and ${env.E2E_ORG_PORT})`);
    if (run(bin("playwright"), ["test"]) !== 0) rc = 1;

    // The production artefact as deployed: the standalone server, started with the documented
    // command through the guard, probed over HTTP (no container engine runs here).
    console.log("\n==> standalone server (scripts/standalone.mjs, then scripts/standalone-smoke.mjs)");
    if (run(process.execPath, [path.join(root, "scripts", "standalone.mjs")]) !== 0) rc = 1;
    if (run(process.execPath, [path.join(root, "scripts", "standalone-smoke.mjs")]) !== 0) rc = 1;
  }
}

const read = (f) => {
  try {
    return JSON.parse(readFileSync(path.join(root, f), "utf8"));
  } catch {
    return null;
  }
};
const u = read("reports/unit.json");
const e = onlyUnit ? { stats: { expected: 0, flaky: 0, unexpected: 0 } } : read("reports/e2e.json");
// The standalone checks count with the end-to-end tests; a missing report is one failure.
const sa = onlyUnit ? { passed: 0, failed: 0 } : (read("reports/standalone.json") ?? { passed: 0, failed: 1 });
const loadErrors = u ? u.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length : 0;
const up = u ? u.numPassedTests : 0;
const uf = u ? u.numFailedTests + loadErrors : 1;
const ep = (e ? e.stats.expected + e.stats.flaky : 0) + sa.passed;
const ef = (e ? e.stats.unexpected : 1) + sa.failed;
console.log(`\nunit: ${up} passed, ${uf} failed; e2e: ${ep} passed, ${ef} failed (standalone server: ${sa.passed} passed, ${sa.failed} failed)`);
console.log(`${up + ep} passed, ${uf + ef} failed`);
process.exit(rc || uf + ef > 0 ? 1 : 0);
