// Text colours lighter than zinc-500 fail WCAG AA contrast (zinc-400 on white is 2.6:1): muted text
// is zinc-500 (app/globals.css darkens it to pass on every panel). This keeps new code to that.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("text contrast", () => {
  it("no component sets text in zinc-400 or lighter grey (use text-zinc-500, the muted tone)", () => {
    const offenders: string[] = [];
    for (const file of [...sources("components"), ...sources("app")]) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/(^|[\s"'`:])text-(zinc|gray|slate|neutral)-(50|100|200|300|400)\b/.test(line) && !/group-hover:|aria-hidden|bg-(zinc|gray|slate|neutral)-(800|900|950)/.test(line)) offenders.push(`${path.relative(root, file)}:${i + 1}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
