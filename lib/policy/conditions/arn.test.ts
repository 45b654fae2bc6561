import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import { arnOperators } from "./arn";
import { compileConditions, evaluateConditions } from "./evaluate";

// ARN condition operators: case-sensitive, each colon-delimited part checked on its own, wildcards
// allowed in ArnEquals and ArnLike alike.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN

function holds(op: string, key: string, values: string | string[], ctx: ContextInput = {}, variables = true): boolean {
  const conds = compileConditions({ [op]: { [key]: Array.isArray(values) ? values : [values] } }, variables);
  return evaluateConditions(conds, new RequestContext(ctx)).length === 0;
}

const principal = (arn: string) => ({ "aws:PrincipalArn": arn });
const OPS = "arn:aws:iam::111122223333:role/OpsRoles/*";

describe("ARN operators", () => {
  it("ArnNotEquals and ArnNotLike are negated; all support variables", () => {
    expect(arnOperators.map((o) => [o.name, o.negated])).toEqual([
      ["ArnEquals", false],
      ["ArnLike", false],
      ["ArnNotEquals", true],
      ["ArnNotLike", true],
    ]);
    expect(arnOperators.every((o) => o.supportsVariables)).toBe(true);
  });

  it("ArnLike with a path wildcard (rules reference R1.14)", () => {
    expect(holds("ArnLike", "aws:PrincipalArn", OPS, principal("arn:aws:iam::111122223333:role/OpsRoles/deploy"))).toBe(true);
    expect(holds("ArnLike", "aws:PrincipalArn", OPS, principal("arn:aws:iam::111122223333:role/Other/deploy"))).toBe(false);
  });

  it("ArnEquals honours wildcards too", () => {
    expect(holds("ArnEquals", "aws:PrincipalArn", OPS, principal("arn:aws:iam::111122223333:role/OpsRoles/deploy"))).toBe(true);
  });

  it("is case-sensitive", () => {
    expect(holds("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/Admin", principal("arn:aws:iam::111122223333:role/admin"))).toBe(false);
    expect(holds("ArnLike", "aws:PrincipalArn", OPS, principal("arn:aws:iam::111122223333:role/opsroles/deploy"))).toBe(false);
  });

  it("a wildcard in the account segment does not cross into the next segment", () => {
    expect(holds("ArnLike", "aws:SourceArn", "arn:aws:sqs:us-east-1:1*3:queue", { "aws:SourceArn": "arn:aws:sqs:us-east-1:1:2:3:queue" })).toBe(false);
    expect(holds("ArnLike", "aws:SourceArn", "arn:aws:sqs:us-east-1:1*3:queue", { "aws:SourceArn": "arn:aws:sqs:us-east-1:111122223333:queue" })).toBe(true);
  });

  it("a request value that is not an ARN never matches, even a lone *", () => {
    expect(holds("ArnLike", "aws:SourceArn", "*", { "aws:SourceArn": "not-an-arn" })).toBe(false);
    expect(holds("ArnLike", "aws:SourceArn", "*", { "aws:SourceArn": "arn:aws:s3:::b" })).toBe(true);
  });

  it("ArnNotLike: true when no pattern matches, false when one does", () => {
    expect(holds("ArnNotLike", "aws:PrincipalArn", [OPS, "arn:aws:iam::111122223333:role/Admin"], principal("arn:aws:iam::111122223333:role/Admin"))).toBe(false);
    expect(holds("ArnNotLike", "aws:PrincipalArn", [OPS], principal("arn:aws:iam::111122223333:role/Admin"))).toBe(true);
    expect(holds("ArnNotEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/Admin", principal("arn:aws:iam::111122223333:role/Admin"))).toBe(false);
  });

  it("missing key: ArnLike false, ArnNotLike true, ArnLikeIfExists true", () => {
    expect(holds("ArnLike", "aws:SourceArn", "arn:aws:s3:::b")).toBe(false);
    expect(holds("ArnNotLike", "aws:SourceArn", "arn:aws:s3:::b")).toBe(true);
    expect(holds("ArnNotEquals", "aws:SourceArn", "arn:aws:s3:::b")).toBe(true);
    expect(holds("ArnLikeIfExists", "aws:SourceArn", "arn:aws:s3:::b")).toBe(true);
  });

  it("substitutes policy variables in 2012-10-17 documents", () => {
    const pattern = "arn:aws:iam::${aws:PrincipalAccount}:role/*";
    const ctx = { "aws:PrincipalAccount": "111122223333", "aws:SourceArn": "arn:aws:iam::111122223333:role/x" };
    expect(holds("ArnLike", "aws:SourceArn", pattern, ctx)).toBe(true);
    expect(holds("ArnLike", "aws:SourceArn", pattern, { ...ctx, "aws:PrincipalAccount": "444455556666" })).toBe(false);
    expect(holds("ArnLike", "aws:SourceArn", pattern, ctx, false)).toBe(false);
  });

  it("a variable without a value: ArnLike false, ArnNotLike true", () => {
    const ctx = { "aws:SourceArn": "arn:aws:iam::111122223333:role/x" };
    expect(holds("ArnLike", "aws:SourceArn", "arn:aws:iam::${aws:PrincipalAccount}:role/*", ctx)).toBe(false);
    expect(holds("ArnNotLike", "aws:SourceArn", "arn:aws:iam::${aws:PrincipalAccount}:role/*", ctx)).toBe(true);
  });

  it("ForAnyValue:ArnLike over a list of ARNs", () => {
    const ctx = { "aws:SourceArns": ["arn:aws:s3:::a", "arn:aws:s3:::b"] };
    expect(holds("ForAnyValue:ArnLike", "aws:SourceArns", "arn:aws:s3:::b*", ctx)).toBe(true);
    expect(holds("ForAllValues:ArnLike", "aws:SourceArns", "arn:aws:s3:::b*", ctx)).toBe(false);
  });
});
