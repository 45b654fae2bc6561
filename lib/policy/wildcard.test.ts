import { describe, expect, it } from "vitest";
import { MAX_GLOB_LENGTH, compileGlob, compileTokens, hasWildcard, pushGlobTokens } from "./wildcard";

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

describe("compileTokens", () => {
  const m = (pattern: string, noColon = false) => compileTokens(pushGlobTokens([], pattern, true, noColon));
  it("turns * into a run and ? into one character", () => {
    const g = m("a*b?c");
    expect(g.test("abxc")).toBe(true);
    expect(g.test("a-long-run-bxc")).toBe(true);
    expect(g.test("abc")).toBe(false); // ? needs exactly one character
    expect(g.test("abxyc")).toBe(false);
  });

  it("lets wildcards cross newlines and colons by default", () => {
    expect(m("x*y").test("x\n:/y")).toBe(true);
  });

  it("keeps wildcards inside a segment when they may not cross a colon", () => {
    expect(m("a*z", true).test("abcz")).toBe(true);
    expect(m("a*z", true).test("ab:cz")).toBe(false);
    expect(m("a?z", true).test("a:z")).toBe(false);
    expect(m("a?z", true).test("abz")).toBe(true);
  });

  it("treats regex metacharacters as text", () => {
    expect(m("a.b(c)*").test("a.b(c)anything")).toBe(true);
    expect(m("a.b(c)*").test("aXb(c)")).toBe(false);
  });

  it("finds each piece at its leftmost place and still honours the anchored tail", () => {
    expect(m("*ab*ab").test("xabyab")).toBe(true);
    expect(m("*ab*ab").test("xabyabz")).toBe(false);
    expect(m("a*a").test("a")).toBe(false); // head and tail may not overlap
    expect(m("a*?*b").test("ab")).toBe(false);
    expect(m("a*?*b").test("axb")).toBe(true);
    expect(m("**").test("")).toBe(true);
  });

  it("matches nothing past MAX_GLOB_LENGTH characters of pattern", () => {
    expect(m("a".repeat(MAX_GLOB_LENGTH + 1) + "*").test("a".repeat(MAX_GLOB_LENGTH + 5))).toBe(false);
  });

  // Issue 15 item 1: a backtracking RegExp took 13.5 s for this pattern against 40 "a"s, and each
  // added "*a" multiplied it by about 4. The scan answers at once whatever the shape.
  it("answers *a*a*a*a*a*a*a*a*a*b against 40 a's (and 2,000) without backtracking", () => {
    for (const noColon of [false, true]) {
      const g = m("*a*a*a*a*a*a*a*a*a*b", noColon);
      expect(g.test("a".repeat(40))).toBe(false);
      expect(g.test("a".repeat(2000))).toBe(false);
      expect(g.test("a".repeat(39) + "b")).toBe(true);
    }
    expect(m("*" + "a*".repeat(500) + "b").test("a".repeat(2000))).toBe(false);
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
