import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import { compileConditions, evaluateConditions } from "./evaluate";
import { nullHolds, nullOperator } from "./null";

// Null: "true" holds when the key is absent, "false" when it is present.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null

function evalNull(op: string, key: string, values: string | string[], ctx: ContextInput = {}) {
  const conds = compileConditions({ [op]: { [key]: Array.isArray(values) ? values : [values] } }, true);
  return evaluateConditions(conds, new RequestContext(ctx));
}
const holds = (op: string, key: string, values: string | string[], ctx: ContextInput = {}) => evalNull(op, key, values, ctx).length === 0;

describe("nullHolds", () => {
  it.each([
    [["true"], false, true],
    [["true"], true, false],
    [["false"], true, true],
    [["false"], false, false],
    [["TRUE"], false, true],
    [[" false "], true, true],
    [["true", "false"], true, true],
    [["true", "false"], false, true],
  ])("%j with present=%s → %s", (values, present, want) => {
    expect(nullHolds(values, present)).toBe(want);
  });
});

describe("Null", () => {
  it("true: holds when the key is absent", () => {
    expect(holds("Null", "aws:TokenIssueTime", "true")).toBe(true);
    expect(holds("Null", "aws:TokenIssueTime", "true", { "aws:TokenIssueTime": "2026-01-01T00:00:00Z" })).toBe(false);
  });

  it("false: holds when the key is present, whatever its value", () => {
    expect(holds("Null", "sts:ExternalId", "false", { "sts:ExternalId": "" })).toBe(true);
    expect(holds("Null", "sts:ExternalId", "false")).toBe(false);
  });

  it("an empty list counts as absent", () => {
    expect(holds("Null", "aws:TagKeys", "true", { "aws:TagKeys": [] })).toBe(true);
    expect(holds("Null", "aws:TagKeys", "false", { "aws:TagKeys": [] })).toBe(false);
  });

  it("a JSON boolean true in the policy works (parsePolicy stringifies it)", () => {
    expect(holds("Null", "k", String(true))).toBe(true);
  });

  it("explains which way it failed", () => {
    const [absent] = evalNull("Null", "sts:ExternalId", "false");
    expect(absent).toMatchObject({ reason: "no-match", requestValues: null, message: "sts:ExternalId is absent, but the policy requires it to be present" });
    const [present] = evalNull("Null", "sts:ExternalId", "true", { "sts:ExternalId": "x" });
    expect(present).toMatchObject({ reason: "no-match", requestValues: ["x"], message: "sts:ExternalId is present, but the policy requires it to be absent" });
  });

  it("a value other than true/false is invalid", () => {
    const [c] = compileConditions({ Null: { k: ["maybe"] } }, true);
    expect(c?.invalid).toBe('Null k: "maybe" is not true or false');
    expect(holds("Null", "k", "maybe")).toBe(false);
  });

  it("NullIfExists and set qualifiers are not valid operators", () => {
    for (const op of ["NullIfExists", "ForAnyValue:Null", "ForAllValues:Null"]) {
      const [c] = compileConditions({ [op]: { k: ["true"] } }, true);
      expect(c?.invalid, op).toMatch(/is not a valid operator/);
      expect(holds(op, "k", "true"), op).toBe(false);
    }
  });

  it("the Null operator object takes no variables and is not negated", () => {
    expect(nullOperator).toMatchObject({ name: "Null", negated: false, supportsVariables: false });
  });
});
