import { describe, expect, it } from "vitest";
import {
  advancedCount,
  buildDiagnoseRequest,
  diagnoseHref,
  emptyDiagnoseForm,
  fieldOfIssue,
  formToQuery,
  localIssueMessage,
  queryToForm,
  row,
  type DiagnoseForm,
} from "./diagnose-form";

const bob = "arn:aws:iam::111111111111:user/bob";
const strip = (f: DiagnoseForm) => ({ ...f, tags: f.tags.map(({ key, value }) => [key, value]), context: f.context.map(({ key, value }) => [key, value]) });

function full(): DiagnoseForm {
  return {
    principal: bob,
    role: "arn:aws:iam::111111111111:role/ecs/orders-api-task",
    durationSeconds: "7200",
    roleSessionName: "bob-debug",
    externalId: "ext=1&2",
    mfa: "true",
    sourceIp: "10.0.12.34",
    sourceVpce: "vpce-0a1b2c3d4e5f67890",
    sourceIdentity: "bob@example.com",
    tags: [row("team", "web=a"), row("cost", "")],
    transitiveTagKeys: "team, cost",
    context: [row("aws:SourceAccount", "111111111111"), row("aws:PrincipalTag/x", '["a","b"]')],
  };
}

describe("query string", () => {
  it("round-trips every field, with = and & in values", () => {
    const f = full();
    expect(strip(queryToForm(formToQuery(f)))).toEqual(strip(f));
    expect(strip(queryToForm(new URLSearchParams(formToQuery(f))))).toEqual(strip(f));
  });
  it("is readable and leaves out empty fields", () => {
    const f = { ...emptyDiagnoseForm(), principal: bob, role: "orders-api-task", mfa: "false" as const };
    expect(formToQuery(f)).toBe("principal=arn%3Aaws%3Aiam%3A%3A111111111111%3Auser%2Fbob&role=orders-api-task&mfa=false");
  });
  it("ignores an mfa value that is not true or false", () => {
    expect(queryToForm("mfa=yes").mfa).toBe("");
  });
  it("builds links for other pages", () => {
    expect(diagnoseHref(bob, "power-user")).toBe(`/?principal=${encodeURIComponent(bob)}&role=power-user`);
    expect(diagnoseHref(null, "power-user")).toBe("/?role=power-user");
    expect(diagnoseHref()).toBe("/");
  });
});

describe("buildDiagnoseRequest", () => {
  it("sends only what is given, typed as the API wants", () => {
    const { request, errors } = buildDiagnoseRequest(full());
    expect(errors).toEqual({});
    expect(request).toEqual({
      principal: bob,
      role: "arn:aws:iam::111111111111:role/ecs/orders-api-task",
      durationSeconds: 7200,
      roleSessionName: "bob-debug",
      externalId: "ext=1&2",
      mfa: true,
      sourceIp: "10.0.12.34",
      sourceVpce: "vpce-0a1b2c3d4e5f67890",
      sourceIdentity: "bob@example.com",
      tags: { team: "web=a", cost: "" },
      transitiveTagKeys: ["team", "cost"],
      context: { "aws:SourceAccount": "111111111111", "aws:PrincipalTag/x": ["a", "b"] },
    });
    const min = buildDiagnoseRequest({ ...emptyDiagnoseForm(), role: " power-user ", mfa: "false" });
    expect(min.request).toEqual({ role: "power-user", mfa: false });
  });
  it("catches what it can before sending", () => {
    expect(buildDiagnoseRequest(emptyDiagnoseForm()).errors.role).toMatch(/Give the role/);
    expect(buildDiagnoseRequest({ ...emptyDiagnoseForm(), role: "x", sourceVpce: "vpc-0a1b2c3d" }).errors.sourceVpce).toMatch(/VPC endpoint ID/);
    const f = { ...full(), durationSeconds: "1.5h", tags: [row("", "web")], context: [row("k", "[1,")] };
    const { errors } = buildDiagnoseRequest(f);
    expect(errors.durationSeconds).toMatch(/whole number/);
    expect(errors.tags).toMatch(/needs a key/);
    expect(errors.context).toMatch(/^k: .*JSON array/);
    expect(buildDiagnoseRequest({ ...full(), tags: [row("a", "1"), row("a", "2")] }).errors.tags).toMatch(/twice/);
  });
  it("skips blank rows", () => {
    const { request } = buildDiagnoseRequest({ ...full(), tags: [row("", "")], context: [row(" ", " ")], transitiveTagKeys: " , " });
    expect(request.tags).toBeUndefined();
    expect(request.context).toBeUndefined();
    expect(request.transitiveTagKeys).toBeUndefined();
  });
});

describe("helpers", () => {
  it("counts the session parameters that are set", () => {
    expect(advancedCount(emptyDiagnoseForm())).toBe(0);
    expect(advancedCount(full())).toBe(12);
  });
  it("maps a server issue to its field", () => {
    expect(fieldOfIssue(["sourceIp"])).toBe("sourceIp");
    expect(fieldOfIssue(["tags", "x"])).toBe("tags");
    expect(fieldOfIssue([])).toBeNull();
    expect(fieldOfIssue(["nope"])).toBeNull();
    expect(localIssueMessage("sourceIp", "sourceIp: expected an IPv4 or IPv6 address")).toBe("expected an IPv4 or IPv6 address");
    expect(localIssueMessage("role", "other")).toBe("other");
  });
});
