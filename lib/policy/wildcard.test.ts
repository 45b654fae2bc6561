import { describe, expect, it } from "vitest";
import { compileGlob, escapeRegex, globSource, hasWildcard } from "./wildcard";

// Wildcards of the policy language: `*` = any run of characters (also empty), `?` = exactly one.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String

describe("hasWildcard", () => {
  it.each([
    ["s3:*", true],
    ["s3:Get?bject", true],
    ["sts:AssumeRole", false],
    ["", false],
  ])("%s → %s", (p, want) => {
    expect(hasWildcard(p)).toBe(want);
  });
});

describe("escapeRegex", () => {
  it("escapes every regex metacharacter including * and ?", () => {
    const nasty = String.raw`a.b*c?d+e(f)g[h]i{j}k|l^m$n\o`;
    const re = new RegExp(`^${escapeRegex(nasty)}$`);
    expect(re.test(nasty)).toBe(true);
    expect(re.test("aXb*c?d+e(f)g[h]i{j}k|l^m$n\\o")).toBe(false);
    expect(re.test(nasty.replace("*", "ZZ"))).toBe(false);
  });
});

describe("globSource", () => {
  it("turns * into a run and ? into one character", () => {
    const re = new RegExp(`^${globSource("a*b?c")}$`);
    expect(re.test("abxc")).toBe(true);
    expect(re.test("a-long-run-bxc")).toBe(true);
    expect(re.test("abc")).toBe(false); // ? needs exactly one character
    expect(re.test("abxyc")).toBe(false);
  });

  it("lets wildcards cross newlines and colons by default", () => {
    const re = new RegExp(`^${globSource("x*y")}$`);
    expect(re.test("x\n:/y")).toBe(true);
  });

  it("keeps wildcards inside a segment when stopAt is given", () => {
    const re = new RegExp(`^${globSource("a*z", ":")}$`);
    expect(re.test("abcz")).toBe(true);
    expect(re.test("ab:cz")).toBe(false);
    const one = new RegExp(`^${globSource("a?z", ":")}$`);
    expect(one.test("a:z")).toBe(false);
    expect(one.test("abz")).toBe(true);
  });

  it("treats regex metacharacters as text", () => {
    const re = new RegExp(`^${globSource("a.b(c)*")}$`);
    expect(re.test("a.b(c)anything")).toBe(true);
    expect(re.test("aXb(c)")).toBe(false);
  });
});

describe("compileGlob", () => {
  it("a lone * matches everything, including the empty string", () => {
    const m = compileGlob("*");
    expect(m("")).toBe(true);
    expect(m("anything:at/all")).toBe(true);
  });

  it("is case-sensitive by default", () => {
    const m = compileGlob("Dev*");
    expect(m("Dev-team")).toBe(true);
    expect(m("dev-team")).toBe(false);
  });

  it("ignoreCase folds case for globs and plain text", () => {
    expect(compileGlob("Dev*", { ignoreCase: true })("DEV-TEAM")).toBe(true);
    expect(compileGlob("Prod", { ignoreCase: true })("pROD")).toBe(true);
    expect(compileGlob("Prod", { ignoreCase: true })("Prod2")).toBe(false);
  });

  it("ignoreCase compares text whose lower-case form changes length (İ)", () => {
    // "İ".toLowerCase() is two UTF-16 units; a length pre-check used to reject an exact match.
    expect(compileGlob("İstanbul", { literal: true, ignoreCase: true })("İstanbul")).toBe(true);
    expect(compileGlob("İstanbul", { literal: true, ignoreCase: true })("i̇stanbul")).toBe(true);
    expect(compileGlob("İstanbul", { literal: true, ignoreCase: true })("Istanbul")).toBe(false);
  });

  it("literal mode treats * and ? as ordinary characters (StringEquals)", () => {
    const m = compileGlob("a*", { literal: true });
    expect(m("a*")).toBe(true);
    expect(m("abc")).toBe(false);
    const star = compileGlob("*", { literal: true });
    expect(star("*")).toBe(true);
    expect(star("x")).toBe(false);
    expect(compileGlob("a?", { literal: true, ignoreCase: true })("A?")).toBe(true);
    expect(compileGlob("a?", { literal: true, ignoreCase: true })("ab")).toBe(false);
  });

  it("plain text without wildcards is an exact comparison", () => {
    const m = compileGlob("sts:AssumeRole");
    expect(m("sts:AssumeRole")).toBe(true);
    expect(m("sts:AssumeRoleWithSAML")).toBe(false);
    expect(m("xsts:AssumeRole")).toBe(false);
  });

  it("anchors the whole value (no partial match)", () => {
    const m = compileGlob("a?c");
    expect(m("abc")).toBe(true);
    expect(m("xabc")).toBe(false);
    expect(m("abcx")).toBe(false);
  });

  it("* matches an empty run", () => {
    expect(compileGlob("ab*")("ab")).toBe(true);
    expect(compileGlob("*ab")("ab")).toBe(true);
  });
});
