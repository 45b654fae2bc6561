import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import { boolOperators } from "./bool";
import { compileConditions, evaluateConditions } from "./evaluate";

// Bool: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean

function holds(op: string, key: string, values: string | string[], ctx: ContextInput = {}): boolean {
  const conds = compileConditions({ [op]: { [key]: Array.isArray(values) ? values : [values] } }, true);
  return evaluateConditions(conds, new RequestContext(ctx)).length === 0;
}

describe("Bool", () => {
  it("is a single positive operator", () => {
    expect(boolOperators.map((o) => [o.name, o.negated])).toEqual([["Bool", false]]);
  });

  it("matches true and false", () => {
    expect(holds("Bool", "aws:MultiFactorAuthPresent", "true", { "aws:MultiFactorAuthPresent": true })).toBe(true);
    expect(holds("Bool", "aws:MultiFactorAuthPresent", "true", { "aws:MultiFactorAuthPresent": false })).toBe(false);
    expect(holds("Bool", "aws:MultiFactorAuthPresent", "false", { "aws:MultiFactorAuthPresent": "false" })).toBe(true);
  });

  it("ignores case on both sides", () => {
    expect(holds("Bool", "aws:SecureTransport", "TRUE", { "aws:SecureTransport": "True" })).toBe(true);
  });

  it("a JSON boolean in the policy works like the string", () => {
    // parsePolicy turns `true` into "true"
    expect(holds("Bool", "aws:SecureTransport", String(true), { "aws:SecureTransport": "true" })).toBe(true);
  });

  it("is false when the key is absent: a Deny on Bool false does not catch long-term keys (rules reference R3.9)", () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
    expect(holds("Bool", "aws:MultiFactorAuthPresent", "false")).toBe(false);
    expect(holds("Bool", "aws:MultiFactorAuthPresent", "true")).toBe(false);
  });

  it("BoolIfExists is true when the key is absent", () => {
    expect(holds("BoolIfExists", "aws:MultiFactorAuthPresent", "false")).toBe(true);
    expect(holds("BoolIfExists", "aws:MultiFactorAuthPresent", "false", { "aws:MultiFactorAuthPresent": "true" })).toBe(false);
  });

  it("a request value other than true/false does not match", () => {
    expect(holds("Bool", "k", "true", { k: "yes" })).toBe(false);
    expect(holds("Bool", "k", "true", { k: "1" })).toBe(false);
  });

  it("a policy value other than true/false makes the condition invalid", () => {
    const [c] = compileConditions({ Bool: { "aws:SecureTransport": ["yes"] } }, true);
    expect(c?.invalid).toBe('Bool aws:SecureTransport: "yes" is not true or false');
    expect(holds("Bool", "k", "yes", { k: "yes" })).toBe(false);
  });
});
