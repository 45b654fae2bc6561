// The launcher's rebuild rule (bin/build.mjs): a build is stale when a file it was built from is
// newer than it or gone; where there are no sources (an installed package) it never is.

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { currentBuild, isStale, ROOT, type Build } from "./build.mjs";

// each test starts processes (or loads a source): on a busy machine that takes seconds
vi.setConfig({ testTimeout: 60_000 });

const root = mkdtempSync(path.join(tmpdir(), "rolecall-build-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(rel: string, mtime: number): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), "x");
  utimesSync(path.join(root, rel), mtime / 1000, mtime / 1000);
}

describe("when the command is rebuilt", () => {
  const builtAt = Date.parse("2026-11-20T10:00:00Z");
  const build = { id: "b", dir: root, entry: "", builtAt, inputs: ["bin/cli.ts", "lib/x.ts"] } as Build;
  it("not while every input is older than the build", () => {
    file("bin/cli.ts", builtAt - 60_000);
    file("lib/x.ts", builtAt - 60_000);
    expect(isStale(build, root)).toBe(false);
  });
  it("when an input changed after the build started, or is gone", () => {
    file("lib/x.ts", builtAt + 1000);
    expect(isStale(build, root)).toBe(true);
    file("lib/x.ts", builtAt - 60_000);
    expect(isStale({ ...build, inputs: [...build.inputs, "lib/gone.ts"] }, root)).toBe(true);
  });
  it("never where the sources are not (an installed package runs the build it has)", () => {
    const installed = mkdtempSync(path.join(tmpdir(), "rolecall-installed-"));
    expect(isStale(build, installed)).toBe(false);
    rmSync(installed, { recursive: true, force: true });
  });
  it("a build directory without current.json has no build", () => {
    expect(currentBuild(root)).toBeNull();
  });
  it("this checkout's build names the files it came from, its own sources among them", async () => {
    const { ensureBuilt } = await import("./build.mjs");
    const b = await ensureBuilt(ROOT);
    expect(b.inputs).toEqual(expect.arrayContaining(["bin/cli.ts", "bin/main.ts", "lib/api/diagnose.ts", "package.json", "bin/build.mjs"]));
    expect(b.inputs.some((f) => f.startsWith("node_modules/") && !f.endsWith("package.json") && !f.endsWith(".package-lock.json"))).toBe(false);
    expect(isStale(b, ROOT)).toBe(false);
  });
});
