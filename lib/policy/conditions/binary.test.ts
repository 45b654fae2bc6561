import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import { binaryOperators } from "./binary";
import { compileConditions, evaluateConditions } from "./evaluate";

// BinaryEquals compares the bytes of base64-encoded values.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals

function holds(op: string, key: string, values: string | string[], ctx: ContextInput = {}): boolean {
  const conds = compileConditions({ [op]: { [key]: Array.isArray(values) ? values : [values] } }, true);
  return evaluateConditions(conds, new RequestContext(ctx)).length === 0;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("BinaryEquals", () => {
  it("is a single positive operator", () => {
    expect(binaryOperators.map((o) => [o.name, o.negated])).toEqual([["BinaryEquals", false]]);
  });

  it("matches equal bytes", () => {
    expect(holds("BinaryEquals", "key", b64("QmluYXJ5VmFsdWU"), { key: b64("QmluYXJ5VmFsdWU") })).toBe(true);
    expect(holds("BinaryEquals", "key", b64("hello"), { key: b64("hellp") })).toBe(false);
  });

  it("compares decoded bytes, so padding differences do not matter", () => {
    // "a" → "YQ==" with padding, "YQ" without
    expect(holds("BinaryEquals", "key", "YQ==", { key: "YQ" })).toBe(true);
  });

  it("is case-sensitive because base64 is (different bytes)", () => {
    expect(holds("BinaryEquals", "key", "YQ==", { key: "Yq==" })).toBe(false);
  });

  it("several policy values OR", () => {
    expect(holds("BinaryEquals", "key", [b64("a"), b64("b")], { key: b64("b") })).toBe(true);
  });

  it("missing key: false; IfExists: true", () => {
    expect(holds("BinaryEquals", "key", b64("a"))).toBe(false);
    expect(holds("BinaryEqualsIfExists", "key", b64("a"))).toBe(true);
  });

  it("a request value that is not base64 does not match", () => {
    expect(holds("BinaryEquals", "key", b64("a"), { key: "not base64!" })).toBe(false);
    expect(holds("BinaryEquals", "key", b64("a"), { key: "YQ=" })).toBe(false);
  });

  it.each(["not base64!", "Y", "YQ===", "@@@@"])("a policy value %j that is not base64 makes the condition invalid", (v) => {
    const [c] = compileConditions({ BinaryEquals: { key: [v] } }, true);
    expect(c?.invalid).toMatch(/is not base64/);
  });
});
