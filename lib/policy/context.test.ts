import { describe, expect, it } from "vitest";
import { RequestContext } from "./context";

// Condition key names are case-insensitive; values keep their case.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

describe("RequestContext", () => {
  it("looks keys up without regard to case, including the tag part of aws:PrincipalTag/…", () => {
    const ctx = new RequestContext({ "aws:PrincipalTag/Team": "Blue" });
    expect(ctx.get("AWS:PRINCIPALTAG/team")?.values).toEqual(["Blue"]);
    expect(ctx.getLower("aws:principaltag/team")?.values).toEqual(["Blue"]);
    expect(ctx.has("aws:principaltag/TEAM")).toBe(true);
  });

  it("keeps the value's case", () => {
    const ctx = new RequestContext({ "sts:ExternalId": "AbC" });
    expect(ctx.get("sts:externalid")?.values).toEqual(["AbC"]);
  });

  it("getLower does not fold the key itself (it expects a lower-cased key)", () => {
    const ctx = new RequestContext({ "aws:SourceIp": "10.0.0.1" });
    expect(ctx.getLower("aws:SourceIp")).toBeUndefined();
    expect(ctx.getLower("aws:sourceip")).toBeDefined();
  });

  it("stringifies numbers and booleans", () => {
    const ctx = new RequestContext({ "aws:MultiFactorAuthAge": 300, "aws:SecureTransport": true });
    expect(ctx.get("aws:MultiFactorAuthAge")?.values).toEqual(["300"]);
    expect(ctx.get("aws:SecureTransport")?.values).toEqual(["true"]);
    expect(ctx.get("aws:SecureTransport")?.multi).toBe(false);
  });

  it("marks lists as multivalued, even a one-element list", () => {
    const ctx = new RequestContext({ "aws:TagKeys": ["team"], "aws:PrincipalOrgPaths": ["o-a/r-b/ou-c/", "o-a/r-b/"] });
    expect(ctx.get("aws:TagKeys")).toEqual({ name: "aws:TagKeys", values: ["team"], multi: true });
    expect(ctx.get("aws:PrincipalOrgPaths")?.values).toHaveLength(2);
  });

  it("an empty list is present as a key but has no values", () => {
    const ctx = new RequestContext({ "aws:TagKeys": [] });
    expect(ctx.has("aws:TagKeys")).toBe(true);
    expect(ctx.get("aws:TagKeys")?.values).toEqual([]);
  });

  it("set replaces a key given with another spelling", () => {
    const ctx = new RequestContext({ "aws:username": "alice" });
    ctx.set("AWS:UserName", "bob");
    expect(ctx.keys()).toEqual(["AWS:UserName"]);
    expect(ctx.get("aws:username")?.values).toEqual(["bob"]);
  });

  it("setDefault never overrides a value the caller gave, whatever its spelling", () => {
    const ctx = new RequestContext({ "AWS:PRINCIPALARN": "arn:aws:iam::111122223333:user/given" });
    ctx.setDefault("aws:PrincipalArn", "arn:aws:iam::111122223333:user/derived");
    expect(ctx.get("aws:PrincipalArn")?.values).toEqual(["arn:aws:iam::111122223333:user/given"]);
    ctx.setDefault("aws:PrincipalAccount", "111122223333");
    expect(ctx.get("aws:principalaccount")?.values).toEqual(["111122223333"]);
  });

  it("set is chainable", () => {
    const ctx = new RequestContext().set("a", "1").set("b", "2");
    expect(ctx.keys()).toEqual(["a", "b"]);
  });

  it("toJSON keeps single values as strings and lists as arrays, under the caller's spelling", () => {
    const ctx = new RequestContext({ "aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"], "aws:Empty": [] });
    expect(ctx.toJSON()).toEqual({ "aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"], "aws:Empty": [] });
  });

  it("an unknown key is absent", () => {
    const ctx = new RequestContext();
    expect(ctx.get("aws:SourceIp")).toBeUndefined();
    expect(ctx.has("aws:SourceIp")).toBe(false);
    expect(ctx.keys()).toEqual([]);
  });
});
