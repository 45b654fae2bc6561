import { describe, expect, it } from "vitest";
import { ACCOUNT_ID, arnGlobTokens, compileArnPattern, parseArn, splitIamResource } from "./arn";
import { RequestContext } from "./context";
import { compileTokens } from "./wildcard";

// Resource element / ARN matching:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html

const empty = new RequestContext();

describe("parseArn", () => {
  it("splits the five fixed segments and keeps colons inside the resource", () => {
    expect(parseArn("arn:aws:logs:us-east-1:111122223333:log-group:my-group:*")).toEqual({
      partition: "aws",
      service: "logs",
      region: "us-east-1",
      account: "111122223333",
      resource: "log-group:my-group:*",
    });
  });

  it("accepts empty region and account (S3, IAM)", () => {
    expect(parseArn("arn:aws:s3:::bucket/key")).toMatchObject({ service: "s3", region: "", account: "", resource: "bucket/key" });
    expect(parseArn("arn:aws-cn:iam::111122223333:role/x")).toMatchObject({ partition: "aws-cn", region: "", account: "111122223333" });
  });

  it.each(["", "arn:aws:s3", "arn:aws:iam::111122223333", "ARN:aws:iam::111122223333:root", "urn:aws:iam::1:root", "arn::iam::111122223333:root", "arn:aws:::111122223333:root"])(
    "rejects %j",
    (s) => {
      expect(parseArn(s)).toBeNull();
    },
  );

  it("keeps an empty resource", () => {
    expect(parseArn("arn:aws:iam::111122223333:")).toMatchObject({ resource: "" });
  });
});

describe("splitIamResource", () => {
  it.each([
    ["role/Admin", { type: "role", path: "/", name: "Admin" }],
    ["role/service-role/ops/Deploy", { type: "role", path: "/service-role/ops/", name: "Deploy" }],
    ["user/division_abc/bob", { type: "user", path: "/division_abc/", name: "bob" }],
    ["root", { type: "root", path: "/", name: "" }],
  ])("%s", (res, want) => {
    expect(splitIamResource(res)).toEqual(want);
  });
});

describe("ACCOUNT_ID", () => {
  it("is exactly twelve digits", () => {
    expect(ACCOUNT_ID.test("111122223333")).toBe(true);
    expect(ACCOUNT_ID.test("11112222333")).toBe(false);
    expect(ACCOUNT_ID.test("1111222233334")).toBe(false);
    expect(ACCOUNT_ID.test("11112222333a")).toBe(false);
  });
});

describe("arnGlobTokens", () => {
  const re = (p: string) => compileTokens(arnGlobTokens(p));
  it("a wildcard in the middle of a head segment does not cross a colon", () => {
    expect(re("arn:aws:ec2:us-*-1:1:x").test("arn:aws:ec2:us-east-1:1:x")).toBe(true);
    expect(re("arn:aws:ec2:us-*-1:1:x").test("arn:aws:ec2:us-east:x-1:1:x")).toBe(false);
  });

  it("a trailing * of a head segment may run past the colon", () => {
    expect(re("arn:aws:ec2:us-*").test("arn:aws:ec2:us-east-1:111122223333:thing")).toBe(true);
  });

  it("the resource part's wildcards span colons and slashes", () => {
    expect(re("arn:aws:logs:us-east-1:111122223333:log-group:*").test("arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:x/y")).toBe(true);
  });

  // Issue 15 item 1, the same shape in a Resource pattern.
  it("answers a *a*a*…*b resource pattern against a long ARN at once", () => {
    const p = compileArnPattern("arn:aws:s3:::*a*a*a*a*a*a*a*a*a*b", false);
    expect(p(`arn:aws:s3:::${"a".repeat(2000)}`, empty)).toBe(false);
    const head = compileArnPattern("arn:aws:s3:*a*a*a*a*a*a*a*a*a*b:::x", false);
    expect(head(`arn:aws:s3:${"a".repeat(2000)}:::x`, empty)).toBe(false);
  });
});

describe("compileArnPattern (no variables)", () => {
  const m = (pattern: string, value: string) => compileArnPattern(pattern, false)(value, empty);

  it("* matches any value", () => {
    expect(m("*", "arn:aws:s3:::bucket")).toBe(true);
    expect(m("*", "not-even-an-arn")).toBe(true);
  });

  it("an exact ARN matches only itself, case-sensitively", () => {
    expect(m("arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/Admin")).toBe(true);
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (ARNs are case-sensitive)
    expect(m("arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/admin")).toBe(false);
    expect(m("arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/Admin2")).toBe(false);
  });

  it("wildcards are case-sensitive too", () => {
    expect(m("arn:aws:iam::111122223333:role/Ops*", "arn:aws:iam::111122223333:role/ops-1")).toBe(false);
    expect(m("arn:aws:iam::111122223333:role/Ops*", "arn:aws:iam::111122223333:role/Ops-1")).toBe(true);
  });

  it("arn:aws:s3:* matches an S3 bucket: a trailing * of a segment expands beyond the colon", () => {
    // "If the * wildcard is the last character of a resource ARN segment, it can expand to match
    // beyond the colon boundaries." reference_policies_elements_resource.html
    expect(m("arn:aws:s3:*", "arn:aws:s3:::bucket")).toBe(true);
    expect(m("arn:aws:s3:*", "arn:aws:s3:::bucket/key")).toBe(true);
    expect(m("arn:aws:s3:*", "arn:aws:sqs:us-east-1:111122223333:q")).toBe(false);
  });

  it("a * in the middle of a head segment stays in that segment", () => {
    expect(m("arn:aws:sqs:us-*-1:111122223333:queue", "arn:aws:sqs:us-east-1:111122223333:queue")).toBe(true);
    expect(m("arn:aws:sqs:u*1:111122223333:queue", "arn:aws:sqs:us:x-1:111122223333:queue")).toBe(false);
  });

  it("? in a head segment matches one character but not a colon", () => {
    expect(m("arn:aws:iam::11112222333?:root", "arn:aws:iam::111122223334:root")).toBe(true);
    expect(m("arn:aws:iam:?:111122223333:root", "arn:aws:iam:::111122223333:root")).toBe(false);
  });

  it("* in the resource part matches / and :", () => {
    expect(m("arn:aws:iam::111122223333:role/*", "arn:aws:iam::111122223333:role/path/to/Deploy")).toBe(true);
    expect(m("arn:aws:logs:us-east-1:111122223333:log-group:*", "arn:aws:logs:us-east-1:111122223333:log-group:a:log-stream:b")).toBe(true);
  });

  it("a specific account does not match another account", () => {
    expect(m("arn:aws:iam::111122223333:role/*", "arn:aws:iam::444455556666:role/Admin")).toBe(false);
  });

  it("regex metacharacters in the pattern are literal", () => {
    expect(m("arn:aws:s3:::my.bucket/*", "arn:aws:s3:::myXbucket/a")).toBe(false);
    expect(m("arn:aws:s3:::my.bucket/*", "arn:aws:s3:::my.bucket/a")).toBe(true);
    expect(m("arn:aws:s3:::b(1)+/*", "arn:aws:s3:::b(1)+/k")).toBe(true);
  });

  it("anchors: a pattern matches the whole ARN, not a prefix", () => {
    expect(m("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key")).toBe(false);
    expect(m("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/ab")).toBe(false);
  });

  it("without variables enabled, ${…} is literal text (2008-10-17 documents)", () => {
    expect(m("arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/${aws:username}")).toBe(true);
    expect(m("arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/alice")).toBe(false);
  });
});

describe("compileArnPattern (policy variables)", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  const m = (pattern: string, value: string, ctx: Record<string, string> = {}) => compileArnPattern(pattern, true)(value, new RequestContext(ctx));

  it("substitutes ${aws:username} in the resource part", () => {
    const p = "arn:aws:s3:::home/${aws:username}/*";
    expect(m(p, "arn:aws:s3:::home/alice/notes.txt", { "aws:username": "alice" })).toBe(true);
    expect(m(p, "arn:aws:s3:::home/bob/notes.txt", { "aws:username": "alice" })).toBe(false);
  });

  it("a variable with no value matches nothing and names the missing key", () => {
    expect(m("arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/alice/x")).toEqual({ missingKey: "aws:username" });
  });

  it("a default value is used when the key is absent", () => {
    const p = "arn:aws:s3:::team/${aws:PrincipalTag/team, 'shared'}/*";
    expect(m(p, "arn:aws:s3:::team/shared/x")).toBe(true);
    expect(m(p, "arn:aws:s3:::team/blue/x", { "aws:PrincipalTag/Team": "blue" })).toBe(true);
    expect(m(p, "arn:aws:s3:::team/shared/x", { "aws:PrincipalTag/Team": "blue" })).toBe(false);
  });

  it("variables in a head segment (containing colons) are not split apart", () => {
    const p = "arn:aws:iam::${aws:PrincipalAccount}:role/*";
    expect(m(p, "arn:aws:iam::111122223333:role/x", { "aws:PrincipalAccount": "111122223333" })).toBe(true);
    expect(m(p, "arn:aws:iam::444455556666:role/x", { "aws:PrincipalAccount": "111122223333" })).toBe(false);
  });

  it("substituted values are literal: a value holding * does not act as a wildcard", () => {
    const p = "arn:aws:s3:::home/${aws:username}";
    expect(m(p, "arn:aws:s3:::home/anyone", { "aws:username": "*" })).toBe(false);
    expect(m(p, "arn:aws:s3:::home/*", { "aws:username": "*" })).toBe(true);
    expect(m(p, "arn:aws:s3:::home/aXb", { "aws:username": "a.b" })).toBe(false);
  });

  it("a substituted value stays inside its head segment", () => {
    // account segment gets "1111:2222": it can only ever match literally
    const p = "arn:aws:iam::${aws:PrincipalAccount}:root";
    expect(m(p, "arn:aws:iam::1111:2222:root", { "aws:PrincipalAccount": "1111:2222" })).toBe(true);
    expect(m(p, "arn:aws:iam::1111:root", { "aws:PrincipalAccount": "1111:2222" })).toBe(false);
  });

  it("${*} is a literal asterisk in a resource", () => {
    const p = "arn:aws:s3:::bucket/${*}";
    expect(m(p, "arn:aws:s3:::bucket/*")).toBe(true);
    expect(m(p, "arn:aws:s3:::bucket/anything")).toBe(false);
  });

  it("wildcards of the text around variables still work, * in the resource spans / and :", () => {
    const p = "arn:aws:s3:::${aws:username}-*";
    expect(m(p, "arn:aws:s3:::alice-data/a:b/c", { "aws:username": "alice" })).toBe(true);
  });

  it("a trailing * in a head segment that also holds a variable may run past the colon, like one without", () => {
    const withVar = "arn:aws:s3:${aws:RequestedRegion}*";
    const without = "arn:aws:s3:us-east-1*";
    const value = "arn:aws:s3:us-east-1:111122223333:thing";
    expect(m(without, value)).toBe(true);
    expect(m(withVar, value, { "aws:RequestedRegion": "us-east-1" })).toBe(true);
    // but a * in the middle of such a segment still stops at the colon
    expect(m("arn:aws:s3:${aws:RequestedRegion}*x:1:y", "arn:aws:s3:us-east-1:zz:x:1:y", { "aws:RequestedRegion": "us-east-1" })).toBe(false);
  });

  it("patterns without variables behave as in the no-variable form", () => {
    expect(m("arn:aws:s3:*", "arn:aws:s3:::bucket")).toBe(true);
    expect(m("*", "anything")).toBe(true);
  });
});
