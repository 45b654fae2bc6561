import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { writeTokensFile } from "./e2e/auth-fixture";
import { findInstalledBrowser, systemProbes } from "./scripts/browser.mjs";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// A second server signs people in with tokens (ROLECALL_AUTH=token) for e2e/auth-*.spec.ts.
const AUTH_PORT = Number(process.env.E2E_AUTH_PORT ?? PORT + 1);
// A third serves the live aws source over an organization in moto, for e2e/org-*.spec.ts.
const ORG_PORT = Number(process.env.E2E_ORG_PORT ?? PORT + 2);
// `npm test` sets CHROMIUM_PATH (scripts/browser.mjs finds or installs a browser); run directly,
// the same search finds one already on the machine.
const CHROMIUM = process.env.CHROMIUM_PATH ?? installedBrowser();

function installedBrowser(): string {
  const found = findInstalledBrowser(systemProbes(process.cwd()));
  if (!found?.ok) throw new Error("No Chromium found for the end-to-end tests: run them with `npm test`, which installs one, or set CHROMIUM_PATH.");
  return found.path;
}

const browser = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1400, height: 1000 },
  headless: true,
  launchOptions: {
    executablePath: CHROMIUM,
    args: ["--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
};

const serverEnv: Record<string, string> = {
  NEXT_TELEMETRY_DISABLED: "1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  AWS_EC2_METADATA_DISABLED: "true",
  ROLECALL_SOURCE: "demo",
  ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
};

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  // E2E_OUTPUT_DIR keeps runs apart when several share one checkout (Playwright empties its output dir).
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "chromium", testIgnore: ["**/auth-*.spec.ts", "**/org-*.spec.ts"], use: browser },
    { name: "token-auth", testMatch: "**/auth-*.spec.ts", use: { ...browser, baseURL: `http://127.0.0.1:${AUTH_PORT}` } },
    { name: "aws-org", testMatch: "**/org-*.spec.ts", use: { ...browser, baseURL: `http://127.0.0.1:${ORG_PORT}` } },
  ],
  // Both servers run through RoleCall's guard (server/guard.cjs), as `npm start` does.
  webServer: [
    {
      command: `node --require ./server/guard.cjs ./node_modules/next/dist/bin/next start -p ${PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: serverEnv,
    },
    {
      command: `node --require ./server/guard.cjs ./node_modules/next/dist/bin/next start -p ${AUTH_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${AUTH_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      // The route walk (e2e/auth-malformed.spec.ts) sends thousands of requests and dozens of bad
      // tokens from this one address: rate limits would answer it 429 instead of what it checks.
      // They have their own tests (app/api/auth.test.ts, scripts/standalone-smoke.mjs).
      env: { ...serverEnv, ROLECALL_AUTH: "token", ROLECALL_TOKENS: writeTokensFile(), ROLECALL_RATE_LIMIT: "off", ROLECALL_SIGNIN_RATE_LIMIT: "off", ROLECALL_REVOKED_SESSIONS: path.join(os.tmpdir(), "rolecall-e2e", "revoked-sessions.jsonl") },
    },
    {
      // moto, the organization's seed and the proxy, then `next start` on the aws source
      command: `npx --no-install tsx e2e/org-server.ts ${ORG_PORT}`,
      url: `http://127.0.0.1:${ORG_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", AWS_EC2_METADATA_DISABLED: "true", ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}) },
    },
  ],
});