import { describe, expect, it } from "vitest";
import { RequestContext } from "./context";
import { parseTemplate, resolveVariables, templateTokens } from "./variables";
import { compileTokens } from "./wildcard";

// Policy variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

const ctx = (input: Record<string, string | string[]> = {}) => new RequestContext(input);

function mustParse(s: string) {
  const t = parseTemplate(s);
  if (!t) throw new Error(`no template in ${s}`);
  return t;
}

describe("parseTemplate", () => {
  it("returns null for text without variables", () => {
    expect(parseTemplate("arn:aws:s3:::bucket/*")).toBeNull();
    expect(parseTemplate("$ {not} a variable")).toBeNull();
    expect(parseTemplate("${unterminated")).toBeNull();
  });

  it("splits text and variables in order", () => {
    expect(parseTemplate("home/${aws:username}/*")).toEqual([
      { kind: "text", text: "home/" },
      { kind: "var", key: "aws:username", lowerKey: "aws:username" },
      { kind: "text", text: "/*" },
    ]);
  });

  it("keeps the key's spelling and a lower-cased copy for lookup", () => {
    const [part] = mustParse("${aws:PrincipalTag/Team}");
    expect(part).toEqual({ kind: "var", key: "aws:PrincipalTag/Team", lowerKey: "aws:principaltag/team" });
  });

  it("reads a quoted default value after a comma", () => {
    const [part] = mustParse("${aws:PrincipalTag/team, 'company-wide'}");
    expect(part).toEqual({ kind: "var", key: "aws:PrincipalTag/team", lowerKey: "aws:principaltag/team", fallback: "company-wide" });
  });

  it("a default may be the empty string", () => {
    const [part] = mustParse("${aws:username, ''}");
    expect(part).toMatchObject({ kind: "var", fallback: "" });
  });

  it("${*} ${?} ${$} are literal characters", () => {
    expect(parseTemplate("a${*}b${?}c${$}")).toEqual([
      { kind: "text", text: "a" },
      { kind: "char", text: "*" },
      { kind: "text", text: "b" },
      { kind: "char", text: "?" },
      { kind: "text", text: "c" },
      { kind: "char", text: "$" },
    ]);
  });

  it("trims spaces inside the braces", () => {
    expect(mustParse("${ aws:username }")[0]).toMatchObject({ key: "aws:username" });
  });
});

describe("resolveVariables", () => {
  it("substitutes values from the request, key names case-insensitively", () => {
    const r = resolveVariables(mustParse("home/${AWS:UserName}/"), ctx({ "aws:username": "alice" }));
    expect(r).toEqual({ ok: true, value: "home/alice/" });
  });

  it("reports the missing key when the request has no value and no default", () => {
    expect(resolveVariables(mustParse("x-${aws:username}"), ctx())).toEqual({ ok: false, missingKey: "aws:username" });
  });

  it("uses the default only when the key is absent", () => {
    const t = mustParse("${aws:PrincipalTag/team, 'none'}");
    expect(resolveVariables(t, ctx())).toEqual({ ok: true, value: "none" });
    expect(resolveVariables(t, ctx({ "aws:PrincipalTag/Team": "blue" }))).toEqual({ ok: true, value: "blue" });
  });

  it("a multivalued key cannot be substituted", () => {
    const r = resolveVariables(mustParse("${aws:TagKeys}"), ctx({ "aws:TagKeys": ["a"] }));
    expect(r).toEqual({ ok: false, missingKey: "aws:TagKeys" });
  });

  it("escape sequences give the plain character", () => {
    expect(resolveVariables(mustParse("${*}${?}${$}"), ctx())).toEqual({ ok: true, value: "*?$" });
  });
});

describe("templateTokens", () => {
  const match = (pattern: string, value: string, c: RequestContext, stopAt = "") => {
    const r = templateTokens(mustParse(pattern), c, [], stopAt === ":");
    if (!r.ok) return r;
    return compileTokens(r.tokens).test(value);
  };

  it("keeps wildcards of the text parts", () => {
    expect(match("home/${aws:username}/*", "home/alice/docs/a.txt", ctx({ "aws:username": "alice" }))).toBe(true);
    expect(match("home/${aws:username}/*", "home/bob/docs", ctx({ "aws:username": "alice" }))).toBe(false);
  });

  it("substituted values match literally, never as wildcards or regex", () => {
    const c = ctx({ "aws:username": "a.*" });
    expect(match("home/${aws:username}", "home/a.*", c)).toBe(true);
    expect(match("home/${aws:username}", "home/abc", c)).toBe(false);
    expect(match("home/${aws:username}", "home/aX*", c)).toBe(false);
  });

  it("${*} is a literal asterisk, not a wildcard", () => {
    expect(match("file${*}", "file*", ctx())).toBe(true);
    expect(match("file${*}", "file-anything", ctx())).toBe(false);
    expect(match("q${?}", "q?", ctx())).toBe(true);
    expect(match("q${?}", "qx", ctx())).toBe(false);
  });

  it("stopAt keeps text wildcards inside a segment", () => {
    expect(match("${aws:username}*", "alice:x", ctx({ "aws:username": "alice" }), ":")).toBe(false);
    expect(match("${aws:username}*", "alice-x", ctx({ "aws:username": "alice" }), ":")).toBe(true);
  });

  it("reports a missing key", () => {
    expect(templateTokens(mustParse("a${aws:userid}"), ctx())).toEqual({ ok: false, missingKey: "aws:userid" });
  });
});
