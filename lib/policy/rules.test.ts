import { describe, expect, it } from "vitest";
import { COVERAGE_MAX, compilePolicyInput, statementsCovering } from "./compile";
import { evaluate, type CompiledPolicySet } from "./evaluate";
import { explain, summarize } from "./explain";
import type { PolicyKind } from "./parse";
import { buildRequest } from "./request";

// AWS's fixed rules (rules reference §12), anonymous requests, VPC endpoint policies, and how a
// statement IAM would refuse is still evaluated ("never a confident wrong allowed").

const A = "111122223333";
const B = "444455556666";
const ALICE = `arn:aws:iam::${A}:user/alice`;
type Stmt = Record<string, unknown>;
const doc = (...Statement: Stmt[]) => ({ Version: "2012-10-17", Statement });
const pol = (kind: PolicyKind, label: string, ...s: Stmt[]) => compilePolicyInput(doc(...s), kind, label);
const adminAll = () => pol("identity", "identity[0]", { Effect: "Allow", Action: "*", Resource: "*" });

function run(principal: string, action: string, resource: string, set: Partial<CompiledPolicySet>, context: Record<string, string | string[]> = {}) {
  const req = buildRequest({ principal, action, resource, context });
  if (typeof req === "string") throw new Error(req);
  return evaluate(req, { identity: [], ...set });
}

describe("R12.3 AWS managed policies cannot be changed — https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html", () => {
  it.each(["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy", "iam:CreatePolicy"])(
    "%s on arn:aws:iam::aws:policy/… is refused even with Allow *:*",
    (action) => {
      const r = run(ALICE, action, "arn:aws:iam::aws:policy/AdministratorAccess", { identity: [adminAll()] });
      expect(r.decision).toBe("explicitDeny");
      expect(r.fixedRule?.id).toBe("R12.3");
      expect(summarize(r)).toMatch(/^Refused by a fixed AWS rule \(R12\.3\)/);
    },
  );

  it("reading a managed policy, and changing a customer managed one, follow the policies", () => {
    expect(run(ALICE, "iam:GetPolicyVersion", "arn:aws:iam::aws:policy/AdministratorAccess", { identity: [adminAll()] }).decision).toBe("allowed");
    expect(run(ALICE, "iam:CreatePolicyVersion", `arn:aws:iam::${A}:policy/mine`, { identity: [adminAll()] }).decision).toBe("allowed");
  });
});

describe("R12.4 Identity Center and service-linked roles — https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html, https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html", () => {
  const sso = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef`;
  const slr = `arn:aws:iam::${A}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`;

  it.each(["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRole", "iam:TagRole", "iam:DetachRolePolicy"])("%s on an AWSReservedSSO_ role is refused", (action) => {
    const r = run(ALICE, action, sso, { identity: [adminAll()] });
    expect(r.decision).toBe("explicitDeny");
    expect(r.fixedRule?.id).toBe("R12.4");
  });

  it("reading an Identity Center role works (iam:GetRole), and iam:PassRole follows the policies", () => {
    expect(run(ALICE, "iam:GetRole", sso, { identity: [adminAll()] }).decision).toBe("allowed");
    expect(run(ALICE, "iam:PassRole", sso, { identity: [adminAll()] }).decision).toBe("allowed");
  });

  it("a service-linked role's policies cannot be edited and it is deleted only through DeleteServiceLinkedRole", () => {
    for (const action of ["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:DeleteRole", "iam:PutRolePermissionsBoundary"]) {
      expect(run(ALICE, action, slr, { identity: [adminAll()] }).fixedRule?.id).toBe("R12.4");
    }
    expect(run(ALICE, "iam:DeleteServiceLinkedRole", slr, { identity: [adminAll()] }).decision).toBe("allowed");
    expect(run(ALICE, "iam:UpdateRoleDescription", slr, { identity: [adminAll()] }).decision).toBe("allowed");
  });
});

describe("R12.5 AWS managed KMS aliases — https://docs.aws.amazon.com/kms/latest/developerguide/alias-about.html", () => {
  it.each(["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"])("%s on alias/aws/… is refused", (action) => {
    const r = run(ALICE, action, `arn:aws:kms:us-east-1:${A}:alias/aws/s3`, { identity: [adminAll()] });
    expect(r.fixedRule?.id).toBe("R12.5");
    expect(r.decision).toBe("explicitDeny");
  });
  it("a customer alias follows the policies", () => {
    expect(run(ALICE, "kms:CreateAlias", `arn:aws:kms:us-east-1:${A}:alias/orders`, { identity: [adminAll()] }).decision).toBe("allowed");
  });
});

describe("R12.1 KMS needs the key policy — https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html", () => {
  const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const enableIam = pol("resource", "resource", { Sid: "Enable IAM policies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" });
  const namesBob = pol("resource", "resource", { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: "kms:*", Resource: "*" });

  it("with no key policy known, a KMS key action is never allowed: unknown, naming the key policy", () => {
    const r = run(ALICE, "kms:Decrypt", key, { identity: [adminAll()] });
    expect(r.decision).not.toBe("allowed");
    expect(r.unknown).toMatch(/key policy of .* is not given/);
    expect(summarize(r)).toMatch(/^Not known: /);
  });

  it("a key policy that enables IAM policies lets the identity policy decide", () => {
    expect(run(ALICE, "kms:Decrypt", key, { identity: [adminAll()], resource: enableIam }).decision).toBe("allowed");
    expect(run(ALICE, "kms:Decrypt", key, { resource: enableIam }).decision).toBe("implicitDeny");
  });

  it("a key policy that neither names the caller nor enables IAM policies is an implicit deny, even in the same account", () => {
    const r = run(ALICE, "kms:Decrypt", key, { identity: [adminAll()], resource: namesBob });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    expect(r.notes.join(" ")).toMatch(/R12\.1: the key policy neither names the caller nor enables IAM policies/);
  });

  it("an identity Deny still denies a caller the key policy names", () => {
    const deny = pol("identity", "identity[0]", { Effect: "Deny", Action: "kms:Decrypt", Resource: "*" });
    expect(run(`arn:aws:iam::${A}:user/bob`, "kms:Decrypt", key, { identity: [deny], resource: namesBob }).decision).toBe("explicitDeny");
  });
});

describe("R12.7 anonymous requests — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous", () => {
  const object = "arn:aws:s3:::public-site/index.html";
  const publicRead = pol("resource", "resource", { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::public-site/*" });
  const accountOnly = pol("resource", "resource", { Effect: "Allow", Principal: { AWS: A }, Action: "s3:GetObject", Resource: "arn:aws:s3:::public-site/*" });

  it('only a resource policy whose principal is "*" allows it; {"AWS": "*"} is the same', () => {
    expect(run("anonymous", "s3:GetObject", object, { resource: publicRead }).decision).toBe("allowed");
    expect(run("anonymous", "s3:GetObject", object, { resource: pol("resource", "resource", { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" }) }).decision).toBe("allowed");
    expect(run("anonymous", "s3:GetObject", object, { resource: accountOnly }).decision).toBe("implicitDeny");
    expect(run("anonymous", "s3:GetObject", object, { identity: [adminAll()] }).decision).toBe("implicitDeny");
  });

  it("SCPs and permissions boundaries do not apply to it; RCPs do", () => {
    const denyAll = (kind: PolicyKind) => pol(kind, kind, { Effect: "Deny", ...(kind === "rcp" ? { Principal: "*" } : {}), Action: "*", Resource: "*" });
    expect(run("anonymous", "s3:GetObject", object, { resource: publicRead, scps: [[denyAll("scp")]], permissionBoundary: denyAll("permissionBoundary") }).decision).toBe("allowed");
    expect(run("anonymous", "s3:GetObject", object, { resource: publicRead, rcps: [[denyAll("rcp")]] }).decision).toBe("explicitDeny");
  });

  it("sets aws:PrincipalType Anonymous and no principal keys", () => {
    const req = buildRequest({ principal: "anonymous", action: "s3:GetObject", resource: object });
    if (typeof req === "string") throw new Error(req);
    expect(req.context.get("aws:PrincipalType")?.values).toEqual(["Anonymous"]);
    expect(req.context.has("aws:PrincipalArn")).toBe(false);
  });
});

describe("VPC endpoint policies (R12.6) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_policies.html", () => {
  const trust = pol("trust", "resource", { Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole" });
  const role = `arn:aws:iam::${A}:role/deploy`;
  it("must allow (blockedBy endpoint) and its Deny is explicit", () => {
    const onlyS3 = pol("endpoint", "endpoint", { Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" });
    const r = run(ALICE, "sts:AssumeRole", role, { resource: trust, endpoint: onlyS3 });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["endpoint"]);
    const deny = pol("endpoint", "endpoint", { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }, { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: "*" });
    expect(run(ALICE, "sts:AssumeRole", role, { resource: trust, endpoint: deny }).explicitDenyBy).toEqual(["endpoint"]);
  });
});

describe("statements IAM would refuse: never a confident wrong allowed (README, Validation findings)", () => {
  const s3 = "arn:aws:s3:::b/k";
  it('"NotAction": "" no longer allows everything (it used to)', () => {
    const r = run(ALICE, "s3:GetObject", s3, { identity: [pol("identity", "identity[0]", { Effect: "Allow", NotAction: "", Resource: "*" })] });
    expect(r.decision).toBe("implicitDeny");
    expect(explain(r)[0]).toMatchObject({ failed: "invalid" });
    expect(r.traces[0]?.policy.findings[0]?.code).toBe("invalid-action");
  });

  it('"Effect": "allow" grants nothing; "deny" still denies', () => {
    expect(run(ALICE, "s3:GetObject", s3, { identity: [pol("identity", "identity[0]", { Effect: "allow", Action: "s3:*", Resource: "*" })] }).decision).toBe("implicitDeny");
    expect(run(ALICE, "s3:GetObject", s3, { identity: [adminAll(), pol("identity", "identity[1]", { Effect: "deny", Action: "s3:*", Resource: "*" })] }).decision).toBe("explicitDeny");
  });

  it("a trust statement with Resource grants nothing (IAM: Has prohibited field Resource)", () => {
    const t = pol("trust", "resource", { Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole", Resource: "*" });
    expect(run(ALICE, "sts:AssumeRole", `arn:aws:iam::${A}:role/deploy`, { resource: t }).decision).toBe("implicitDeny");
  });

  it("a bare-ARN-string principal grants nothing", () => {
    const t = pol("trust", "resource", { Effect: "Allow", Principal: ALICE, Action: "sts:AssumeRole" });
    expect(run(ALICE, "sts:AssumeRole", `arn:aws:iam::${A}:role/deploy`, { resource: t }).decision).toBe("implicitDeny");
  });

  it("a Deny with a malformed date or a bad NotResource ARN still denies", () => {
    const badDate = pol("identity", "identity[1]", { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { DateGreaterThan: { "aws:CurrentTime": "yesterday" } } });
    expect(run(ALICE, "s3:GetObject", s3, { identity: [adminAll(), badDate] }).decision).toBe("explicitDeny");
    expect(badDate.findings[0]?.code).toBe("invalid-date-value");
    const badIp = pol("identity", "identity[1]", { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.300/8" } } });
    expect(badIp.findings[0]?.code).toBe("type-mismatch-ip-range");
    expect(run(ALICE, "s3:GetObject", s3, { identity: [adminAll(), badIp] }, { "aws:SourceIp": "10.0.0.1" }).decision).toBe("explicitDeny");
    const badResource = pol("identity", "identity[1]", { Effect: "Deny", Action: "s3:*", Resource: "bucket/*" });
    expect(run(ALICE, "s3:GetObject", s3, { identity: [adminAll(), badResource] }).decision).toBe("explicitDeny");
  });

  it("an Allow with an unknown condition operator grants nothing", () => {
    const p = pol("identity", "identity[0]", { Effect: "Allow", Action: "s3:*", Resource: "*", Condition: { StringEqualsAnyCase: { "aws:username": "alice" } } });
    expect(run(ALICE, "s3:GetObject", s3, { identity: [p] }).decision).toBe("implicitDeny");
    expect(p.findings[0]?.code).toBe("invalid-condition-operator");
  });

  // Issue 15 item 4: the condition used to vanish into the block's prototype, so the statement allowed.
  it('{"StringEquals": {"__proto__": "x"}} and a __proto__ operator are not dropped: no allow', () => {
    for (const text of [
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}]}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"__proto__":{"aws:username":"alice"}}}]}',
    ]) {
      const p = compilePolicyInput(text, "identity", "identity[0]");
      expect(p.statements[0]?.conditions).toHaveLength(1);
      expect(run(ALICE, "s3:GetObject", s3, { identity: [p] }).decision).toBe("implicitDeny");
    }
  });
});

describe("multivalued keys — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html", () => {
  const tagging = (op: string) => pol("identity", "identity[0]", { Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: { [op]: { "aws:TagKeys": ["env", "team"] } } });
  const inst = `arn:aws:ec2:us-east-1:${A}:instance/i-1`;
  it("a plain StringEquals on aws:TagKeys does not match (and is a missing-qualifier finding); ForAnyValue does", () => {
    expect(run(ALICE, "ec2:CreateTags", inst, { identity: [tagging("StringEquals")] }, { "aws:TagKeys": ["env"] }).decision).toBe("implicitDeny");
    expect(tagging("StringEquals").findings[0]?.code).toBe("missing-qualifier");
    expect(run(ALICE, "ec2:CreateTags", inst, { identity: [tagging("ForAnyValue:StringEquals")] }, { "aws:TagKeys": ["env", "cost"] }).decision).toBe("allowed");
    expect(run(ALICE, "ec2:CreateTags", inst, { identity: [tagging("ForAllValues:StringEquals")] }, { "aws:TagKeys": ["env", "cost"] }).decision).toBe("implicitDeny");
  });
  it("ForAllValues with a single-valued key is a security warning (it holds when the key is absent)", () => {
    const p = pol("identity", "identity[0]", { Effect: "Allow", Action: "s3:*", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-1" } } });
    expect(p.findings[0]).toMatchObject({ severity: "security-warning", code: "forallvalues-with-single-valued-key" });
  });
});

describe("the service-prefix index", () => {
  it("evaluates only the statements that can match, yet explains every statement in order", () => {
    const p = pol(
      "identity",
      "identity[0]",
      { Sid: "S3", Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
      { Sid: "Sqs", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "*" },
      { Sid: "Star", Effect: "Deny", NotAction: "s3:*", Resource: "*" },
      { Sid: "Sqs2", Effect: "Allow", Action: "SQS:Receive*", Resource: "*" },
    );
    expect(p.byService?.get("sqs")?.map((s) => s.statement.sid)).toEqual(["Sqs", "Star", "Sqs2"]);
    const r = run(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", { identity: [p] });
    expect(r.decision).toBe("allowed");
    expect(explain(r).map((e) => [e.sid, e.applies, e.failed])).toEqual([
      ["S3", true, undefined],
      ["Sqs", false, "action"],
      ["Star", false, "action"],
      ["Sqs2", false, "action"],
    ]);
    expect(run(ALICE, "ec2:RunInstances", "*", { identity: [p] }).decision).toBe("explicitDeny");
  });
});

describe("the statements covering an action, remembered per policy (statementsCovering)", () => {
  const mixed = () =>
    pol(
      "identity",
      "identity[0]",
      { Sid: "Get", Effect: "Allow", Action: "s3:Get*", Resource: "*" },
      { Sid: "NotPut", Effect: "Deny", NotAction: ["s3:Put*", "sqs:*"], Resource: "arn:aws:s3:::secret/*" },
      { Sid: "Sqs", Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
      { Sid: "Any", Effect: "Allow", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } },
    );
  const sids = (ss: Array<{ statement: { sid?: string } }>) => ss.map((s) => s.statement.sid);
  const actions = ["s3:getobject", "s3:putobject", "sqs:sendmessage", "sqs:receivemessage", "ec2:runinstances", "s3:getobject"];

  it("gives the same statements as asking every statement, the first time and every time after", () => {
    const p = mixed();
    for (const a of actions) {
      const fresh = p.statements.filter((s) => s.coversAction(a));
      expect(statementsCovering(p, a, a.slice(0, a.indexOf(":")))).toEqual(fresh);
      expect(statementsCovering(p, a, a.slice(0, a.indexOf(":")))).toBe(statementsCovering(p, a, a.slice(0, a.indexOf(":"))));
    }
    expect(sids(statementsCovering(p, "s3:getobject", "s3"))).toEqual(["Get", "NotPut", "Any"]);
    expect(sids(statementsCovering(p, "sqs:sendmessage", "sqs"))).toEqual(["Sqs", "Any"]);
  });

  it("keeps decisions and explanations of a policy evaluated many times equal to a freshly compiled one", () => {
    const used = mixed();
    const ctx = { "aws:SecureTransport": "true" };
    for (let i = 0; i < 3; i++) for (const a of ["s3:GetObject", "s3:PutObject", "sqs:SendMessage", "ec2:RunInstances"]) run(ALICE, a, "arn:aws:s3:::secret/k", { identity: [used] }, ctx);
    for (const a of ["s3:GetObject", "s3:PutObject", "sqs:SendMessage", "ec2:RunInstances", "S3:getobject"]) {
      const cached = run(ALICE, a, "arn:aws:s3:::secret/k", { identity: [used] }, ctx);
      const fresh = run(ALICE, a, "arn:aws:s3:::secret/k", { identity: [mixed()] }, ctx);
      expect(cached.decision).toBe(fresh.decision);
      expect(explain(cached)).toEqual(explain(fresh));
    }
  });

  it("stays out of the policy's JSON", () => {
    const p = mixed();
    const before = JSON.stringify(p);
    statementsCovering(p, "s3:getobject", "s3");
    expect(p.coverage).toBeDefined();
    expect(JSON.stringify(p)).toBe(before);
  });

  it("is bounded: past COVERAGE_MAX distinct actions it starts again, and still answers right", () => {
    const p = mixed();
    for (let i = 0; i < COVERAGE_MAX * 3; i++) statementsCovering(p, `s3:getthing${i}`, "s3");
    expect(p.coverage!.size).toBeLessThanOrEqual(COVERAGE_MAX);
    expect(p.coverage!.size).toBeGreaterThan(0);
    expect(sids(statementsCovering(p, "s3:putobject", "s3"))).toEqual(["Any"]);
  });

  it("never serves a policy object whose statements were replaced from the answers for the old ones", () => {
    const p = mixed();
    expect(sids(statementsCovering(p, "sqs:sendmessage", "sqs"))).toEqual(["Sqs", "Any"]);
    const other = pol("identity", "identity[0]", { Sid: "OnlySqs", Effect: "Deny", Action: "sqs:*", Resource: "*" });
    const copy = { ...p, statements: other.statements, byService: other.byService, anyService: other.anyService };
    expect(sids(statementsCovering(copy, "sqs:sendmessage", "sqs"))).toEqual(["OnlySqs"]);
    expect(run(ALICE, "sqs:SendMessage", "*", { identity: [copy] }, { "aws:SecureTransport": "true" }).decision).toBe("explicitDeny");
    expect(sids(statementsCovering(p, "sqs:sendmessage", "sqs"))).toEqual(["Sqs", "Any"]);
  });
});

describe("summaries (issue 16)", () => {
  it("names which kind denied explicitly and which only lacked an Allow", () => {
    const scp = pol("scp", "scps[0][0]", { Effect: "Deny", Action: "s3:*", Resource: "*" });
    const r = run(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", { identity: [pol("identity", "identity[0]", { Effect: "Allow", Action: "sqs:*", Resource: "*" })], scps: [[scp]] });
    expect(r.decision).toBe("explicitDeny");
    expect(summarize(r)).toBe("Denied by an explicit Deny in service control policy; also, no identity-based policy allows it.");
  });
});

describe(`cross-account sanity with the index (${B})`, () => {
  it("an identity Allow for the action still needs the resource policy across accounts", () => {
    const bucket = pol("resource", "resource", { Effect: "Allow", Principal: { AWS: A }, Action: "s3:GetObject", Resource: "*" });
    const r = run(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", { identity: [adminAll()], resource: bucket }, {});
    expect(r.decision).toBe("allowed");
  });
});
