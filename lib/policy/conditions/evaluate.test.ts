import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import type { ConditionBlock } from "../types";
import { OPERATORS, compileConditions, evaluateCondition, evaluateConditions } from "./evaluate";
import { parseOperatorName } from "./operator";

// Condition logic: several operators AND, several keys AND, several values OR (NOR when negated).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

const run = (block: ConditionBlock, ctx: ContextInput = {}, variables = true) => evaluateConditions(compileConditions(block, variables), new RequestContext(ctx));
const holds = (block: ConditionBlock, ctx: ContextInput = {}) => run(block, ctx).length === 0;

describe("parseOperatorName", () => {
  it.each([
    ["StringEquals", { base: "StringEquals", ifExists: false, set: undefined }],
    ["StringEqualsIfExists", { base: "StringEquals", ifExists: true, set: undefined }],
    ["ForAnyValue:StringLike", { base: "StringLike", ifExists: false, set: "ForAnyValue" }],
    ["ForAllValues:StringNotEqualsIfExists", { base: "StringNotEquals", ifExists: true, set: "ForAllValues" }],
    ["IfExists", { base: "IfExists", ifExists: false, set: undefined }],
  ])("%s", (written, want) => {
    expect(parseOperatorName(written)).toEqual({ written, ...want });
  });

  it("an unknown qualifier leaves the whole name as the base (so it is unknown)", () => {
    expect(parseOperatorName("ForSomeValues:StringEquals")).toEqual({ written: "ForSomeValues:StringEquals", base: "ForSomeValues:StringEquals", ifExists: false });
    expect(OPERATORS.has(parseOperatorName("ForSomeValues:StringEquals").base)).toBe(false);
  });
});

describe("OPERATORS", () => {
  it("knows every documented operator family", () => {
    const names = [
      "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
      "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
      "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    ];
    expect([...OPERATORS.keys()].sort()).toEqual([...names].sort());
  });

  it("operator names are case-sensitive", () => {
    expect(compileConditions({ stringequals: { k: ["v"] } }, true)[0]?.invalid).toMatch(/unknown condition operator/);
  });
});

describe("compileConditions", () => {
  it("compiles one condition per operator and key, with the key lower-cased for lookup", () => {
    const conds = compileConditions({ StringEquals: { "aws:PrincipalTag/Team": ["a"], "sts:ExternalId": ["x"] }, Bool: { "aws:SecureTransport": ["true"] } }, true);
    expect(conds.map((c) => [c.operator.written, c.key, c.lowerKey])).toEqual([
      ["StringEquals", "aws:PrincipalTag/Team", "aws:principaltag/team"],
      ["StringEquals", "sts:ExternalId", "sts:externalid"],
      ["Bool", "aws:SecureTransport", "aws:securetransport"],
    ]);
    expect(conds.every((c) => c.predicate && !c.invalid)).toBe(true);
  });

  it("an unknown operator is invalid with an explanation that the statement does not apply", () => {
    const [c] = compileConditions({ StringEqualz: { k: ["v"] } }, true);
    expect(c?.invalid).toBe('unknown condition operator "StringEqualz": IAM would reject it, so the statement does not apply');
    expect(c?.predicate).toBeUndefined();
  });
});

describe("evaluateCondition / evaluateConditions", () => {
  it("an empty condition list holds", () => {
    expect(evaluateConditions([], new RequestContext())).toEqual([]);
  });

  it("an unknown operator never holds, even for a negated-looking name or absent key", () => {
    expect(holds({ StringNotEqualz: { k: ["v"] } })).toBe(false);
    const [f] = run({ StringEqualz: { k: ["v"] } }, { k: "v" });
    expect(f).toMatchObject({ reason: "invalid", operator: "StringEqualz", key: "k", requestValues: ["v"] });
    expect(f?.message).toMatch(/unknown condition operator/);
  });

  it("several keys under one operator AND", () => {
    const block = { StringEquals: { "aws:PrincipalTag/team": ["blue"], "aws:PrincipalTag/env": ["prod"] } };
    expect(holds(block, { "aws:PrincipalTag/team": "blue", "aws:PrincipalTag/env": "prod" })).toBe(true);
    expect(holds(block, { "aws:PrincipalTag/team": "blue", "aws:PrincipalTag/env": "dev" })).toBe(false);
  });

  it("several operators AND", () => {
    const block = { StringEquals: { "sts:ExternalId": ["x"] }, Bool: { "aws:SecureTransport": ["true"] } };
    expect(holds(block, { "sts:ExternalId": "x", "aws:SecureTransport": "true" })).toBe(true);
    expect(holds(block, { "sts:ExternalId": "x", "aws:SecureTransport": "false" })).toBe(false);
  });

  it("several values OR; a negated operator with several values is NOR", () => {
    expect(holds({ StringEquals: { k: ["a", "b"] } }, { k: "b" })).toBe(true);
    expect(holds({ StringNotEquals: { k: ["a", "b"] } }, { k: "b" })).toBe(false);
    expect(holds({ StringNotEquals: { k: ["a", "b"] } }, { k: "c" })).toBe(true);
  });

  it("reports every failing condition, not only the first", () => {
    const failures = run({ StringEquals: { a: ["1"], b: ["2"] }, Bool: { c: ["true"] } }, { a: "x" });
    expect(failures.map((f) => [f.key, f.reason])).toEqual([
      ["a", "no-match"],
      ["b", "missing-key"],
      ["c", "missing-key"],
    ]);
  });

  it("a missing key is reported as such, with null request values", () => {
    const [f] = run({ StringEquals: { "sts:ExternalId": ["abc"] } });
    expect(f).toEqual({
      operator: "StringEquals",
      key: "sts:ExternalId",
      policyValues: ["abc"],
      requestValues: null,
      reason: "missing-key",
      message: "sts:ExternalId is not in the request",
    });
  });

  it("a mismatch message names the request value and what the policy wanted", () => {
    const [f] = run({ StringEquals: { "sts:ExternalId": ["abc"] } }, { "sts:ExternalId": "xyz" });
    expect(f?.reason).toBe("no-match");
    expect(f?.requestValues).toEqual(["xyz"]);
    expect(f?.message).toBe('StringEquals: sts:ExternalId is "xyz", which does not satisfy "equals "abc""');
  });

  it("a negated mismatch message says the policy excludes the value", () => {
    const [f] = run({ StringNotEquals: { "aws:PrincipalOrgID": ["o-abc", "o-def"] } }, { "aws:PrincipalOrgID": "o-def" });
    expect(f?.message).toBe('StringNotEquals: aws:PrincipalOrgID ("o-def") equals one of "o-abc", "o-def", which the policy excludes');
  });

  it("set-qualified mismatch messages say which values were checked", () => {
    const [all] = run({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } }, { "aws:TagKeys": ["team", "env"] });
    expect(all?.message).toContain("every value of aws:TagKeys");
    const [any] = run({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["cost"] } }, { "aws:TagKeys": ["team", "env"] });
    expect(any?.message).toContain("any value of aws:TagKeys");
    expect(any?.message).toContain('["team", "env"]');
  });

  describe("absent keys (table from the condition operator reference)", () => {
    // negated → true, positive → false, …IfExists → true, ForAllValues → true, ForAnyValue → false
    it.each([
      ["StringEquals", false],
      ["StringNotEquals", true],
      ["StringLike", false],
      ["StringNotLike", true],
      ["StringEqualsIgnoreCase", false],
      ["StringNotEqualsIgnoreCase", true],
      ["NumericEquals", false],
      ["NumericNotEquals", true],
      ["DateEquals", false],
      ["DateNotEquals", true],
      ["IpAddress", false],
      ["NotIpAddress", true],
      ["ArnLike", false],
      ["ArnNotLike", true],
      ["ArnEquals", false],
      ["ArnNotEquals", true],
      ["Bool", false],
      ["BinaryEquals", false],
      ["StringEqualsIfExists", true],
      ["NumericLessThanIfExists", true],
      ["BoolIfExists", true],
      ["ForAllValues:StringEquals", true],
      ["ForAllValues:StringNotEquals", true],
      ["ForAnyValue:StringEquals", false],
      ["ForAnyValue:StringNotEquals", false],
      ["ForAnyValue:StringEqualsIfExists", true],
    ])("%s → %s", (op, want) => {
      const value = op.includes("Numeric") ? "1" : op.includes("Date") ? "2026-01-01" : op.includes("Ip") ? "10.0.0.0/8" : op.includes("Arn") ? "arn:aws:s3:::b" : op.includes("Bool") ? "true" : op.includes("Binary") ? "YQ==" : "v";
      expect(holds({ [op]: { "aws:Missing": [value] } })).toBe(want);
    });
  });

  it("looks keys up case-insensitively", () => {
    expect(holds({ StringEquals: { "AWS:PRINCIPALTAG/TEAM": ["blue"] } }, { "aws:PrincipalTag/team": "blue" })).toBe(true);
  });

  it("evaluateCondition returns true or a single failure", () => {
    const [c] = compileConditions({ StringLike: { k: ["a*"] } }, true);
    expect(evaluateCondition(c!, new RequestContext({ k: "abc" }))).toBe(true);
    expect(evaluateCondition(c!, new RequestContext({ k: "b" }))).toMatchObject({ reason: "no-match" });
  });

  it("ForAllValues with a negated operator: no request value may match", () => {
    expect(holds({ "ForAllValues:StringNotLike": { "aws:TagKeys": ["aws:*"] } }, { "aws:TagKeys": ["team", "aws:x"] })).toBe(false);
    expect(holds({ "ForAllValues:StringNotLike": { "aws:TagKeys": ["aws:*"] } }, { "aws:TagKeys": ["team", "env"] })).toBe(true);
  });

  it("a single-valued key given as a plain value works with set qualifiers", () => {
    expect(holds({ "ForAnyValue:StringEquals": { k: ["a"] } }, { k: "a" })).toBe(true);
    expect(holds({ "ForAllValues:StringEquals": { k: ["a"] } }, { k: "b" })).toBe(false);
  });

  it("an empty list of policy values: a positive operator never holds, a negated one always does", () => {
    expect(holds({ StringEquals: { k: [] } }, { k: "a" })).toBe(false);
    expect(holds({ StringNotEquals: { k: [] } }, { k: "a" })).toBe(true);
  });

  it("variables are substituted only when the document allows them", () => {
    const block = { StringEquals: { "sts:RoleSessionName": ["${aws:username}"] } };
    const ctx = { "sts:RoleSessionName": "alice", "aws:username": "alice" };
    expect(run(block, ctx, true)).toEqual([]);
    expect(run(block, ctx, false)).toHaveLength(1);
  });

  it("numeric/date/ip/bool operators never substitute variables", () => {
    expect(holds({ NumericEquals: { k: ["${n}"] } }, { k: "1", n: "1" })).toBe(false);
    expect(compileConditions({ NumericEquals: { k: ["${n}"] } }, true)[0]?.invalid).toMatch(/is not a number/);
  });
});
