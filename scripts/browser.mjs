// Which Chromium the end-to-end tests drive, and how a bare machine gets one. In order:
//   1. CHROMIUM_PATH, when set (a path that does not exist is an error, not a reason to pick another);
//   2. a system Chromium or Chrome on PATH (chromium, chromium-browser, google-chrome…) or at its
//      usual install location (/opt/google/chrome, /Applications/… on macOS);
//   3. Playwright's own Chromium, when an earlier `playwright install chromium` left it;
//   4. `playwright install chromium`, where downloads work (it fails within seconds where they don't);
//   5. as root with apt-get: Debian's `chromium` package;
//   6. otherwise one line saying what to install.
// The decision is `resolveBrowser` over injected probes, so it is unit-tested without touching the
// machine; `systemProbes` are the real ones.
import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const SYSTEM_BROWSER_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
export const SYSTEM_BROWSER_PATHS = [
  "/opt/google/chrome/chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];
// Where Debian's package puts it: checked after apt-get, whatever PATH says.
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";
const WHAT_TO_INSTALL =
  "No Chromium for the end-to-end tests: install one (Debian/Ubuntu: `sudo apt-get install -y chromium`; elsewhere Chrome or `npx playwright install chromium`) or set CHROMIUM_PATH to its binary.";

/**
 * @typedef {{
 *   env: Record<string, string | undefined>,
 *   isExecutable: (file: string) => boolean,
 *   playwrightChromium: () => string | null,
 *   playwrightInstall: () => boolean,
 *   isRoot: () => boolean,
 *   aptGet: () => string | null,
 *   aptInstallChromium: (aptGet: string) => boolean,
 *   log: (line: string) => void,
 * }} BrowserProbes
 * @typedef {{ ok: true, path: string, how: string } | { ok: false, message: string }} BrowserChoice
 */

/** @param {BrowserProbes} p @returns {BrowserChoice} */
export function resolveBrowser(p) {
  const chosen = p.env.CHROMIUM_PATH;
  if (chosen) {
    return p.isExecutable(chosen)
      ? { ok: true, path: chosen, how: "CHROMIUM_PATH" }
      : { ok: false, message: `CHROMIUM_PATH is ${chosen}, which is not an executable file: point it at a Chromium or Chrome binary, or unset it to let the tests find or install one.` };
  }
  const installed = findInstalledBrowser(p);
  if (installed) return installed;

  p.log("No Chromium or Chrome found; trying `playwright install chromium`…");
  if (p.playwrightInstall()) {
    const own = p.playwrightChromium();
    if (own && p.isExecutable(own)) return { ok: true, path: own, how: "playwright install chromium" };
  }
  const apt = p.aptGet();
  if (apt && p.isRoot()) {
    p.log("Playwright could not download its Chromium; installing Debian's `chromium` with apt-get…");
    if (p.aptInstallChromium(apt)) {
      if (p.isExecutable(DEBIAN_CHROMIUM)) return { ok: true, path: DEBIAN_CHROMIUM, how: "apt-get install chromium" };
      const again = findInstalledBrowser(p);
      if (again) return { ...again, how: "apt-get install chromium" };
    }
  }
  return { ok: false, message: WHAT_TO_INSTALL };
}

/** Steps 2 and 3: a browser already on the machine, nothing installed. @param {Pick<BrowserProbes, "env" | "isExecutable" | "playwrightChromium">} p @returns {BrowserChoice | null} */
export function findInstalledBrowser(p) {
  for (const dir of (p.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of SYSTEM_BROWSER_NAMES) {
      const file = path.join(dir, name);
      if (p.isExecutable(file)) return { ok: true, path: file, how: "system" };
    }
  }
  for (const file of SYSTEM_BROWSER_PATHS) if (p.isExecutable(file)) return { ok: true, path: file, how: "system" };
  const own = p.playwrightChromium();
  if (own && p.isExecutable(own)) return { ok: true, path: own, how: "Playwright's Chromium" };
  return null;
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** @param {string} root the checkout (for node_modules) @returns {BrowserProbes} */
export function systemProbes(root, env = process.env) {
  const quiet = { cwd: root, env: { ...env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: undefined }, encoding: "utf8" };
  return {
    env,
    isExecutable,
    playwrightChromium() {
      // Where playwright-core's own build is, or would be after `playwright install chromium`.
      try {
        return createRequire(path.join(root, "package.json"))("playwright-core").chromium.executablePath();
      } catch {
        return null;
      }
    },
    playwrightInstall() {
      // Without a network it fails in a few seconds (DNS); a real download takes a minute or two.
      const cli = path.join(root, "node_modules", "@playwright", "test", "cli.js");
      const r = spawnSync(process.execPath, [cli, "install", "chromium"], { ...quiet, timeout: 10 * 60_000, maxBuffer: 64 << 20 });
      if (r.status === 0) return true;
      const why = `${r.stderr ?? ""}\n${r.stdout ?? ""}`.match(/Error: [^\n]*(ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN)[^\n]*/)?.[0] ?? r.error?.message ?? `exit ${r.status}`;
      console.log(`playwright install chromium failed (${why.trim()})`);
      return false;
    },
    isRoot: () => typeof process.getuid === "function" && process.getuid() === 0,
    aptGet: () => ["/usr/bin/apt-get", "/bin/apt-get"].find(isExecutable) ?? null,
    aptInstallChromium(apt) {
      // apt-get runs gpgv and dpkg by name: give it the system directories whatever PATH is.
      const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive", PATH: [env.PATH, "/usr/sbin", "/usr/bin", "/sbin", "/bin"].filter(Boolean).join(":") };
      const opts = /** @type {const} */ ({ stdio: ["ignore", "ignore", "inherit"], env: aptEnv, timeout: 15 * 60_000 });
      if (spawnSync(apt, ["update", "-qq"], opts).status !== 0) return false;
      return spawnSync(apt, ["install", "-y", "-qq", "chromium"], opts).status === 0;
    },
    log: (line) => console.log(line),
  };
}
