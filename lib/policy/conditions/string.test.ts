import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import { compileConditions, evaluateConditions } from "./evaluate";
import { stringOperators } from "./string";

// String condition operators:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String

/** Does `{ op: { key: values } }` hold for the request? (2012-10-17 unless variables=false) */
function holds(op: string, key: string, values: string | string[], ctx: ContextInput = {}, variables = true): boolean {
  const conds = compileConditions({ [op]: { [key]: Array.isArray(values) ? values : [values] } }, variables);
  return evaluateConditions(conds, new RequestContext(ctx)).length === 0;
}

describe("string operator table", () => {
  it("has the six string operators with the right negation", () => {
    expect(stringOperators.map((o) => [o.name, o.negated])).toEqual([
      ["StringEquals", false],
      ["StringNotEquals", true],
      ["StringEqualsIgnoreCase", false],
      ["StringNotEqualsIgnoreCase", true],
      ["StringLike", false],
      ["StringNotLike", true],
    ]);
    expect(stringOperators.every((o) => o.supportsVariables)).toBe(true);
  });
});

describe("StringEquals", () => {
  it("is case-sensitive", () => {
    expect(holds("StringEquals", "aws:PrincipalTag/team", "Blue", { "aws:PrincipalTag/team": "Blue" })).toBe(true);
    expect(holds("StringEquals", "aws:PrincipalTag/team", "Blue", { "aws:PrincipalTag/team": "blue" })).toBe(false);
  });

  it("the key name is case-insensitive, including the tag key", () => {
    expect(holds("StringEquals", "AWS:PrincipalTag/TEAM", "Blue", { "aws:principaltag/team": "Blue" })).toBe(true);
  });

  it("does not honour wildcards: * is a literal", () => {
    expect(holds("StringEquals", "sts:ExternalId", "abc*", { "sts:ExternalId": "abcdef" })).toBe(false);
    expect(holds("StringEquals", "sts:ExternalId", "abc*", { "sts:ExternalId": "abc*" })).toBe(true);
  });

  it("several values OR", () => {
    expect(holds("StringEquals", "aws:RequestedRegion", ["eu-west-1", "us-east-1"], { "aws:RequestedRegion": "us-east-1" })).toBe(true);
    expect(holds("StringEquals", "aws:RequestedRegion", ["eu-west-1", "us-east-1"], { "aws:RequestedRegion": "ap-south-1" })).toBe(false);
  });

  it("is false when the key is absent", () => {
    expect(holds("StringEquals", "sts:ExternalId", "abc")).toBe(false);
  });

  it("StringEqualsIfExists is true when the key is absent and compares when present", () => {
    expect(holds("StringEqualsIfExists", "sts:ExternalId", "abc")).toBe(true);
    expect(holds("StringEqualsIfExists", "sts:ExternalId", "abc", { "sts:ExternalId": "abc" })).toBe(true);
    expect(holds("StringEqualsIfExists", "sts:ExternalId", "abc", { "sts:ExternalId": "xyz" })).toBe(false);
  });

  it("an empty string is a value like any other", () => {
    expect(holds("StringEquals", "k", "", { k: "" })).toBe(true);
    expect(holds("StringEquals", "k", "", { k: "x" })).toBe(false);
  });
});

describe("StringNotEquals", () => {
  it("holds when the value differs and fails when it matches", () => {
    expect(holds("StringNotEquals", "aws:PrincipalOrgID", "o-abc", { "aws:PrincipalOrgID": "o-xyz" })).toBe(true);
    expect(holds("StringNotEquals", "aws:PrincipalOrgID", "o-abc", { "aws:PrincipalOrgID": "o-abc" })).toBe(false);
  });

  it("is case-sensitive", () => {
    expect(holds("StringNotEquals", "aws:PrincipalOrgID", "o-abc", { "aws:PrincipalOrgID": "O-ABC" })).toBe(true);
  });

  it("several values are NOR: fails when any one matches", () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
    expect(holds("StringNotEquals", "aws:RequestedRegion", ["eu-west-1", "us-east-1"], { "aws:RequestedRegion": "us-east-1" })).toBe(false);
    expect(holds("StringNotEquals", "aws:RequestedRegion", ["eu-west-1", "us-east-1"], { "aws:RequestedRegion": "ap-south-1" })).toBe(true);
  });

  it("is true when the key is absent (negated operators)", () => {
    expect(holds("StringNotEquals", "aws:PrincipalOrgID", "o-abc")).toBe(true);
    expect(holds("StringNotEqualsIfExists", "aws:PrincipalOrgID", "o-abc")).toBe(true);
  });
});

describe("StringEqualsIgnoreCase / StringNotEqualsIgnoreCase", () => {
  it("ignores case", () => {
    expect(holds("StringEqualsIgnoreCase", "aws:PrincipalTag/env", "Prod", { "aws:PrincipalTag/env": "PROD" })).toBe(true);
    expect(holds("StringEqualsIgnoreCase", "aws:PrincipalTag/env", "Prod", { "aws:PrincipalTag/env": "Production" })).toBe(false);
    expect(holds("StringNotEqualsIgnoreCase", "aws:PrincipalTag/env", "Prod", { "aws:PrincipalTag/env": "prod" })).toBe(false);
    expect(holds("StringNotEqualsIgnoreCase", "aws:PrincipalTag/env", "Prod", { "aws:PrincipalTag/env": "dev" })).toBe(true);
  });

  it("still treats * as a literal", () => {
    expect(holds("StringEqualsIgnoreCase", "k", "A*", { k: "abc" })).toBe(false);
  });

  it("missing key: positive false, negated true", () => {
    expect(holds("StringEqualsIgnoreCase", "k", "a")).toBe(false);
    expect(holds("StringNotEqualsIgnoreCase", "k", "a")).toBe(true);
  });
});

describe("StringLike / StringNotLike", () => {
  it("honours * and ?", () => {
    expect(holds("StringLike", "sts:RoleSessionName", "ci-*", { "sts:RoleSessionName": "ci-build-42" })).toBe(true);
    expect(holds("StringLike", "sts:RoleSessionName", "ci-??", { "sts:RoleSessionName": "ci-42" })).toBe(true);
    expect(holds("StringLike", "sts:RoleSessionName", "ci-??", { "sts:RoleSessionName": "ci-420" })).toBe(false);
  });

  it("is case-sensitive and anchored", () => {
    expect(holds("StringLike", "k", "ci-*", { k: "CI-1" })).toBe(false);
    expect(holds("StringLike", "k", "ci-*", { k: "x-ci-1" })).toBe(false);
  });

  it("StringNotLike: true when no pattern matches, false when one does, true when absent", () => {
    expect(holds("StringNotLike", "k", ["a*", "b*"], { k: "c1" })).toBe(true);
    expect(holds("StringNotLike", "k", ["a*", "b*"], { k: "b1" })).toBe(false);
    expect(holds("StringNotLike", "k", ["a*", "b*"])).toBe(true);
  });

  it("StringLikeIfExists skips an absent key", () => {
    expect(holds("StringLikeIfExists", "k", "a*")).toBe(true);
    expect(holds("StringLikeIfExists", "k", "a*", { k: "b" })).toBe(false);
  });
});

describe("policy variables in string conditions", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  it("StringEquals compares with the substituted value", () => {
    expect(holds("StringEquals", "sts:RoleSessionName", "${aws:username}", { "sts:RoleSessionName": "alice", "aws:username": "alice" })).toBe(true);
    expect(holds("StringEquals", "sts:RoleSessionName", "${aws:username}", { "sts:RoleSessionName": "bob", "aws:username": "alice" })).toBe(false);
  });

  it("StringLike keeps the wildcards around a variable and matches the value literally", () => {
    const ctx = { "aws:username": "a.b", "s3:prefix": "home/a.b/docs" };
    expect(holds("StringLike", "s3:prefix", "home/${aws:username}/*", ctx)).toBe(true);
    expect(holds("StringLike", "s3:prefix", "home/${aws:username}/*", { ...ctx, "s3:prefix": "home/aXb/docs" })).toBe(false);
  });

  it("a variable with no value: StringEquals/StringLike don't match, StringNotEquals holds", () => {
    const ctx = { "sts:RoleSessionName": "alice" };
    expect(holds("StringEquals", "sts:RoleSessionName", "${aws:username}", ctx)).toBe(false);
    expect(holds("StringLike", "sts:RoleSessionName", "${aws:username}*", ctx)).toBe(false);
    expect(holds("StringNotEquals", "sts:RoleSessionName", "${aws:username}", ctx)).toBe(true);
  });

  it("a default value is used when the variable's key is absent", () => {
    expect(holds("StringEquals", "aws:RequestTag/team", "${aws:PrincipalTag/team, 'none'}", { "aws:RequestTag/team": "none" })).toBe(true);
  });

  it("IgnoreCase compares the substituted value without case", () => {
    expect(holds("StringEqualsIgnoreCase", "k", "${aws:username}", { k: "ALICE", "aws:username": "alice" })).toBe(true);
  });

  it("${*} in StringLike is a literal asterisk", () => {
    expect(holds("StringLike", "k", "a${*}", { k: "a*" })).toBe(true);
    expect(holds("StringLike", "k", "a${*}", { k: "abc" })).toBe(false);
  });

  it("in a 2008-10-17 document ${…} is literal text", () => {
    expect(holds("StringEquals", "k", "${aws:username}", { k: "alice", "aws:username": "alice" }, false)).toBe(false);
    expect(holds("StringEquals", "k", "${aws:username}", { k: "${aws:username}", "aws:username": "alice" }, false)).toBe(true);
  });
});

describe("multivalued request keys with string operators", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  const tags = { "aws:TagKeys": ["team", "env"] };

  it("ForAllValues:StringEquals: every request value is in the policy list", () => {
    expect(holds("ForAllValues:StringEquals", "aws:TagKeys", ["team", "env", "cost"], tags)).toBe(true);
    expect(holds("ForAllValues:StringEquals", "aws:TagKeys", ["team"], tags)).toBe(false);
  });

  it("ForAnyValue:StringEquals: at least one request value is in the list", () => {
    expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", ["env"], tags)).toBe(true);
    expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", ["cost"], tags)).toBe(false);
  });

  it("ForAllValues:StringNotEquals: no request value matches any policy value", () => {
    expect(holds("ForAllValues:StringNotEquals", "aws:TagKeys", ["cost", "owner"], tags)).toBe(true);
    expect(holds("ForAllValues:StringNotEquals", "aws:TagKeys", ["env"], tags)).toBe(false);
  });

  it("ForAnyValue:StringNotEquals: at least one request value matches none of the policy values", () => {
    expect(holds("ForAnyValue:StringNotEquals", "aws:TagKeys", ["team"], tags)).toBe(true);
    expect(holds("ForAnyValue:StringNotEquals", "aws:TagKeys", ["team", "env"], tags)).toBe(false);
  });

  it("ForAllValues:StringLike with patterns", () => {
    expect(holds("ForAllValues:StringLike", "aws:TagKeys", ["t*", "e*"], tags)).toBe(true);
    expect(holds("ForAllValues:StringLike", "aws:TagKeys", ["t*"], tags)).toBe(false);
  });

  it("ForAllValues is true when the key is absent or empty; ForAnyValue is false", () => {
    expect(holds("ForAllValues:StringEquals", "aws:TagKeys", ["team"])).toBe(true);
    expect(holds("ForAllValues:StringEquals", "aws:TagKeys", ["team"], { "aws:TagKeys": [] })).toBe(true);
    expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", ["team"])).toBe(false);
    expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", ["team"], { "aws:TagKeys": [] })).toBe(false);
    expect(holds("ForAnyValue:StringNotEquals", "aws:TagKeys", ["team"])).toBe(false);
    expect(holds("ForAllValues:StringNotEquals", "aws:TagKeys", ["team"])).toBe(true);
  });

  // "Multivalued context keys require a condition set operator": a plain operator does not match
  // them, positive or negated (it is not ForAnyValue).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  it("no qualifier on a multivalued key: the condition does not match, positive or negated", () => {
    expect(holds("StringEquals", "aws:TagKeys", "env", tags)).toBe(false);
    expect(holds("StringLike", "aws:TagKeys", "*", tags)).toBe(false);
    expect(holds("StringNotEquals", "aws:TagKeys", "env", tags)).toBe(false);
    expect(holds("StringNotEquals", "aws:TagKeys", "cost", tags)).toBe(false);
    expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", "env", tags)).toBe(true);
  });

  it("aws:TagKeys stays multivalued even when given as a single string; an absent one is absent", () => {
    expect(holds("StringEquals", "aws:TagKeys", "env", { "aws:TagKeys": "env" })).toBe(false);
    expect(holds("ForAllValues:StringEquals", "aws:TagKeys", "env", { "aws:TagKeys": "env" })).toBe(true);
    expect(holds("StringNotEqualsIfExists", "aws:CalledVia", "x", {})).toBe(true);
  });
});
