import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ANY, ANY_NO_COLON, MAX_GLOB_LENGTH, STAR, STAR_NO_COLON, compileGlob, compileTokens, hasWildcard, pushGlobTokens, type GlobTokens } from "./wildcard";

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

/** The textbook dynamic programme over (value prefix, pattern prefix): slow, but plainly right. */
function referenceMatch(tokens: GlobTokens, v: string): boolean {
  const isStar = (t: number) => t === STAR || t === STAR_NO_COLON;
  const fits = (t: number, c: number) => t === c || t === ANY || t === STAR || ((t === ANY_NO_COLON || t === STAR_NO_COLON) && c !== 58);
  // row[j]: the value read so far matches tokens[0..j)
  let row = [true];
  for (let j = 0; j < tokens.length; j++) row.push(row[j]! && isStar(tokens[j]!));
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const next = [false];
    for (let j = 0; j < tokens.length; j++) {
      const t = tokens[j]!;
      // a star matches nothing (next[j]) or one more character (row[j + 1]); anything else one character
      next.push(isStar(t) ? next[j]! || (row[j + 1]! && fits(t, c)) : row[j]! && fits(t, c));
    }
    row = next;
  }
  return row[tokens.length]!;
}

describe("compileTokens agrees with a reference matcher (fast-check)", () => {
  // short patterns take the one-integer simulation, long ones the array simulation or the greedy scan
  const token = fc.oneof(
    fc.constantFrom(STAR, STAR_NO_COLON, ANY, ANY_NO_COLON),
    fc.constantFrom(..."ab:/é€".split("").map((ch) => ch.charCodeAt(0))),
  );
  const value = fc.array(fc.constantFrom(..."ab:/é€x".split("")), { maxLength: 40 }).map((cs) => cs.join(""));
  it.each([
    ["short patterns (at most 30 tokens)", 30],
    ["long patterns (up to 60 tokens)", 60],
  ])("%s", (_, maxLength) => {
    fc.assert(
      fc.property(fc.array(token, { maxLength }), value, (tokens, v) => {
        expect(compileTokens(tokens).test(v)).toBe(referenceMatch(tokens, v));
      }),
      { numRuns: 3000 },
    );
  });

  it("patterns of text and * only (found with indexOf)", () => {
    const starOrText = fc.oneof(fc.constant(STAR), fc.constantFrom(..."ab:é".split("").map((ch) => ch.charCodeAt(0))));
    fc.assert(
      fc.property(fc.array(starOrText, { maxLength: 12 }), value, (tokens, v) => {
        expect(compileTokens(tokens).test(v)).toBe(referenceMatch(tokens, v));
      }),
      { numRuns: 5000 },
    );
  });

  it("matches a value that the pattern spells out, wildcards standing for characters of it", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(..."ab:/é".split("")), fc.constantFrom("keep", "any", "anyNoColon", "star", "starNoColon")), { maxLength: 35 }), (spec) => {
        const v = spec.map(([ch]) => ch).join("");
        const tokens: GlobTokens = [];
        for (const [ch, how] of spec) {
          const c = ch.charCodeAt(0);
          if (how === "any") tokens.push(ANY);
          else if (how === "anyNoColon" && c !== 58) tokens.push(ANY_NO_COLON);
          else if (how === "star") tokens.push(STAR);
          else if (how === "starNoColon" && c !== 58) tokens.push(STAR_NO_COLON);
          else tokens.push(c);
        }
        expect(compileTokens(tokens).test(v)).toBe(true);
        expect(referenceMatch(tokens, v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
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
