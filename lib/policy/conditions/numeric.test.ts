import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import { compileConditions, evaluateConditions } from "./evaluate";
import { numericOperators, parseNumber } from "./numeric";

// Numeric condition operators:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric

function holds(op: string, key: string, values: string | string[], ctx: ContextInput = {}): boolean {
  const conds = compileConditions({ [op]: { [key]: Array.isArray(values) ? values : [values] } }, true);
  return evaluateConditions(conds, new RequestContext(ctx)).length === 0;
}

describe("parseNumber", () => {
  it.each([
    ["42", 42],
    [" 42 ", 42],
    ["-1.5", -1.5],
    ["+3", 3],
    [".5", 0.5],
    ["1e3", 1000],
    ["0", 0],
  ])("%j → %d", (s, n) => {
    expect(parseNumber(s)).toBe(n);
  });

  it.each(["", "abc", "0x10", "1,000", "Infinity", "NaN", "1.2.3", "--1", "1e"])("rejects %j", (s) => {
    expect(parseNumber(s)).toBeNull();
  });
});

describe("numeric operators", () => {
  it("only NumericNotEquals is negated", () => {
    expect(numericOperators.filter((o) => o.negated).map((o) => o.name)).toEqual(["NumericNotEquals"]);
    expect(numericOperators.some((o) => o.supportsVariables)).toBe(false);
  });

  const age = (n: number | string) => ({ "aws:MultiFactorAuthAge": n });

  it.each([
    ["NumericEquals", 3600, 3600, true],
    ["NumericEquals", 3600, 3601, false],
    ["NumericNotEquals", 3600, 3601, true],
    ["NumericNotEquals", 3600, 3600, false],
    ["NumericLessThan", 3600, 3599, true],
    ["NumericLessThan", 3600, 3600, false],
    ["NumericLessThanEquals", 3600, 3600, true],
    ["NumericLessThanEquals", 3600, 3601, false],
    ["NumericGreaterThan", 3600, 3601, true],
    ["NumericGreaterThan", 3600, 3600, false],
    ["NumericGreaterThanEquals", 3600, 3600, true],
    ["NumericGreaterThanEquals", 3600, 3599, false],
  ] as const)("%s %d vs request %d → %s", (op, policy, request, want) => {
    expect(holds(op, "aws:MultiFactorAuthAge", String(policy), age(request))).toBe(want);
  });

  it("compares numerically, not as text", () => {
    expect(holds("NumericLessThan", "k", "100", { k: "20" })).toBe(true);
    expect(holds("NumericEquals", "k", "10", { k: "10.0" })).toBe(true);
    expect(holds("NumericEquals", "k", "1e2", { k: "100" })).toBe(true);
  });

  it("several policy values OR; NumericNotEquals with several values is NOR", () => {
    expect(holds("NumericEquals", "k", ["1", "2"], { k: "2" })).toBe(true);
    expect(holds("NumericNotEquals", "k", ["1", "2"], { k: "2" })).toBe(false);
    expect(holds("NumericNotEquals", "k", ["1", "2"], { k: "3" })).toBe(true);
  });

  it("missing key: positive false, NumericNotEquals true, IfExists true", () => {
    expect(holds("NumericLessThan", "aws:MultiFactorAuthAge", "3600")).toBe(false);
    expect(holds("NumericNotEquals", "aws:MultiFactorAuthAge", "3600")).toBe(true);
    expect(holds("NumericLessThanIfExists", "aws:MultiFactorAuthAge", "3600")).toBe(true);
    expect(holds("NumericLessThanIfExists", "aws:MultiFactorAuthAge", "3600", age(7200))).toBe(false);
  });

  it("a request value that is not a number never matches a positive operator", () => {
    expect(holds("NumericLessThan", "k", "10", { k: "five" })).toBe(false);
    expect(holds("NumericEquals", "k", "10", { k: "" })).toBe(false);
  });

  it("a policy value that is not a number makes the condition invalid (never holds, with a reason)", () => {
    const [c] = compileConditions({ NumericLessThan: { "aws:MultiFactorAuthAge": ["one hour"] } }, true);
    expect(c?.invalid).toBe('NumericLessThan aws:MultiFactorAuthAge: "one hour" is not a number');
    const failures = evaluateConditions(compileConditions({ NumericLessThan: { k: ["x"] } }, true), new RequestContext({ k: "1" }));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.reason).toBe("invalid");
    // even the negated form does not hold with an invalid value
    expect(holds("NumericNotEquals", "k", "x", { k: "1" })).toBe(false);
  });

  it("ForAnyValue / ForAllValues over a numeric list", () => {
    expect(holds("ForAnyValue:NumericGreaterThan", "k", "10", { k: [1, 20] })).toBe(true);
    expect(holds("ForAllValues:NumericGreaterThan", "k", "10", { k: [1, 20] })).toBe(false);
    expect(holds("ForAllValues:NumericGreaterThan", "k", "10", { k: [11, 20] })).toBe(true);
  });
});
