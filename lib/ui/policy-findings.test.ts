import { describe, expect, it } from "vitest";
import { draftFindings } from "./policy-findings";

describe("draftFindings (what the evaluator shows as the user types)", () => {
  it("finds every problem of a trust policy draft at once", () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "allow", Principal: "arn:aws:iam::111122223333:root", Action: "sts:AssumeRole", Resource: "*" }] });
    expect(draftFindings(text, "trust")?.map((f) => f.code)).toEqual(["invalid-effect", "invalid-principal-format", "trust-policy-resource"]);
  });
  it("is null for text that is not a policy, and [] for a clean one", () => {
    expect(draftFindings("{", "identity")).toBeNull();
    expect(draftFindings("", "identity")).toBeNull();
    expect(draftFindings('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', "identity")).toEqual([]);
  });
});
