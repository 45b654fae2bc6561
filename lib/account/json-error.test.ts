// Where a file stops being JSON (json-error.ts) must agree with JSON.parse on what is JSON at all:
// a valid file reported broken would be a problem that is not one.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { firstJsonError, jsonSyntaxProblem } from "./json-error";
import { formatBytes, nestsDeeperThan, parseByteSize } from "./limits";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.json(\.gz)?$/.test(n) ? [p] : [];
  });
}

describe("firstJsonError", () => {
  it("finds nothing wrong in any file of the demo snapshot", () => {
    const all = files(path.join(process.cwd(), "data", "demo"));
    expect(all.length).toBeGreaterThan(30);
    for (const f of all) {
      const buf = readFileSync(f);
      expect(firstJsonError((f.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8")), f).toBeNull();
    }
  });
  it("agrees with JSON.parse on small valid and invalid texts", () => {
    const texts = ['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', "[]", "{}", " 0 ", '"s"', "[1,]", "{,}", '{"a" 1}', "[1 2]", "01", "-", "[", '"\\x"', '{"a":1}}', "\ufeff{}", "tru", "1e", '["\t"]'];
    for (const t of texts) {
      let valid = true;
      try {
        JSON.parse(t.replace(/^\ufeff/, ""));
      } catch {
        valid = false;
      }
      expect(firstJsonError(t) === null, JSON.stringify(t)).toBe(valid);
    }
  });
  it("says the line and column, not the text", () => {
    expect(jsonSyntaxProblem('{\n  "a": 1,\n  "b": secret\n}')).toBe("invalid JSON at line 3, column 8 (an unexpected character)");
    expect(jsonSyntaxProblem('{"a": "unterminated')).toBe("invalid JSON at line 1, column 7 (a string is not closed)");
  });
});

describe("limits", () => {
  it("reads sizes as people write them", () => {
    expect(parseByteSize("268435456")).toBe(268435456);
    expect(parseByteSize("256MiB")).toBe(256 * 1024 * 1024);
    expect(parseByteSize("2 GB")).toBe(2e9);
    expect(parseByteSize("64k")).toBe(64_000);
    for (const bad of ["", "lots", "-1", "0", "5 parsecs"]) expect(parseByteSize(bad), bad).toBeNull();
    expect(formatBytes(256 * 1024 * 1024)).toBe("256 MiB");
    expect(formatBytes(65536)).toBe("64 KiB");
  });
  it("measures nesting without recursion", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    expect(nestsDeeperThan(deep, 64)).toBe(true);
    expect(nestsDeeperThan({ Statement: [{ Condition: { StringEquals: { k: ["v"] } } }] }, 64)).toBe(false);
    expect(nestsDeeperThan([[["x"]]], 3)).toBe(false);
    expect(nestsDeeperThan([[[["x"]]]], 3)).toBe(true);
  });
});
