import { describe, expect, it } from "vitest";
import { resolveBrowser, type BrowserProbes } from "./browser.mjs";

const PW = "/root/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome";

/** A machine described by its files and what its installers would do; records what was tried. */
function machine(opts: {
  files?: string[];
  env?: Record<string, string>;
  playwrightDownloads?: boolean;
  root?: boolean;
  apt?: boolean;
  aptWorks?: boolean;
}) {
  const files = new Set(opts.files ?? []);
  const tried: string[] = [];
  const probes: BrowserProbes = {
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", ...opts.env },
    isExecutable: (f) => files.has(f),
    playwrightChromium: () => PW,
    playwrightInstall: () => {
      tried.push("playwright install");
      if (opts.playwrightDownloads) files.add(PW);
      return !!opts.playwrightDownloads;
    },
    isRoot: () => !!opts.root,
    aptGet: () => (opts.apt ? "/usr/bin/apt-get" : null),
    aptInstallChromium: () => {
      tried.push("apt-get");
      if (opts.aptWorks) files.add("/usr/bin/chromium");
      return !!opts.aptWorks;
    },
    log: () => {},
  };
  return { probes, tried };
}

describe("resolveBrowser", () => {
  it("takes CHROMIUM_PATH first, even when a system Chromium exists", () => {
    const { probes, tried } = machine({ files: ["/usr/bin/chromium", "/opt/chrome/chrome"], env: { CHROMIUM_PATH: "/opt/chrome/chrome" } });
    expect(resolveBrowser(probes)).toEqual({ ok: true, path: "/opt/chrome/chrome", how: "CHROMIUM_PATH" });
    expect(tried).toEqual([]);
  });

  it("refuses a CHROMIUM_PATH that points nowhere instead of quietly using another browser", () => {
    const { probes, tried } = machine({ files: ["/usr/bin/chromium"], env: { CHROMIUM_PATH: "/nowhere/chromium" }, root: true, apt: true, aptWorks: true });
    const r = resolveBrowser(probes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/CHROMIUM_PATH is \/nowhere\/chromium, which is not an executable file/);
    expect(tried).toEqual([]);
  });

  it("finds a system browser on PATH, in PATH order, whatever its name", () => {
    expect(resolveBrowser(machine({ files: ["/usr/bin/chromium"] }).probes)).toMatchObject({ ok: true, path: "/usr/bin/chromium", how: "system" });
    expect(resolveBrowser(machine({ files: ["/usr/bin/chromium-browser"] }).probes)).toMatchObject({ path: "/usr/bin/chromium-browser" });
    expect(resolveBrowser(machine({ files: ["/usr/bin/chromium", "/usr/local/bin/google-chrome"] }).probes)).toMatchObject({ path: "/usr/local/bin/google-chrome" });
  });

  it("finds Chrome at its install location when it is not on PATH", () => {
    const { probes } = machine({ files: ["/opt/google/chrome/chrome"], env: { PATH: "/bin" } });
    expect(resolveBrowser(probes)).toMatchObject({ ok: true, path: "/opt/google/chrome/chrome" });
  });

  it("uses Playwright's Chromium left by an earlier install without downloading again", () => {
    const { probes, tried } = machine({ files: [PW] });
    expect(resolveBrowser(probes)).toMatchObject({ ok: true, path: PW, how: "Playwright's Chromium" });
    expect(tried).toEqual([]);
  });

  it("downloads Playwright's Chromium when none is installed and downloads work, before trying apt", () => {
    const { probes, tried } = machine({ playwrightDownloads: true, root: true, apt: true, aptWorks: true });
    expect(resolveBrowser(probes)).toEqual({ ok: true, path: PW, how: "playwright install chromium" });
    expect(tried).toEqual(["playwright install"]);
  });

  it("falls back to Debian's chromium as root with apt when Playwright cannot download", () => {
    const { probes, tried } = machine({ env: { PATH: "/nowhere" }, root: true, apt: true, aptWorks: true });
    expect(resolveBrowser(probes)).toEqual({ ok: true, path: "/usr/bin/chromium", how: "apt-get install chromium" });
    expect(tried).toEqual(["playwright install", "apt-get"]);
  });

  it("does not run apt-get when not root, and says what to install", () => {
    const { probes, tried } = machine({ apt: true, aptWorks: true });
    const r = resolveBrowser(probes);
    expect(tried).toEqual(["playwright install"]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/apt-get install -y chromium.*CHROMIUM_PATH/);
    expect(!r.ok && r.message.split("\n")).toHaveLength(1);
  });

  it("says what to install when apt is missing or its install fails", () => {
    for (const m of [machine({ root: true }), machine({ root: true, apt: true, aptWorks: false })]) {
      const r = resolveBrowser(m.probes);
      expect(r.ok).toBe(false);
    }
  });
});
