// The aws source against moto (a real AWS emulator; python3 -m moto.server), through the real SDK
// clients. A small proxy between the SDK and moto injects what moto cannot do: an AccessDenied on
// one call, throttling, a slow answer — and counts requests per action.
//
// moto is preinstalled on this project's machines (../shared/reference/toolchain.md). Without it
// these tests are skipped with a message, except in CI (process.env.CI), where they fail.

import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import * as iamSdk from "@aws-sdk/client-iam";
import * as orgSdk from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsSource, type AwsSourceOptions } from "./aws";
import { loadAwsModel } from "./aws-org";
import { AccountModel } from "./model";
import { MOTO_MISSING, hasMoto, startMoto } from "@/lib/testing/moto";
import { MotoProxy, awsError, type ProxiedCall } from "@/lib/testing/aws-proxy";

// read by the SDK when clients resolve credentials, i.e. after these lines
process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

if (!hasMoto && !process.env.CI) console.warn(MOTO_MISSING);

const REGION = "us-east-1";
const ADMIN = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (action: string, resource = "*") => ({ Effect: "Allow", Action: action, Resource: resource });

// ---------------------------------------------------------------- moto and the proxy

type Fault =
  | { action: string; kind: "deny" }
  | { action: string; kind: "throttle"; times: number }
  | { action: string; kind: "delay"; ms: number }
  /** edit moto's answer, for data moto cannot store */
  | { action: string; kind: "rewrite"; edit: (body: string) => string };

class FaultProxy extends MotoProxy {
  readonly counts = new Map<string, number>();
  faults: Fault[] = [];

  reset(): void {
    this.counts.clear();
    this.faults = [];
  }

  count(action: string): number {
    return this.counts.get(action) ?? 0;
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  protected async handle({ body, json, action }: ProxiedCall, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.counts.set(action, this.count(action) + 1);

    const fault = this.faults.find((f) => f.action === action);
    if (fault?.kind === "deny") return this.error(res, json, 403, "AccessDenied", `User: arn:aws:iam::123456789012:user/dashboard is not authorized to perform: ${action} because no identity-based policy allows it`);
    if (fault?.kind === "throttle" && fault.times > 0) {
      fault.times--;
      return this.error(res, json, 400, "Throttling", "Rate exceeded");
    }
    if (fault?.kind === "delay") {
      await new Promise((r) => setTimeout(r, fault.ms));
      if (res.destroyed || req.socket.destroyed) return;
    }
    this.forward(req, res, body, fault?.kind === "rewrite" ? (_status, moto) => Buffer.from(fault.edit(moto.toString("utf8"))) : undefined);
  }

  private error(res: http.ServerResponse, json: boolean, status: number, code: string, message: string): void {
    awsError(res, json, status, code, message, "https://iam.amazonaws.com/doc/2010-05-08/");
  }
}

// ---------------------------------------------------------------- seeding

interface Seeded {
  a: string; // management account, where the IAM data lives
  b: string; // member account, in an OU
  orgId: string;
  rootId: string;
  ouId: string;
  dashboard: { accessKeyId: string; secretAccessKey: string };
  memberCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
}

async function seed(endpoint: string): Promise<Seeded> {
  const cfg = { endpoint, region: REGION, credentials: ADMIN, maxAttempts: 1 };
  const iam = new iamSdk.IAMClient(cfg);
  const org = new orgSdk.OrganizationsClient(cfg);
  const sts = new STSClient(cfg);
  const a = (await sts.send(new GetCallerIdentityCommand({}))).Account!;

  // Organizations: root (SCPs and RCPs enabled) → OU "workloads" → member account b.
  const created = await org.send(new orgSdk.CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const orgId = created.Organization!.Id!;
  const rootId = (await org.send(new orgSdk.ListRootsCommand({}))).Roots![0]!.Id!;
  await org.send(new orgSdk.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: "SERVICE_CONTROL_POLICY" }));
  await org.send(new orgSdk.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: "RESOURCE_CONTROL_POLICY" }));
  const ouId = (await org.send(new orgSdk.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "workloads" }))).OrganizationalUnit!.Id!;
  const b = (await org.send(new orgSdk.CreateAccountCommand({ AccountName: "member", Email: "member@example.com" }))).CreateAccountStatus!.AccountId!;
  await org.send(new orgSdk.MoveAccountCommand({ AccountId: b, SourceParentId: rootId, DestinationParentId: ouId }));
  const policy = async (name: string, type: orgSdk.PolicyType, content: string, target: string) => {
    const p = await org.send(new orgSdk.CreatePolicyCommand({ Name: name, Description: name, Type: type, Content: content }));
    await org.send(new orgSdk.AttachPolicyCommand({ PolicyId: p.Policy!.PolicySummary!.Id!, TargetId: target }));
  };
  await policy("deny-leave", "SERVICE_CONTROL_POLICY", doc([{ Sid: "DenyLeave", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }]), ouId);
  await policy("deny-regions", "SERVICE_CONTROL_POLICY", doc([{ Sid: "DenyRegions", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }]), b);
  await policy(
    "deny-outside-org",
    "RESOURCE_CONTROL_POLICY",
    doc([{ Sid: "DenyOutsideOrg", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": orgId } } }]),
    ouId,
  );

  // IAM in account a.
  const customer = async (name: string, document: string) => (await iam.send(new iamSdk.CreatePolicyCommand({ PolicyName: name, PolicyDocument: document }))).Policy!.Arn!;
  const devManaged = await customer("dev-managed", doc([allow("ec2:Describe*")]));
  await customer("alice-boundary", doc([allow("sts:AssumeRole"), allow("s3:*")]));
  const deployManaged = await customer("deploy-managed", doc([allow("s3:GetObject")]));
  const roleBoundary = await customer("role-boundary", doc([allow("s3:*"), allow("cloudformation:*")]));
  // a second version that becomes the default: the model must hold v2, not v1
  await iam.send(new iamSdk.CreatePolicyVersionCommand({ PolicyArn: deployManaged, PolicyDocument: doc([{ Sid: "V2", ...allow("s3:PutObject") }]), SetAsDefault: true }));

  await iam.send(new iamSdk.CreateGroupCommand({ GroupName: "developers" }));
  await iam.send(new iamSdk.PutGroupPolicyCommand({ GroupName: "developers", PolicyName: "dev-inline", PolicyDocument: doc([allow("sts:AssumeRole", `arn:aws:iam::${a}:role/deploy`)]) }));
  await iam.send(new iamSdk.AttachGroupPolicyCommand({ GroupName: "developers", PolicyArn: devManaged }));
  await iam.send(new iamSdk.AttachGroupPolicyCommand({ GroupName: "developers", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));

  // moto 5.2.1 does not store user permission boundaries (CreateUser ignores the parameter, and it
  // has no PutUserPermissionsBoundary): the tests add alice's to moto's answers (userBoundary below).
  await iam.send(new iamSdk.CreateUserCommand({ UserName: "alice", Tags: [{ Key: "team", Value: "web" }] }));
  await iam.send(new iamSdk.AddUserToGroupCommand({ GroupName: "developers", UserName: "alice" }));
  await iam.send(new iamSdk.PutUserPolicyCommand({ UserName: "alice", PolicyName: "alice-inline", PolicyDocument: doc([allow("iam:GetRole")]) }));
  await iam.send(new iamSdk.AttachUserPolicyCommand({ UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/IAMUserChangePassword" }));

  await iam.send(
    new iamSdk.CreateRoleCommand({
      RoleName: "deploy",
      Path: "/ci/",
      MaxSessionDuration: 7200,
      Description: "deployments",
      AssumeRolePolicyDocument: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a}:user/alice` }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }]),
      Tags: [{ Key: "env", Value: "prod" }],
      PermissionsBoundary: roleBoundary,
    }),
  );
  await iam.send(new iamSdk.PutRolePolicyCommand({ RoleName: "deploy", PolicyName: "deploy-inline", PolicyDocument: doc([allow("cloudformation:*")]) }));
  await iam.send(new iamSdk.AttachRolePolicyCommand({ RoleName: "deploy", PolicyArn: deployManaged }));

  await iam.send(new iamSdk.CreateRoleCommand({ RoleName: "ec2-app", AssumeRolePolicyDocument: doc([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]) }));
  await iam.send(new iamSdk.AttachRolePolicyCommand({ RoleName: "ec2-app", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }));
  await iam.send(new iamSdk.CreateInstanceProfileCommand({ InstanceProfileName: "ec2-app-profile" }));
  await iam.send(new iamSdk.AddRoleToInstanceProfileCommand({ InstanceProfileName: "ec2-app-profile", RoleName: "ec2-app" }));

  // The dashboard's own user and keys: moto maps the keys to this user in account a.
  await iam.send(new iamSdk.CreateUserCommand({ UserName: "dashboard" }));
  const key = (await iam.send(new iamSdk.CreateAccessKeyCommand({ UserName: "dashboard" }))).AccessKey!;

  // Credentials of the member account (moto's AssumeRole checks nothing).
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${b}:role/OrganizationAccountAccessRole`, RoleSessionName: "member" }));

  iam.destroy();
  org.destroy();
  sts.destroy();
  return {
    a,
    b,
    orgId,
    rootId,
    ouId,
    dashboard: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    memberCredentials: { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! },
  };
}

// ---------------------------------------------------------------- tests

/** alice's permission boundary, added to moto's GetUser and GetAccountAuthorizationDetails answers. */
const userBoundary = (account: string): Fault[] =>
  ["GetUser", "GetAccountAuthorizationDetails"].map((action) => ({
    action,
    kind: "rewrite",
    edit: (xml: string) =>
      xml.replace(
        "<UserName>alice</UserName>",
        `<UserName>alice</UserName><PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType><PermissionsBoundaryArn>arn:aws:iam::${account}:policy/alice-boundary</PermissionsBoundaryArn></PermissionsBoundary>`,
      ),
  }));

const statementsOf = (d: unknown) => (d as { Statement: Array<Record<string, unknown>> }).Statement;

// Generous per-test timeout: the SDK's own backoff after throttling takes up to a few seconds.
describe.skipIf(!hasMoto)("aws source against moto", { timeout: 20_000 }, () => {
  let moto: { child: ChildProcess; url: string };
  let proxy: FaultProxy;
  let s: Seeded;
  const sources: AwsSource[] = [];

  /** A fresh source (own cache) talking to moto through the proxy as the dashboard user. */
  const source = (o: AwsSourceOptions = {}) => {
    const src = new AwsSource({ endpoint: proxy.url, region: REGION, credentials: s.dashboard, maxAttempts: 1, requestTimeoutMs: 5000, ...o });
    sources.push(src);
    return src;
  };
  const arn = (kind: string, name: string) => `arn:aws:iam::${s.a}:${kind}/${name}`;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = new FaultProxy(moto.url);
    await proxy.start();
    s = await seed(moto.url);
  }, 45_000);

  afterAll(async () => {
    for (const src of sources) src.destroy();
    await proxy?.stop();
    if (moto?.child && moto.child.exitCode === null) {
      const exited = new Promise((r) => moto.child.once("exit", r));
      moto.child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
  });

  beforeEach(() => proxy.reset());

  it("moto answers policy documents URL-encoded from some calls and plain from others", async () => {
    const iam = new iamSdk.IAMClient({ endpoint: moto.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    const role = await iam.send(new iamSdk.GetRoleCommand({ RoleName: "deploy" }));
    const version = await iam.send(new iamSdk.GetPolicyVersionCommand({ PolicyArn: arn("policy", "deploy-managed"), VersionId: "v2" }));
    iam.destroy();
    expect(role.Role!.AssumeRolePolicyDocument!.startsWith("%7B")).toBe(true);
    expect(version.PolicyVersion!.Document!.startsWith("{")).toBe(true);
  });

  it("full mode: authorization details, MaxSessionDuration from ListRoles, managed documents, the SCP/RCP levels", async () => {
    proxy.faults = userBoundary(s.a);
    const src = source();
    expect(await src.identity()).toEqual({ arn: arn("user", "dashboard"), account: s.a, userId: expect.any(String) });
    const model = new AccountModel();
    await src.loadFull(model);

    expect(model.loadedAccounts()).toEqual([s.a]);
    expect(proxy.count("GetAccountAuthorizationDetails")).toBe(1);
    expect(proxy.count("ListRoles")).toBe(1);

    const deploy = model.findRole("deploy", s.a)!;
    expect(deploy.arn).toBe(arn("role", "ci/deploy"));
    expect(deploy.path).toBe("/ci/");
    expect(deploy.maxSessionDuration).toBe(7200);
    // GAAD: trust policy plain, inline policy URL-encoded — both decoded
    expect(statementsOf(deploy.trustPolicy)[0]).toMatchObject({ Principal: { AWS: arn("user", "alice") }, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } });
    expect(deploy.inlinePolicies).toEqual([{ name: "deploy-inline", document: { Version: "2012-10-17", Statement: [allow("cloudformation:*")] } }]);
    expect(deploy.attachedPolicies.map((p) => p.arn)).toEqual([arn("policy", "deploy-managed")]);
    expect(deploy.tags).toEqual({ env: "prod" });
    expect(deploy.permissionsBoundary).toBe(arn("policy", "role-boundary"));
    expect(model.policies.get(arn("policy", "role-boundary"))!.document).toBeDefined();
    expect(model.findRole("ec2-app", s.a)!.maxSessionDuration).toBe(3600);
    expect(model.findRole("ec2-app", s.a)!.instanceProfiles.map((p) => p.name)).toEqual(["ec2-app-profile"]);
    expect(model.findRole("ec2-app", s.a)!.createDate).toMatch(/^\d{4}-\d\d-\d\dT/); // Dates became ISO strings

    const alice = model.users.get(arn("user", "alice"))!;
    expect(alice.groups).toEqual(["developers"]);
    expect(alice.permissionsBoundary).toBe(arn("policy", "alice-boundary"));
    expect(alice.inlinePolicies.map((p) => p.name)).toEqual(["alice-inline"]);
    expect(alice.tags).toEqual({ team: "web" });
    const developers = model.groups.get(arn("group", "developers"))!;
    expect(developers.inlinePolicies[0]!.document).toMatchObject({ Statement: [allow("sts:AssumeRole", arn("role", "deploy"))] });
    expect(developers.attachedPolicies.map((p) => p.arn).sort()).toEqual([arn("policy", "dev-managed"), "arn:aws:iam::aws:policy/ReadOnlyAccess"].sort());

    // customer managed: the default version (v2), from AWS; AWS managed: the bundled copy
    expect(model.policies.get(arn("policy", "deploy-managed"))).toMatchObject({ origin: "aws", defaultVersionId: "v2", document: { Statement: [{ Sid: "V2" }] } });
    expect(model.policies.get(arn("policy", "alice-boundary"))!.document).toBeDefined();
    const readOnly = model.policies.get("arn:aws:iam::aws:policy/ReadOnlyAccess")!;
    expect(readOnly.document).toBeDefined();
    expect(readOnly.origin).toBe("bundled");
    expect(model.policies.get("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")!.document).toBeDefined();

    // the organization: a is the management account, directly under the root
    expect(model.organizationId).toBe(s.orgId);
    const org = model.account(s.a);
    expect(org.orgId).toBe(s.orgId);
    expect(org.org!.scps!.map((l) => l.length)).toEqual([1, 1]); // FullAWSAccess at the root and at the account
    expect(org.org!.rcps).toEqual([[], []]); // RCPFullAWSAccess is implied, so left out

    expect(model.unknowns).toEqual([]);
    expect(model.problems).toEqual([]);
  });

  it("lazy mode: a user with its groups and boundary, a role by name, an assumed-role session", async () => {
    proxy.faults = userBoundary(s.a);
    const src = source();
    const model = new AccountModel();
    const alice = await src.loadPrincipal(model, arn("user", "alice"));
    expect(alice).toMatchObject({ name: "alice", groups: ["developers"], permissionsBoundary: arn("policy", "alice-boundary"), tags: { team: "web" } });
    expect(proxy.count("GetAccountAuthorizationDetails")).toBe(0);
    expect(model.groups.get(arn("group", "developers"))!.inlinePolicies.map((p) => p.name)).toEqual(["dev-inline"]);
    // managed documents read live: GetPolicy + GetPolicyVersion (plain JSON from moto)
    expect(model.policies.get(arn("policy", "alice-boundary"))).toMatchObject({ origin: "aws", document: { Statement: [allow("sts:AssumeRole"), allow("s3:*")] } });
    expect(model.policies.get(arn("policy", "dev-managed"))!.origin).toBe("aws");
    expect(model.policies.get("arn:aws:iam::aws:policy/ReadOnlyAccess")).toMatchObject({ origin: "aws", defaultVersionId: expect.any(String), document: expect.any(Object) });
    expect(model.policies.get("arn:aws:iam::aws:policy/IAMUserChangePassword")!.document).toBeDefined();
    // GetUserPolicy answers URL-encoded
    expect(model.users.get(arn("user", "alice"))!.inlinePolicies[0]!.document).toEqual({ Version: "2012-10-17", Statement: [allow("iam:GetRole")] });

    const deploy = await src.loadRole(model, "deploy");
    expect(deploy).toMatchObject({ arn: arn("role", "ci/deploy"), maxSessionDuration: 7200, description: "deployments", tags: { env: "prod" }, permissionsBoundary: arn("policy", "role-boundary") });
    expect(model.policies.get(arn("policy", "role-boundary"))).toMatchObject({ origin: "aws", document: { Statement: [allow("s3:*"), allow("cloudformation:*")] } });
    // GetRole answers the trust policy URL-encoded
    expect(statementsOf(deploy!.trustPolicy)[0]!.Principal).toEqual({ AWS: arn("user", "alice") });
    expect(deploy!.inlinePolicies.map((p) => p.name)).toEqual(["deploy-inline"]);
    expect(model.policies.get(arn("policy", "deploy-managed"))).toMatchObject({ defaultVersionId: "v2", document: { Statement: [{ Sid: "V2" }] } });

    const app = await src.loadPrincipal(model, `arn:aws:sts::${s.a}:assumed-role/ec2-app/i-0123456789`);
    expect(app).toMatchObject({ name: "ec2-app", maxSessionDuration: 3600, instanceProfiles: [{ name: "ec2-app-profile" }] });
    expect(model.policies.get("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")!.document).toBeDefined();

    expect(await src.loadRole(model, "no-such-role")).toBeUndefined();
    expect(model.loadedAccounts()).toEqual([s.a]);
    expect(model.unknowns).toEqual([]);
  });

  it("lazy mode: principals and roles of another account are unknown, not guessed", async () => {
    const src = source();
    const model = new AccountModel();
    expect(await src.loadRole(model, `arn:aws:iam::${s.b}:role/deploy`)).toBeUndefined();
    expect(await src.loadPrincipal(model, `arn:aws:iam::${s.b}:user/bob`)).toBeUndefined();
    expect(await src.loadPrincipal(model, "ecs-tasks.amazonaws.com")).toBeUndefined();
    const reason = `account ${s.b} is not loaded: the dashboard's credentials read account ${s.a}`;
    expect(model.unknowns).toEqual([
      { subject: `arn:aws:iam::${s.b}:role/deploy`, fact: "role", reason },
      { subject: `arn:aws:iam::${s.b}:user/bob`, fact: "identity policies", reason },
    ]);
    expect(proxy.count("GetRole") + proxy.count("GetUser")).toBe(0);
  });

  it("Organizations: the levels of both accounts, root first, RCPFullAWSAccess left out", async () => {
    const src = source();
    const model = new AccountModel();
    await src.loadOrganization(model, [s.a, s.b]);
    const b = model.account(s.b);
    expect(b.orgId).toBe(s.orgId);
    const sids = (levels: unknown[][]) => levels.map((l) => l.map((d) => statementsOf(d)[0]!.Sid ?? "full").sort());
    expect(sids(b.org!.scps!)).toEqual([["full"], ["DenyLeave", "full"], ["DenyRegions", "full"]]);
    expect(sids(b.org!.rcps!)).toEqual([[], ["DenyOutsideOrg"], []]);
    expect(model.account(s.a).org!.scps!.length).toBe(2);
    expect(model.unknowns).toEqual([]);
    // FullAWSAccess is attached at five places but described once (cache + in-flight merge)
    expect(proxy.count("DescribePolicy")).toBe(4);
    expect(proxy.count("ListParents")).toBe(3); // a→root; b→ou→root
  });

  it("Organizations from a member account: the levels are unknown, with the reason", async () => {
    const src = source({ credentials: s.memberCredentials });
    expect((await src.identity()).account).toBe(s.b);
    const model = new AccountModel();
    await src.loadOrganization(model, [s.b]);
    // Real AWS answers a member account's ListParents with AccessDeniedException (covered by the
    // proxy test below); moto answers AccountNotFoundException. Either way: unknown, with the reason.
    expect(model.account(s.b).orgId).toBeUndefined();
    expect(model.unknowns).toEqual([{ subject: `account ${s.b}`, fact: "SCPs and RCPs", reason: expect.stringMatching(/^organizations:ListParents failed: /) }]);
  });

  it("an account in no organization: no SCP/RCP levels and no unknown", async () => {
    const sts = new STSClient({ endpoint: moto.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::333333333333:role/standalone", RoleSessionName: "x" }))).Credentials!;
    sts.destroy();
    const src = source({ credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    const model = new AccountModel();
    await src.loadOrganization(model, ["333333333333"]);
    expect(model.account("333333333333")).toEqual({ id: "333333333333", loaded: false, org: undefined, orgId: undefined });
    expect(model.organizationId).toBeUndefined();
    expect(model.unknowns).toEqual([]);
  });

  it("an AccessDenied on ListParents marks the account's SCPs and RCPs unknown and names the permission", async () => {
    proxy.faults = [{ action: "ListParents", kind: "deny" }];
    const model = new AccountModel();
    await source().loadOrganization(model, [s.b]);
    expect(model.account(s.b).org).toBeUndefined();
    expect(model.unknowns).toEqual([{ subject: `account ${s.b}`, fact: "SCPs and RCPs", reason: expect.stringMatching(/^organizations:ListParents was denied: /) }]);
  });

  it("an AccessDenied on GetRolePolicy marks that inline policy unknown; the rest of the role loads", async () => {
    proxy.faults = [{ action: "GetRolePolicy", kind: "deny" }];
    const model = new AccountModel();
    const deploy = await source().loadRole(model, "deploy");
    expect(deploy).toMatchObject({ maxSessionDuration: 7200, inlinePolicies: [] });
    expect(statementsOf(deploy!.trustPolicy)).toHaveLength(1);
    expect(model.unknowns).toEqual([
      { subject: `arn:aws:iam::${s.a}:role/deploy`, fact: "inline policy deploy-inline", reason: expect.stringMatching(/^iam:GetRolePolicy was denied: User: .* is not authorized/) },
    ]);
  });

  it("an AccessDenied on GetAccountAuthorizationDetails: the account is not loaded, roles come from ListRoles with their policies unknown", async () => {
    proxy.faults = [{ action: "GetAccountAuthorizationDetails", kind: "deny" }];
    const model = new AccountModel();
    await source().loadFull(model);
    expect(model.loadedAccounts()).toEqual([]);
    expect(model.unknownsFor(`account ${s.a}`)).toEqual([
      { subject: `account ${s.a}`, fact: "IAM users, groups, roles and policies", reason: expect.stringMatching(/^iam:GetAccountAuthorizationDetails was denied/) },
    ]);
    const deploy = model.findRole("deploy", s.a)!;
    expect(deploy.maxSessionDuration).toBe(7200);
    expect(model.unknownsFor(deploy.arn)).toEqual([{ subject: deploy.arn, fact: "permission policies", reason: expect.stringMatching(/^iam:GetAccountAuthorizationDetails was denied/) }]);
  });

  it("throttling is retried by the SDK and then succeeds", async () => {
    proxy.faults = [{ action: "ListRoles", kind: "throttle", times: 2 }];
    const model = new AccountModel();
    await source({ maxAttempts: 4 }).loadFull(model);
    expect(proxy.count("ListRoles")).toBe(3);
    expect(model.findRole("deploy", s.a)!.maxSessionDuration).toBe(7200);
    expect(model.unknowns).toEqual([]);
  });

  it("throttling beyond maxAttempts gives up with an unknown, not a hang", async () => {
    proxy.faults = [{ action: "ListRoles", kind: "throttle", times: 100 }];
    const model = new AccountModel();
    await source({ maxAttempts: 2 }).loadFull(model);
    expect(proxy.count("ListRoles")).toBe(2);
    expect(model.findRole("deploy", s.a)!.maxSessionDuration).toBeNull();
    expect(model.unknownsFor(model.findRole("deploy", s.a)!.arn)).toEqual([expect.objectContaining({ fact: "MaxSessionDuration", reason: expect.stringMatching(/^iam:ListRoles failed: Throttling/) })]);
  });

  it("a slow answer times out (request timeout) and becomes an unknown", async () => {
    proxy.faults = [{ action: "GetRole", kind: "delay", ms: 3000 }];
    const model = new AccountModel();
    const started = Date.now();
    expect(await source({ requestTimeoutMs: 300 }).loadRole(model, "deploy")).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(model.unknowns).toEqual([{ subject: `arn:aws:iam::${s.a}:role/deploy`, fact: "role", reason: expect.stringMatching(/^iam:GetRole timed out/) }]);
  });

  it("a call never outlives its overall deadline, retries included", async () => {
    proxy.faults = [{ action: "GetRole", kind: "delay", ms: 3000 }];
    const model = new AccountModel();
    const started = Date.now();
    await source({ requestTimeoutMs: 10_000, callTimeoutMs: 400, maxAttempts: 4 }).loadRole(model, "deploy");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(model.unknowns).toEqual([{ subject: `arn:aws:iam::${s.a}:role/deploy`, fact: "role", reason: "iam:GetRole timed out: no answer within 0.4 s (retries included)" }]);
  });

  it("an unreachable endpoint: lazy reads record it, full mode rejects with a short reason", async () => {
    const src = source({ endpoint: "http://127.0.0.1:9" });
    const model = new AccountModel();
    expect(await src.loadRole(model, "deploy")).toBeUndefined();
    expect(model.unknowns).toEqual([{ subject: "deploy", fact: "role", reason: "sts:GetCallerIdentity failed: the AWS endpoint could not be reached (ECONNREFUSED)" }]);
    await expect(src.loadFull(new AccountModel())).rejects.toThrow(/^sts:GetCallerIdentity failed: the AWS endpoint could not be reached/);
  });

  it("loadAwsModel: the SDK's own settings (AWS_ENDPOINT_URL, credentials from the environment), full mode", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: proxy.url, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: s.dashboard.accessKeyId, AWS_SECRET_ACCESS_KEY: s.dashboard.secretAccessKey });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    try {
      const model = await loadAwsModel();
      expect(model.loadedAccounts()).toEqual([s.a]);
      expect(model.findRole("deploy", s.a)!.maxSessionDuration).toBe(7200);
      expect(model.account(s.a).orgId).toBe(s.orgId);
      expect(proxy.count("GetAccountAuthorizationDetails")).toBe(1); // it went through the endpoint from the environment
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it("identical in-flight calls are made once", async () => {
    await source().loadRole(new AccountModel(), "deploy");
    const single = new Map(proxy.counts);
    expect(single.get("GetRole")).toBe(1);
    proxy.reset();

    const src = source();
    const [m1, m2] = [new AccountModel(), new AccountModel()];
    const [r1, r2] = await Promise.all([src.loadRole(m1, "deploy"), src.loadRole(m2, "deploy")]);
    expect(r1).toEqual(r2);
    expect(proxy.counts).toEqual(single);
    // and a later call within the TTL is served from the cache
    await src.loadRole(new AccountModel(), "deploy");
    expect(proxy.counts).toEqual(single);
  });

  it("a failed call is not cached: the next read tries again", async () => {
    const src = source();
    proxy.faults = [{ action: "GetRolePolicy", kind: "deny" }];
    const m1 = new AccountModel();
    await src.loadRole(m1, "deploy");
    expect(m1.unknowns).toHaveLength(1);
    proxy.faults = [];
    const m2 = new AccountModel();
    expect((await src.loadRole(m2, "deploy"))!.inlinePolicies.map((p) => p.name)).toEqual(["deploy-inline"]);
    expect(m2.unknowns).toEqual([]);
    expect(proxy.count("GetRolePolicy")).toBe(2);
    expect(proxy.count("GetRole")).toBe(1);
  });
});

describe.runIf(!hasMoto && !!process.env.CI)("aws source against moto (CI)", () => {
  it("needs moto, which CI machines have", () => {
    throw new Error(`${MOTO_MISSING} — but CI must run them`);
  });
});
