// The AssumeRole checks on small hand-made accounts: the VPC endpoint policy and the request
// context through an endpoint (R12.6), every check judged on its own (../shared/API.md), and the
// policies a check used that IAM would not accept.
import { describe, expect, it } from "vitest";
import { AccountModel, type IamRole, type IamUser, type PolicyDocumentJson } from "@/lib/account/model";
import { applyFix } from "../apply";
import { diagnoseAssumeRole } from "../diagnose";
import { compileDoc } from "../policies";
import { makeCheck } from "../setup";
import { compilePolicyInput } from "@/lib/policy/compile";
import type { DiagnoseInput } from "../types";

const A = "111111111111";
const B = "222222222222";
const VPCE = "vpce-0123456789abcdef0";
const arn = (account: string, r: string) => `arn:aws:iam::${account}:${r}`;
const doc = (...Statement: Record<string, unknown>[]): PolicyDocumentJson => ({ Version: "2012-10-17", Statement });
const ALLOW_ASSUME = doc({ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "*" });

function role(name: string, trustPolicy: PolicyDocumentJson, account = A): IamRole {
  return { arn: arn(account, `role/${name}`), name, path: "/", account, trustPolicy, inlinePolicies: [], attachedPolicies: [], maxSessionDuration: 3600, tags: {}, instanceProfiles: [] };
}

function user(name: string, identity?: PolicyDocumentJson, account = A): IamUser {
  return { arn: arn(account, `user/${name}`), name, path: "/", account, groups: [], inlinePolicies: identity ? [{ name: "assume", document: identity }] : [], attachedPolicies: [], tags: {} };
}

function model(roles: IamRole[], users: IamUser[], endpointPolicy?: PolicyDocumentJson | null): AccountModel {
  const m = new AccountModel();
  m.account(A).loaded = true;
  m.account(B).loaded = true;
  for (const r of roles) m.roles.set(r.arn, r);
  for (const u of users) m.users.set(u.arn, u);
  if (endpointPolicy !== null) {
    m.vpcEndpoints.set(VPCE, { id: VPCE, type: "Interface", vpcId: "vpc-0aaa1111bbbb2222c", account: A, region: "eu-west-1", serviceName: "com.amazonaws.eu-west-1.sts", state: "available", ...(endpointPolicy ? { policy: endpointPolicy } : {}) });
  }
  return m;
}

const statusOf = (r: ReturnType<typeof diagnoseAssumeRole>, id: string) => r.checks.find((c) => c.id === id)!.status;

describe("through a VPC endpoint (R12.6; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip)", () => {
  const ipGuarded = role("ip-guarded", doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: "sts:AssumeRole", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }));
  const alice = user("alice", ALLOW_ASSUME);

  it("aws:SourceIp is absent through an endpoint, so a trust condition on it fails", () => {
    const m = model([ipGuarded], [alice]);
    expect(diagnoseAssumeRole(m, { principal: alice.arn, role: ipGuarded.arn, sourceIp: "203.0.113.7" }).verdict).toBe("allowed");
    const r = diagnoseAssumeRole(m, { principal: alice.arn, role: ipGuarded.arn, sourceIp: "203.0.113.7", sourceVpce: VPCE });
    expect(r.blockedBy).toEqual(["trust-policy"]);
    // sourceIp with sourceVpce is the caller's address in the VPC: aws:VpcSourceIp, not aws:SourceIp
    expect(r.notes.join(" ")).toMatch(/203\.0\.113\.7 is taken as the caller's address in the VPC, aws:VpcSourceIp/);
    // without a sourceIp the key is still absent (not unknown) through an endpoint
    expect(diagnoseAssumeRole(m, { principal: alice.arn, role: ipGuarded.arn, sourceVpce: VPCE }).verdict).toBe("denied");
  });

  it("aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp are set from the endpoint and the request", () => {
    const byEndpoint = role(
      "vpc-only",
      doc({
        Effect: "Allow",
        Principal: { AWS: arn(A, "root") },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceVpce": VPCE, "aws:SourceVpc": "vpc-0aaa1111bbbb2222c" }, IpAddress: { "aws:VpcSourceIp": "10.0.0.0/8" } },
      }),
    );
    const m = model([byEndpoint], [alice]);
    expect(diagnoseAssumeRole(m, { principal: alice.arn, role: byEndpoint.arn, sourceVpce: VPCE, sourceIp: "10.1.2.3" }).verdict).toBe("allowed");
    expect(diagnoseAssumeRole(m, { principal: alice.arn, role: byEndpoint.arn, sourceVpce: VPCE, sourceIp: "192.168.0.1" }).blockedBy).toEqual(["trust-policy"]);
    // not through an endpoint: the keys are absent, and the condition fails (it is not "unknown")
    expect(diagnoseAssumeRole(m, { principal: alice.arn, role: byEndpoint.arn }).blockedBy).toEqual(["trust-policy"]);
    // another endpoint, which the model does not know: aws:SourceVpce is its ID (so this trust
    // fails), its VPC and its policy are unknown
    const r = diagnoseAssumeRole(m, { principal: alice.arn, role: byEndpoint.arn, sourceVpce: "vpce-0fffffffffffffff0", sourceIp: "10.1.2.3" });
    expect(r.blockedBy).toEqual(["trust-policy"]);
    expect(r.checks.find((c) => c.id === "vpc-endpoint-policy")).toMatchObject({ status: "unknown", detail: expect.stringContaining("vpce-0fffffffffffffff0") });
  });

  it("the Region of the endpoint is the Region STS is called in (aws:RequestedRegion)", () => {
    const regional = role("regional", doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } }));
    const m = model([regional], [alice]);
    expect(diagnoseAssumeRole(m, { principal: alice.arn, role: regional.arn, sourceVpce: VPCE }).verdict).toBe("allowed");
  });

  it("an endpoint without a custom policy allows everything; one whose policy is not known is unknown", () => {
    const open = role("open", doc({ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "sts:AssumeRole" }));
    const m = model([open], [alice], undefined);
    const r = diagnoseAssumeRole(m, { principal: alice.arn, role: open.arn, sourceVpce: VPCE });
    expect(r.verdict).toBe("allowed");
    expect(r.checks.find((c) => c.id === "vpc-endpoint-policy")!.detail).toMatch(/default endpoint policy allows every action/);
    m.addUnknown(VPCE, "endpoint policy", "ec2:DescribeVpcEndpoints was denied");
    const u = diagnoseAssumeRole(m, { principal: alice.arn, role: open.arn, sourceVpce: VPCE });
    expect(u.verdict).toBe("unknown");
    expect(u.checks.find((c) => c.id === "vpc-endpoint-policy")!.detail).toContain("ec2:DescribeVpcEndpoints was denied");
  });

  it("the endpoint policy governs sts:TagSession too; its fix is applied and the check passes", () => {
    const tagged = role("tagged", doc({ Effect: "Allow", Principal: { AWS: alice.arn }, Action: ["sts:AssumeRole", "sts:TagSession"] }));
    const m = model([tagged], [alice], doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }));
    const input: DiagnoseInput = { principal: alice.arn, role: tagged.arn, sourceVpce: VPCE, tags: { team: "web" } };
    const r = diagnoseAssumeRole(m, input);
    expect(r.blockedBy).toEqual(["session-tags"]);
    expect(r.checks.find((c) => c.id === "session-tags")!.failingPolicyTypes).toEqual(["endpoint"]);
    expect(r.error).toBe(`User: ${alice.arn} is not authorized to perform: sts:TagSession on resource: ${tagged.arn} because no VPC endpoint policy allows the sts:TagSession action`);
    const fix = r.fixes.find((f) => f.target === "session-tags")!;
    expect(fix.cli).toMatch(/^aws ec2 modify-vpc-endpoint --region eu-west-1 --vpc-endpoint-id vpce-0123456789abcdef0 --policy-document /);
    const after = applyFix(m, input, fix.patches!);
    expect(diagnoseAssumeRole(after.model, after.input).verdict).toBe("allowed");
  });
});

describe("every check on its own (../shared/API.md: a diagnosis names every blocker at once)", () => {
  it("cross-account: the trust policy and the caller's identity policies both fail", () => {
    const target = role("target", doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: "sts:AssumeRole" }), B);
    const kim = user("kim", undefined, B);
    const bob = user("bob"); // no identity policy at all
    const m = model([target], [bob, kim], null);
    const r = diagnoseAssumeRole(m, { principal: bob.arn, role: target.arn });
    expect(r.blockedBy).toEqual(["identity-policy"]);
    const other = model([role("elsewhere", doc({ Effect: "Allow", Principal: { AWS: arn(B, "user/kim") }, Action: "sts:AssumeRole" }), B)], [bob, kim], null);
    const r2 = diagnoseAssumeRole(other, { principal: bob.arn, role: arn(B, "role/elsewhere") });
    expect(r2.blockedBy).toEqual(["trust-policy", "identity-policy"]);
    // the fix for the trust policy does not make the identity side unnecessary across accounts
    expect(r2.fixes.find((f) => f.target === "trust-policy")!.covers ?? []).not.toContain("identity-policy");
    expect(r2.fixes.map((f) => f.target)).toEqual(["trust-policy", "identity-policy"]);
  });
  it("same account, the trust names the account with a condition that fails: identity is judged as well", () => {
    const mfa = role("mfa", doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }));
    const bob = user("bob");
    const r = diagnoseAssumeRole(model([mfa], [bob], null), { principal: bob.arn, role: mfa.arn, mfa: false });
    expect(r.blockedBy).toEqual(["trust-policy", "identity-policy"]);
    // applying every fix, in the order given, makes it pass
    let state = { model: model([mfa], [bob], null), input: { principal: bob.arn, role: mfa.arn, mfa: false } as DiagnoseInput };
    for (const f of r.fixes) if (f.patches) state = applyFix(state.model, state.input, f.patches);
    expect(diagnoseAssumeRole(state.model, state.input).verdict).toBe("allowed");
  });
  it("same account, the trust names the user itself with a condition that fails: no identity Allow is needed", () => {
    const mfa = role("mine", doc({ Effect: "Allow", Principal: { AWS: arn(A, "user/bob") }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }));
    const bob = user("bob");
    const r = diagnoseAssumeRole(model([mfa], [bob], null), { principal: bob.arn, role: mfa.arn, mfa: false });
    expect(r.blockedBy).toEqual(["trust-policy"]);
    expect(statusOf(r, "identity-policy")).toBe("not-applicable");
  });
  it("a trust condition on the external ID fails external-id and trust-policy", () => {
    const ext = role("ext", doc({ Effect: "Allow", Principal: { AWS: arn(B, "root") }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "abc-123" } } }));
    const kim = user("kim", ALLOW_ASSUME, B);
    const r = diagnoseAssumeRole(model([ext], [kim], null), { principal: kim.arn, role: ext.arn, externalId: "wrong" });
    expect(r.blockedBy).toEqual(["external-id", "trust-policy"]);
    expect(r.fixes[0]).toMatchObject({ target: "external-id", covers: ["trust-policy"], patches: [{ kind: "request", change: { externalId: "abc-123" } }] });
  });
});

describe("a policy IAM would not accept (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-validation.html)", () => {
  const finding = { statement: 0, severity: "error" as const, code: "trust-policy-resource", message: 'IAM rejects this document: a trust policy statement may not have Resource ("Has prohibited field Resource")' };

  it("a check says so, naming the policy and IAM's words", () => {
    const p = compilePolicyInput(doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: "sts:AssumeRole" }), "trust", "trust policy", "trust policy of x");
    p.findings = [finding, { severity: "warning", code: "w", message: "only a warning" }];
    const c = makeCheck("trust-policy", "t", { status: "pass", detail: "Fine.", traces: [{ policy: p, type: "resource", stmt: p.statements[0]!, applies: true, decisive: true }] }, false);
    expect(c.findings).toEqual([{ ...finding, policy: "trust policy of x" }]);
    expect(c.detail).toMatch(/^Fine\. Note: IAM would not accept trust policy of x as written \(IAM rejects this document/);
    // lean mode shows nothing, findings included
    expect(makeCheck("trust-policy", "t", { status: "pass", detail: "Fine.", traces: [] }, true).findings).toBeUndefined();
  });

  it("the diagnosis surfaces the findings of the policies it used", () => {
    const trust = doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: "sts:AssumeRole" });
    const r = role("drafty", trust);
    const alice = user("alice", ALLOW_ASSUME);
    const compiled = compileDoc(trust, "trust", "trust policy", "trust policy of drafty");
    if (compiled instanceof Error) throw compiled;
    // the findings of the compiled (and cached) document are what a diagnosis reads
    compiled.findings = [finding];
    const d = diagnoseAssumeRole(model([r], [alice], null), { principal: alice.arn, role: r.arn });
    const c = d.checks.find((x) => x.id === "trust-policy")!;
    expect(c.findings?.map((f) => f.code)).toContain("trust-policy-resource");
    expect(c.detail).toContain("IAM would not accept trust policy of drafty");
    expect(d.checks.find((x) => x.id === "identity-policy")!.findings).toBeUndefined();
  });

  // R12.8: IAM refuses a trust policy statement with Resource ("Has prohibited field Resource").
  it("a trust policy with Resource: the engine's own finding reaches the trust-policy check", () => {
    const trust = doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: "sts:AssumeRole", Resource: "*" });
    const r = role("drafty2", trust);
    const alice = user("alice", ALLOW_ASSUME);
    const c = diagnoseAssumeRole(model([r], [alice], null), { principal: alice.arn, role: r.arn }).checks.find((x) => x.id === "trust-policy")!;
    expect(c.findings?.some((f) => f.severity === "error")).toBe(true);
  });
});
