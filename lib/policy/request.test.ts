import { describe, expect, it } from "vitest";
import { RequestContext } from "./context";
import type { EvaluationRequest } from "./evaluate";
import { parseRequestPrincipal, type RequestPrincipal } from "./principal";
import { buildRequest, deriveContext, principalArnKey } from "./request";

// Keys AWS puts in every signed request (rules reference §3):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// Principal key values per principal type:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable

const A = "111122223333";
const B = "444455556666";
const NOW = new Date(Date.UTC(2026, 0, 31, 10, 0, 0, 123));

function req(principal: string, extra: Partial<Parameters<typeof buildRequest>[0]> = {}): EvaluationRequest {
  const r = buildRequest({ principal, action: "sts:AssumeRole", resource: `arn:aws:iam::${B}:role/Target`, now: NOW, ...extra });
  if (typeof r === "string") throw new Error(r);
  return r;
}

function p(s: string): RequestPrincipal {
  const r = parseRequestPrincipal(s);
  if (typeof r === "string") throw new Error(r);
  return r;
}

const value = (r: EvaluationRequest, key: string) => r.context.get(key)?.values;

describe("principalArnKey (aws:PrincipalArn)", () => {
  it("for a role session is the role ARN, never the session ARN", () => {
    expect(principalArnKey(p(`arn:aws:sts::${A}:assumed-role/Deploy/build-42`))).toBe(`arn:aws:iam::${A}:role/Deploy`);
  });

  it("keeps the partition of a session", () => {
    expect(principalArnKey(p(`arn:aws-cn:sts::${A}:assumed-role/Deploy/s`))).toBe(`arn:aws-cn:iam::${A}:role/Deploy`);
  });

  it("for users, roles, root and federated users is their own ARN", () => {
    expect(principalArnKey(p(`arn:aws:iam::${A}:user/team/alice`))).toBe(`arn:aws:iam::${A}:user/team/alice`);
    expect(principalArnKey(p(`arn:aws:iam::${A}:role/ci/Deploy`))).toBe(`arn:aws:iam::${A}:role/ci/Deploy`);
    expect(principalArnKey(p(`arn:aws:iam::${A}:root`))).toBe(`arn:aws:iam::${A}:root`);
    expect(principalArnKey(p(`arn:aws:sts::${A}:federated-user/bob`))).toBe(`arn:aws:sts::${A}:federated-user/bob`);
  });

  it("is undefined for service principals and identity providers", () => {
    expect(principalArnKey(p("ec2.amazonaws.com"))).toBeUndefined();
    expect(principalArnKey(p("accounts.google.com"))).toBeUndefined();
  });
});

describe("buildRequest", () => {
  it("returns the principal's error message as a string", () => {
    const r = buildRequest({ principal: "alice", action: "sts:AssumeRole", resource: "*" });
    expect(typeof r).toBe("string");
    expect(r).toMatch(/is not a principal/);
  });

  it("keeps action, resource and resourceAccount as given", () => {
    const r = req(`arn:aws:iam::${A}:user/alice`, { resourceAccount: B });
    expect(r).toMatchObject({ action: "sts:AssumeRole", resource: `arn:aws:iam::${B}:role/Target`, resourceAccount: B, principal: { type: "user", name: "alice" } });
  });

  it("IAM user: PrincipalArn, PrincipalAccount, PrincipalType User, aws:username", () => {
    const r = req(`arn:aws:iam::${A}:user/team/alice`);
    expect(value(r, "aws:PrincipalArn")).toEqual([`arn:aws:iam::${A}:user/team/alice`]);
    expect(value(r, "aws:PrincipalAccount")).toEqual([A]);
    expect(value(r, "aws:PrincipalType")).toEqual(["User"]);
    expect(value(r, "aws:username")).toEqual(["alice"]);
    expect(value(r, "aws:PrincipalIsAWSService")).toEqual(["false"]);
  });

  it("role session: PrincipalArn is the role ARN, type AssumedRole, and no aws:username (rules reference R3.7)", () => {
    const r = req(`arn:aws:sts::${A}:assumed-role/Deploy/build-42`);
    expect(value(r, "aws:PrincipalArn")).toEqual([`arn:aws:iam::${A}:role/Deploy`]);
    expect(value(r, "aws:PrincipalType")).toEqual(["AssumedRole"]);
    expect(r.context.has("aws:username")).toBe(false);
    expect(value(r, "aws:PrincipalAccount")).toEqual([A]);
  });

  it("a role given as the caller counts as an AssumedRole principal with the role's ARN (path kept)", () => {
    const r = req(`arn:aws:iam::${A}:role/ci/Deploy`);
    expect(value(r, "aws:PrincipalType")).toEqual(["AssumedRole"]);
    expect(value(r, "aws:PrincipalArn")).toEqual([`arn:aws:iam::${A}:role/ci/Deploy`]);
    expect(r.context.has("aws:username")).toBe(false);
  });

  it("federated user: type FederatedUser, aws:userid account:name, no aws:username", () => {
    const r = req(`arn:aws:sts::${A}:federated-user/bob`);
    expect(value(r, "aws:PrincipalType")).toEqual(["FederatedUser"]);
    expect(value(r, "aws:userid")).toEqual([`${A}:bob`]);
    expect(r.context.has("aws:username")).toBe(false);
  });

  it("root: type Account, aws:userid is the account ID", () => {
    const r = req(`arn:aws:iam::${A}:root`);
    expect(value(r, "aws:PrincipalType")).toEqual(["Account"]);
    expect(value(r, "aws:userid")).toEqual([A]);
    expect(r.context.has("aws:username")).toBe(false);
  });

  it("service principal: PrincipalIsAWSService true, PrincipalServiceName, no PrincipalArn/Account/Type", () => {
    const r = req("ecs-tasks.amazonaws.com");
    expect(value(r, "aws:PrincipalIsAWSService")).toEqual(["true"]);
    expect(value(r, "aws:PrincipalServiceName")).toEqual(["ecs-tasks.amazonaws.com"]);
    expect(r.context.has("aws:PrincipalArn")).toBe(false);
    expect(r.context.has("aws:PrincipalAccount")).toBe(false);
    expect(r.context.has("aws:PrincipalType")).toBe(false);
  });

  it("identity providers get no principal keys", () => {
    const r = req("accounts.google.com");
    expect(r.context.has("aws:PrincipalArn")).toBe(false);
    expect(r.context.has("aws:PrincipalType")).toBe(false);
    expect(r.context.has("aws:PrincipalIsAWSService")).toBe(false);
  });

  it("aws:ResourceAccount comes from resourceAccount, else the resource ARN, else the principal", () => {
    expect(value(req(`arn:aws:iam::${A}:user/alice`), "aws:ResourceAccount")).toEqual([B]);
    expect(value(req(`arn:aws:iam::${A}:user/alice`, { resourceAccount: "999988887777" }), "aws:ResourceAccount")).toEqual(["999988887777"]);
    expect(value(req(`arn:aws:iam::${A}:user/alice`, { resource: "arn:aws:s3:::bucket" }), "aws:ResourceAccount")).toEqual([A]);
    expect(req("ec2.amazonaws.com", { resource: "arn:aws:s3:::bucket" }).context.has("aws:ResourceAccount")).toBe(false);
  });

  it("aws:CurrentTime (ISO, whole seconds, UTC) and aws:EpochTime (seconds) come from `now`", () => {
    const r = req(`arn:aws:iam::${A}:user/alice`);
    expect(value(r, "aws:CurrentTime")).toEqual(["2026-01-31T10:00:00Z"]);
    expect(value(r, "aws:EpochTime")).toEqual([String(Math.floor(NOW.getTime() / 1000))]);
  });

  it("`now` defaults to the current time", () => {
    const before = Math.floor(Date.now() / 1000);
    const r = buildRequest({ principal: `arn:aws:iam::${A}:user/alice`, action: "s3:GetObject", resource: "*" });
    if (typeof r === "string") throw new Error(r);
    const epoch = Number(r.context.get("aws:EpochTime")?.values[0]);
    expect(epoch).toBeGreaterThanOrEqual(before);
    expect(epoch).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("keys the caller gives win over derived ones, whatever their spelling", () => {
    const r = req(`arn:aws:sts::${A}:assumed-role/Deploy/build-42`, {
      context: {
        "AWS:PrincipalArn": `arn:aws:iam::${A}:role/path/Deploy`,
        "aws:principaltype": "Custom",
        "aws:CurrentTime": "2020-01-01T00:00:00Z",
        "aws:ResourceAccount": "000000000000",
      },
    });
    expect(value(r, "aws:PrincipalArn")).toEqual([`arn:aws:iam::${A}:role/path/Deploy`]);
    expect(value(r, "aws:PrincipalType")).toEqual(["Custom"]);
    expect(value(r, "aws:CurrentTime")).toEqual(["2020-01-01T00:00:00Z"]);
    expect(value(r, "aws:ResourceAccount")).toEqual(["000000000000"]);
    // a caller-given aws:username for a role session is kept (the caller knows best)
    expect(req(`arn:aws:sts::${A}:assumed-role/Deploy/s`, { context: { "aws:username": "x" } }).context.get("aws:username")?.values).toEqual(["x"]);
  });

  it("keeps other caller keys, including lists", () => {
    const r = req(`arn:aws:iam::${A}:user/alice`, { context: { "sts:ExternalId": "abc", "aws:TagKeys": ["team"] } });
    expect(value(r, "sts:ExternalId")).toEqual(["abc"]);
    expect(r.context.get("aws:TagKeys")?.multi).toBe(true);
  });
});

describe("deriveContext", () => {
  it("fills the given context in place and returns it", () => {
    const ctx = new RequestContext();
    const out = deriveContext(p(`arn:aws:iam::${A}:user/alice`), ctx, undefined, NOW);
    expect(out).toBe(ctx);
    expect(ctx.has("aws:ResourceAccount")).toBe(false);
    expect(ctx.get("aws:username")?.values).toEqual(["alice"]);
  });
});
