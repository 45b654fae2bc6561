import { describe, expect, it } from "vitest";
import { checkPolicyText, findSyntaxError, lineColumn } from "./json-check";

describe("checkPolicyText", () => {
  it("is empty for whitespace", () => {
    expect(checkPolicyText("  \n ").kind).toBe("empty");
  });
  it("counts statements", () => {
    const r = checkPolicyText('{"Version":"2012-10-17","Statement":[{},{}]}');
    expect(r).toMatchObject({ kind: "ok", statements: 2 });
    expect(checkPolicyText('{"Version":"2012-10-17","Statement":{}}')).toMatchObject({ kind: "ok", statements: 1 });
  });
  it("gives line and column of a syntax error", () => {
    const r = checkPolicyText('{\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}');
    expect(r.kind).toBe("error");
    if (r.kind === "error") {
      expect(r.line).toBe(3);
      expect(r.message).toMatch(/^Line 3, column \d+: /);
    }
  });
  it("refuses non-objects and warns about a missing Statement", () => {
    expect(checkPolicyText("[1]").kind).toBe("error");
    expect(checkPolicyText('"x"').kind).toBe("error");
    expect(checkPolicyText('{"Version":"2012-10-17"}')).toMatchObject({ kind: "ok", warning: expect.stringMatching(/Statement/) });
  });
  it("accepts a URL-encoded document and sends it as a string", () => {
    const s = encodeURIComponent('{"Version":"2012-10-17","Statement":[]}');
    expect(checkPolicyText(s)).toMatchObject({ kind: "ok", urlEncoded: true, document: s });
  });
  it("computes line and column", () => {
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn("", 0)).toEqual({ line: 1, column: 1 });
  });
});

describe("findSyntaxError", () => {
  const cases: [string, number, RegExp][] = [
    ['{"Statement": [}', 15, /expected a value/],
    ['{"a": 1,}', 8, /trailing comma/],
    ["{'a': 1}", 1, /key in double quotes/],
    ['{"a": "x}', 6, /closing quote/],
    ['{"a": 1} x', 9, /after the end/],
    ['{"a" 1}', 5, /':'/],
    ['[1 2]', 3, /',' or ']'/],
  ];
  it.each(cases)("%s", (text, offset, message) => {
    const r = findSyntaxError(text);
    expect(r?.offset).toBe(offset);
    expect(r?.message).toMatch(message);
    expect(() => JSON.parse(text)).toThrow();
  });
  it("accepts what JSON.parse accepts", () => {
    for (const t of ['{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', "[]", "{}", ' "x" ']) expect(findSyntaxError(t)).toBeNull();
  });
});
