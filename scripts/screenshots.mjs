#!/usr/bin/env node
// Regenerates the README's screenshots from a production build on the demo data:
//   npm run build && node scripts/screenshots.mjs
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { chromium } from "@playwright/test";
import { findInstalledBrowser, systemProbes } from "./browser.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const out = path.join(root, "docs", "screenshots");
const found = process.env.CHROMIUM_PATH ? { ok: true, path: process.env.CHROMIUM_PATH } : findInstalledBrowser(systemProbes(root));
if (!found?.ok) throw new Error("No Chromium found: set CHROMIUM_PATH (or run `npm test` once, which installs one).");
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const server = spawn(process.execPath, ["--require", "./server/guard.cjs", "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  cwd: root,
  env: { ...process.env, ROLECALL_SOURCE: "demo", NEXT_TELEMETRY_DISABLED: "1", AWS_EC2_METADATA_DISABLED: "true" },
  stdio: "ignore",
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    /* starting */
  }
  await new Promise((r) => setTimeout(r, 300));
}
const browser = await chromium.launch({ executablePath: found.path });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const shot = async (name, url, waitFor) => {
  await page.goto(`${base}${url}`);
  await page.getByTestId(waitFor).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
};
const arn = (x) => encodeURIComponent(`arn:aws:iam::111111111111:${x}`);
try {
  await shot("diagnose", `/?principal=${arn("user/bob")}&role=${arn("role/ecs/orders-api-task")}`, "verdict");
  await shot("role", `/roles/${arn("role/ecs/orders-api-task-official")}`, "role-arn");
  await shot("simulate", `/simulate?role=${arn("role/ecs/orders-api-task")}&base=${arn("role/power-user")}&caller=${arn("user/alice")}`, "caveats");
  await shot("sessions", `/sessions`, "sessions-table");
} finally {
  await browser.close();
  server.kill();
}
