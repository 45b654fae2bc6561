import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountModel } from "./model";
import { decodeJsonText, loadSnapshot, scanSnapshot } from "./snapshot";

// ---- fixtures -------------------------------------------------------------------------------

const DEV = "111111111111";
const SHARED = "222222222222";
const arn = (account: string, resource: string) => `arn:aws:iam::${account}:${resource}`;

const trustAccount = (account: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: arn(account, "root") }, Action: "sts:AssumeRole" }],
});
const trustService = (service: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
});
const allow = (action: string, resource = "*") => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: resource }],
});

type Doc = Record<string, unknown>;
/** How get-account-authorization-details prints documents: the CLI decodes them, the raw API URL-encodes them. */
type Encoding = "decoded" | "url-encoded";
const enc = (doc: Doc, encoding: Encoding): Doc | string => (encoding === "decoded" ? doc : encodeURIComponent(JSON.stringify(doc)));

function gaad(account: string, encoding: Encoding = "decoded", extra: { Policies?: unknown[] } = {}) {
  return {
    UserDetailList: [
      {
        Path: "/",
        UserName: "alice",
        UserId: "AIDAALICE0000000000001",
        Arn: arn(account, "user/alice"),
        CreateDate: "2024-01-01T00:00:00Z",
        UserPolicyList: [{ PolicyName: "assume-deploy", PolicyDocument: enc(allow("sts:AssumeRole", arn(account, "role/deploy")), encoding) }],
        GroupList: ["developers"],
        AttachedManagedPolicies: [],
        Tags: [{ Key: "team", Value: "payments" }],
      },
    ],
    GroupDetailList: [
      {
        Path: "/",
        GroupName: "developers",
        GroupId: "AGPADEVELOPERS00000001",
        Arn: arn(account, "group/developers"),
        CreateDate: "2024-01-01T00:00:00Z",
        GroupPolicyList: [{ PolicyName: "read", PolicyDocument: enc(allow("s3:Get*"), encoding) }],
        AttachedManagedPolicies: [],
      },
    ],
    RoleDetailList: [
      {
        Path: "/",
        RoleName: "deploy",
        RoleId: "AROADEPLOY000000000001",
        Arn: arn(account, "role/deploy"),
        CreateDate: "2024-01-01T00:00:00Z",
        AssumeRolePolicyDocument: enc(trustAccount(account), encoding),
        InstanceProfileList: [],
        RolePolicyList: [{ PolicyName: "deploy", PolicyDocument: enc(allow("cloudformation:*"), encoding) }],
        AttachedManagedPolicies: [],
        Tags: [{ Key: "env", Value: "dev" }],
        RoleLastUsed: { LastUsedDate: "2024-06-01T00:00:00Z", Region: "us-east-1" },
      },
      {
        Path: "/ecs/",
        RoleName: "task",
        RoleId: "AROATASK00000000000001",
        Arn: arn(account, "role/ecs/task"),
        CreateDate: "2024-01-01T00:00:00Z",
        AssumeRolePolicyDocument: enc(trustService("ecs-tasks.amazonaws.com"), encoding),
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        RoleLastUsed: {},
      },
    ],
    Policies: extra.Policies ?? [],
  };
}

const managed = (policyArn: string, versions: Array<{ id: string; isDefault: boolean; doc: unknown }>, defaultVersionId?: string) => ({
  PolicyName: policyArn.split("/").pop(),
  PolicyId: "ANPAPOLICY000000000001",
  Arn: policyArn,
  Path: "/",
  DefaultVersionId: defaultVersionId ?? versions.find((v) => v.isDefault)?.id,
  AttachmentCount: 1,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  CreateDate: "2024-01-01T00:00:00Z",
  UpdateDate: "2024-01-01T00:00:00Z",
  PolicyVersionList: versions.map((v) => ({ Document: v.doc, VersionId: v.id, IsDefaultVersion: v.isDefault, CreateDate: "2024-01-01T00:00:00Z" })),
});

const organization = {
  Organization: {
    Id: "o-test000001",
    Accounts: {
      [DEV]: {
        ServiceControlPolicies: [[allow("*")], [allow("*"), { Version: "2012-10-17", Statement: [{ Sid: "OuDeny", Effect: "Deny", Action: "organizations:*", Resource: "*" }] }], [allow("*")]],
        ResourceControlPolicies: [[], [{ Version: "2012-10-17", Statement: [{ Sid: "Rcp", Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }] }]],
      },
    },
  },
};

// ---- a temp directory per test --------------------------------------------------------------

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "rolecall-snapshot-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(file: string, content: unknown): Promise<void> {
  const p = path.join(dir, file);
  await mkdir(path.dirname(p), { recursive: true });
  const text = typeof content === "string" ? content : JSON.stringify(content, null, 4);
  await writeFile(p, file.endsWith(".gz") ? gzipSync(text) : text);
}

const unknown = (m: AccountModel, subject: string, fact: string) => m.unknowns.find((u) => u.subject === subject && u.fact === fact);

// ---- tests ----------------------------------------------------------------------------------

describe("get-account-authorization-details", () => {
  it.each<Encoding>(["decoded", "url-encoded"])("loads users, groups and roles with %s documents", async (encoding) => {
    await put("iam.json", gaad(DEV, encoding));
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.loadedAccounts()).toEqual([DEV]);

    const alice = m.users.get(arn(DEV, "user/alice"))!;
    expect(alice).toMatchObject({ name: "alice", account: DEV, userId: "AIDAALICE0000000000001", groups: ["developers"], tags: { team: "payments" } });
    expect(alice.inlinePolicies).toEqual([{ name: "assume-deploy", document: allow("sts:AssumeRole", arn(DEV, "role/deploy")) }]);

    expect(m.groups.get(arn(DEV, "group/developers"))!.inlinePolicies[0]!.document).toEqual(allow("s3:Get*"));

    const deploy = m.roles.get(arn(DEV, "role/deploy"))!;
    expect(deploy.trustPolicy).toEqual(trustAccount(DEV));
    expect(deploy.inlinePolicies).toEqual([{ name: "deploy", document: allow("cloudformation:*") }]);
    expect(deploy).toMatchObject({ name: "deploy", path: "/", account: DEV, tags: { env: "dev" }, lastUsed: { lastUsedDate: "2024-06-01T00:00:00Z", region: "us-east-1" } });
    expect(m.roles.get(arn(DEV, "role/ecs/task"))!).toMatchObject({ name: "task", path: "/ecs/", trustPolicy: trustService("ecs-tasks.amazonaws.com") });
  });

  it("reads a gzipped file (.json.gz)", async () => {
    await put("dev/iam.json.gz", gaad(DEV, "url-encoded"));
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.loadedAccounts()).toEqual([DEV]);
    expect(m.roles.get(arn(DEV, "role/deploy"))!.trustPolicy).toEqual(trustAccount(DEV));
  });

  it("reads nested directories recursively, one account per file", async () => {
    await put("org/dev/iam.json", gaad(DEV));
    await put("org/shared/deeper/still/iam.json.gz", gaad(SHARED, "url-encoded"));
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.loadedAccounts()).toEqual([DEV, SHARED]);
    expect(m.roles.has(arn(SHARED, "role/deploy"))).toBe(true);
    const { files } = await scanSnapshot(dir);
    expect(files.map((f) => [f.file, f.kind])).toEqual([
      [path.join("org", "dev", "iam.json"), "authorization-details"],
      [path.join("org", "shared", "deeper", "still", "iam.json.gz"), "authorization-details"],
    ]);
  });

  it("takes the IsDefaultVersion version of a managed policy with two versions", async () => {
    const policyArn = arn(DEV, "policy/orders-data-access");
    const doc = gaad(DEV, "decoded", {
      Policies: [
        // the older version first, and DefaultVersionId disagreeing: IsDefaultVersion decides
        managed(policyArn, [
          { id: "v1", isDefault: false, doc: allow("dynamodb:*") },
          { id: "v2", isDefault: true, doc: encodeURIComponent(JSON.stringify(allow("dynamodb:GetItem"))) },
        ]),
      ],
    });
    doc.RoleDetailList[0]!.AttachedManagedPolicies = [{ PolicyName: "orders-data-access", PolicyArn: policyArn }] as never[];
    await put("iam.json", doc);
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.policies.get(policyArn)).toMatchObject({ defaultVersionId: "v2", document: allow("dynamodb:GetItem"), origin: "snapshot", name: "orders-data-access" });
    expect(m.managedDocument(policyArn)).toEqual(allow("dynamodb:GetItem"));
    expect(m.roles.get(arn(DEV, "role/deploy"))!.attachedPolicies).toEqual([{ arn: policyArn, name: "orders-data-access" }]);
    expect(unknown(m, policyArn, "document")).toBeUndefined();
  });

  it("accepts a group's AttachedManagedPolicies given as an object (the aws-cli example's typo)", async () => {
    const policyArn = arn(DEV, "policy/dev-tools");
    const doc = gaad(DEV, "decoded", { Policies: [managed(policyArn, [{ id: "v1", isDefault: true, doc: allow("codebuild:*") }])] });
    (doc.GroupDetailList[0] as Record<string, unknown>).AttachedManagedPolicies = { PolicyName: "dev-tools", PolicyArn: policyArn };
    await put("iam.json", doc);
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.groups.get(arn(DEV, "group/developers"))!.attachedPolicies).toEqual([{ arn: policyArn, name: "dev-tools" }]);
    expect(m.users.size).toBe(1);
    expect(m.roles.size).toBe(2);
  });

  it("resolves an AWS managed policy referenced by ARN only from the bundled package; one included in the files wins", async () => {
    const readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    const s3ReadOnly = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    const ours = allow("s3:GetObject", "arn:aws:s3:::only-this-bucket/*");
    const doc = gaad(DEV, "decoded", { Policies: [managed(s3ReadOnly, [{ id: "v3", isDefault: true, doc: ours }])] });
    doc.RoleDetailList[0]!.AttachedManagedPolicies = [
      { PolicyName: "ReadOnlyAccess", PolicyArn: readOnly },
      { PolicyName: "AmazonS3ReadOnlyAccess", PolicyArn: s3ReadOnly },
    ] as never[];
    await put("iam.json", doc);
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);

    const bundled = m.policies.get(readOnly)!;
    expect(bundled).toMatchObject({ arn: readOnly, name: "ReadOnlyAccess", path: "/", origin: "bundled" });
    expect(bundled.defaultVersionId).toMatch(/^v\d+$/);
    const statements = bundled.document!.Statement as Array<{ Effect: string; Action: string[] }>;
    expect(statements.some((s) => s.Effect === "Allow" && s.Action.includes("s3:Get*"))).toBe(true);

    expect(m.policies.get(s3ReadOnly)).toMatchObject({ origin: "snapshot", document: ours });
    expect(unknown(m, readOnly, "document")).toBeUndefined();
  });

  it("records an AWS managed policy missing from the bundle, and a customer managed policy not included, as unknown documents", async () => {
    const customer = arn(DEV, "policy/not-exported");
    const bogus = "arn:aws:iam::aws:policy/NoSuchPolicyRoleCallTest";
    const doc = gaad(DEV);
    doc.RoleDetailList[0]!.AttachedManagedPolicies = [{ PolicyName: "not-exported", PolicyArn: customer }] as never[];
    (doc.UserDetailList[0] as Record<string, unknown>).AttachedManagedPolicies = [{ PolicyName: "NoSuchPolicyRoleCallTest", PolicyArn: bogus }];
    (doc.UserDetailList[0] as Record<string, unknown>).PermissionsBoundary = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: arn(DEV, "policy/boundary") };
    await put("iam.json", doc);
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.policies.has(customer)).toBe(false);
    expect(unknown(m, customer, "document")?.reason).toMatch(/does not include this customer managed policy/);
    expect(unknown(m, arn(DEV, "policy/boundary"), "document")?.reason).toMatch(/does not include this customer managed policy/);
    expect(unknown(m, bogus, "document")?.reason).toMatch(/not found in the bundled copy/);
    // one unknown per fact, not one per reference
    expect(m.unknowns.filter((u) => u.subject === bogus)).toHaveLength(1);
  });

  it("reports a malformed policy document with the file and the role or policy, and loads the rest", async () => {
    const policyArn = arn(DEV, "policy/broken");
    const doc = gaad(DEV, "decoded", { Policies: [managed(policyArn, [{ id: "v1", isDefault: true, doc: "%7B%22Version%22%3A" }])] });
    doc.RoleDetailList[0]!.AssumeRolePolicyDocument = '{"Version": "2012-10-17", "Statement": [' as never;
    doc.RoleDetailList[0]!.RolePolicyList = [
      { PolicyName: "ok", PolicyDocument: allow("s3:*") },
      { PolicyName: "not-a-document", PolicyDocument: "Allow everything" },
    ] as never[];
    await put("accounts/dev.json", doc);
    const m = await loadSnapshot(dir);
    const file = path.join("accounts", "dev.json");
    const deployArn = arn(DEV, "role/deploy");

    const trust = m.problems.find((p) => p.message.includes(`role ${deployArn} trust policy`));
    expect(trust).toMatchObject({ file });
    expect(trust!.message).toMatch(/invalid JSON/);
    expect(m.problems.find((p) => p.message.includes(`role ${deployArn} inline policy not-a-document`))).toMatchObject({ file });
    expect(m.problems.find((p) => p.message.includes(`policy ${policyArn}`))).toMatchObject({ file });
    expect(m.problems).toHaveLength(3);

    // the role is still there, with what could be read; the unreadable trust policy is an unknown
    const deploy = m.roles.get(deployArn)!;
    expect(deploy.inlinePolicies.map((p) => p.name)).toEqual(["ok"]);
    expect(deploy.trustPolicy).toEqual({});
    expect(unknown(m, deployArn, "trust policy")?.reason).toContain(file);
    expect(m.policies.get(policyArn)!.document).toBeUndefined();
    expect(m.roles.get(arn(DEV, "role/ecs/task"))!.trustPolicy).toEqual(trustService("ecs-tasks.amazonaws.com"));
  });
});

describe("list-roles", () => {
  it("merges MaxSessionDuration by ARN; a role only in list-roles has unknown permission policies", async () => {
    await put("iam.json", gaad(DEV));
    await put("roles.json", {
      Roles: [
        { Path: "/", RoleName: "deploy", RoleId: "AROADEPLOY000000000001", Arn: arn(DEV, "role/deploy"), AssumeRolePolicyDocument: trustAccount(DEV), MaxSessionDuration: 14400, Description: "deploys" },
        {
          Path: "/",
          RoleName: "listed-only",
          RoleId: "AROALISTEDONLY00000001",
          Arn: arn(DEV, "role/listed-only"),
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trustService("lambda.amazonaws.com"))),
          MaxSessionDuration: 7200,
        },
      ],
    });
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.roles.get(arn(DEV, "role/deploy"))).toMatchObject({ maxSessionDuration: 14400, description: "deploys", inlinePolicies: [{ name: "deploy" }] });

    const only = m.roles.get(arn(DEV, "role/listed-only"))!;
    expect(only).toMatchObject({ name: "listed-only", account: DEV, maxSessionDuration: 7200, inlinePolicies: [], attachedPolicies: [], trustPolicy: trustService("lambda.amazonaws.com") });
    expect(unknown(m, only.arn, "permission policies")?.reason).toMatch(/only a list-roles file has this role/);
    expect(unknown(m, only.arn, "MaxSessionDuration")).toBeUndefined();

    // in authorization details but not in the list-roles file
    const task = m.roles.get(arn(DEV, "role/ecs/task"))!;
    expect(task.maxSessionDuration).toBeNull();
    expect(unknown(m, task.arn, "MaxSessionDuration")?.reason).toMatch(/no list-roles file includes this role/);
  });

  it("without a list-roles file every role's MaxSessionDuration is null, with the reason", async () => {
    await put("iam.json", gaad(DEV));
    const m = await loadSnapshot(dir);
    expect(m.roles.size).toBe(2);
    for (const role of m.roles.values()) {
      expect(role.maxSessionDuration).toBeNull();
      expect(unknown(m, role.arn, "MaxSessionDuration")?.reason).toContain("the snapshot has no list-roles file");
    }
  });

  it("keeps list-roles applied whatever order the files are read in", async () => {
    // "a-roles.json" sorts before "z-iam.json": authorization details must still be loaded first
    await put("a-roles.json", { Roles: [{ RoleName: "deploy", Arn: arn(DEV, "role/deploy"), MaxSessionDuration: 43200 }] });
    await put("z-iam.json", gaad(DEV));
    const m = await loadSnapshot(dir);
    expect(m.roles.get(arn(DEV, "role/deploy"))).toMatchObject({ maxSessionDuration: 43200, inlinePolicies: [{ name: "deploy" }] });
    expect(unknown(m, arn(DEV, "role/deploy"), "permission policies")).toBeUndefined();
  });
});

describe("the Organization file", () => {
  it("gives SCP and RCP levels, root first, and the org ID of the listed accounts", async () => {
    await put("iam-dev.json", gaad(DEV));
    await put("iam-shared.json", gaad(SHARED));
    await put("organization.json", organization);
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.organizationId).toBe("o-test000001");

    const dev = m.accounts.get(DEV)!;
    expect(dev.orgId).toBe("o-test000001");
    expect(dev.org!.scps).toHaveLength(3);
    expect(dev.org!.scps!.map((level) => level.length)).toEqual([1, 2, 1]);
    expect((dev.org!.scps![1]![1]!.Statement as Array<{ Sid: string }>)[0]!.Sid).toBe("OuDeny");
    expect(dev.org!.rcps!.map((level) => level.length)).toEqual([0, 1]);

    // loaded, but not listed: no org ID, no levels, and no unknown either (the file is there)
    const shared = m.accounts.get(SHARED)!;
    expect(shared.orgId).toBeUndefined();
    expect(shared.org).toBeUndefined();
    expect(m.unknowns.filter((u) => u.fact === "SCPs and RCPs")).toEqual([]);
  });

  it("without an Organization file the SCPs and RCPs of each loaded account are unknown", async () => {
    await put("dev.json", gaad(DEV));
    await put("shared.json", gaad(SHARED));
    const m = await loadSnapshot(dir);
    expect(m.organizationId).toBeUndefined();
    const orgUnknowns = m.unknowns.filter((u) => u.fact === "SCPs and RCPs");
    expect(orgUnknowns.map((u) => u.subject).sort()).toEqual([`account ${DEV}`, `account ${SHARED}`]);
    expect(orgUnknowns[0]!.reason).toMatch(/no Organization file/);
  });

  it("reports a malformed Organization file", async () => {
    await put("dev.json", gaad(DEV));
    await put("organization.json", { Organization: { Id: "o-x", Accounts: { "12345": {}, [DEV]: { ServiceControlPolicies: { not: "a list" } } } } });
    const m = await loadSnapshot(dir);
    expect(m.problems.map((p) => p.file)).toEqual(["organization.json", "organization.json"]);
    expect(m.problems.map((p) => p.message).join("\n")).toMatch(/Organization.Accounts: entry 1 is not keyed by a 12-digit account ID[\s\S]*ServiceControlPolicies: expected a list of levels/);
  });
});

describe("files that are not IAM data", () => {
  it("reports broken and unrecognised JSON files with their path and a reason, and loads the rest", async () => {
    await put("dev/iam.json", gaad(DEV));
    await put("dev/broken.json", '{"UserDetailList": [');
    await put("misc/inventory.json", { Instances: [{ InstanceId: "i-0123" }] });
    await put("misc/list.json", [1, 2, 3]);
    await put("misc/broken.json.gz", "{ not json");
    const m = await loadSnapshot(dir);
    expect(m.loadedAccounts()).toEqual([DEV]);
    expect(m.roles.size).toBe(2);
    const byFile = Object.fromEntries(m.problems.map((p) => [p.file, p.message]));
    expect(Object.keys(byFile).sort()).toEqual([path.join("dev", "broken.json"), path.join("misc", "broken.json.gz"), path.join("misc", "inventory.json"), path.join("misc", "list.json")].sort());
    expect(byFile[path.join("dev", "broken.json")]).toMatch(/^not readable as JSON: /);
    expect(byFile[path.join("misc", "broken.json.gz")]).toMatch(/^not readable as JSON \(gzip\): /);
    expect(byFile[path.join("misc", "inventory.json")]).toMatch(/^not recognised: expected the top-level keys/);
    expect(byFile[path.join("misc", "list.json")]).toMatch(/^not recognised/);
  });

  it("ignores files that are not JSON, silently", async () => {
    await put("iam.json", gaad(DEV));
    await put("README.md", "# my snapshot\n");
    await put("notes.txt", "{ this is not json");
    await put("iam.json.bak", "{ nor this");
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect((await scanSnapshot(dir)).files.map((f) => f.file)).toEqual(["iam.json"]);
  });

  it("recognises CloudTrail Records and lookup-events Events files without touching the model", async () => {
    await put("iam.json", gaad(DEV));
    await put(`cloudtrail/${DEV}_CloudTrail_us-east-1_20261116T0615Z_abc.json`, {
      Records: [{ eventVersion: "1.09", eventSource: "sts.amazonaws.com", eventName: "AssumeRole", recipientAccountId: DEV, userIdentity: { type: "IAMUser", arn: arn(DEV, "user/mallory"), accountId: DEV } }],
    });
    await put("cloudtrail/events.json.gz", { Events: [{ EventId: "e1", EventName: "AssumeRole", CloudTrailEvent: JSON.stringify({ userIdentity: { arn: arn(SHARED, "user/zed") } }) }] });
    const withTrail = await loadSnapshot(dir);
    expect(withTrail.problems).toEqual([]);
    const { files } = await scanSnapshot(dir);
    expect(files.map((f) => f.kind).sort()).toEqual(["authorization-details", "cloudtrail-events", "cloudtrail-records"]);

    // the same model as without the trail files: no user, account or unknown comes from them
    await rm(path.join(dir, "cloudtrail"), { recursive: true });
    const without = await loadSnapshot(dir);
    expect(withTrail.loadedAccounts()).toEqual([DEV]);
    expect([...withTrail.users.keys()]).toEqual([...without.users.keys()]);
    expect([...withTrail.roles.keys()]).toEqual([...without.roles.keys()]);
    expect([...withTrail.accounts.keys()]).toEqual([...without.accounts.keys()]);
    expect(withTrail.unknowns).toEqual(without.unknowns);
  });

  it("reports a directory that cannot be read", async () => {
    const m = await loadSnapshot(path.join(dir, "does-not-exist"));
    expect(m.problems).toEqual([{ file: path.join(dir, "does-not-exist"), message: "cannot read the snapshot directory: ENOENT" }]);
    expect(m.loadedAccounts()).toEqual([]);
  });
});

describe("the embedded demo (data/demo)", () => {
  it("loads three accounts of o-rc7demo01, with prod's MaxSessionDuration unknown and shared's URL-encoded documents decoded", async () => {
    const m = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
    expect(m.problems).toEqual([]);
    expect(m.loadedAccounts()).toEqual(["111111111111", "222222222222", "333333333333"]);
    expect(m.organizationId).toBe("o-rc7demo01");
    for (const id of ["111111111111", "222222222222", "333333333333", "444455556666"]) expect(m.accounts.get(id)!.orgId).toBe("o-rc7demo01");
    expect(m.accounts.get("444455556666")!.loaded).toBe(false);
    expect(m.accounts.get("111111111111")!.org!.scps).toHaveLength(3);
    expect(m.accounts.get("222222222222")!.org!.rcps!.flat()).toHaveLength(1);

    const prod = [...m.roles.values()].filter((r) => r.account === "333333333333");
    expect(prod.length).toBeGreaterThan(0);
    for (const r of prod) {
      expect(r.maxSessionDuration).toBeNull();
      expect(unknown(m, r.arn, "MaxSessionDuration")?.reason).toMatch(/no list-roles file includes this role \(account 333333333333\)/);
    }
    expect(m.roles.get("arn:aws:iam::111111111111:role/power-user")!.maxSessionDuration).toBe(14400);

    // shared/iam.json holds URL-encoded strings; the model holds objects
    const sharedDeploy = m.roles.get("arn:aws:iam::222222222222:role/shared-deploy")!;
    expect(typeof sharedDeploy.trustPolicy).toBe("object");
    expect((sharedDeploy.trustPolicy.Statement as Array<{ Sid?: string }>)[0]!.Sid).toBe("DevAccountInsideOurOrg");
    for (const r of [...m.roles.values()].filter((x) => x.account === "222222222222")) {
      expect(typeof r.trustPolicy.Statement).toBe("object");
      for (const p of r.inlinePolicies) expect(typeof p.document).toBe("object");
    }

    // v2 of orders-data-access is in force; referenced AWS managed policies come from the bundle
    expect(m.policies.get("arn:aws:iam::111111111111:policy/orders-data-access")!.defaultVersionId).toBe("v2");
    expect(m.policies.get("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")!.origin).toBe("snapshot");
    expect(m.policies.get("arn:aws:iam::aws:policy/ReadOnlyAccess")!.origin).toBe("bundled");
  });
});

describe("snapshot files in the wild", () => {
  it("a list-policies file (no versions) never erases an included document, in either order; a BOM is fine", async () => {
    const arn = "arn:aws:iam::111122223333:policy/app";
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
    const gaad = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [{ PolicyName: "app", Arn: arn, DefaultVersionId: "v1", PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: true, Document: doc }] }] };
    const listing = { Policies: [{ PolicyName: "app", Arn: arn, DefaultVersionId: "v1" }] };
    for (const [first, second] of [["a.json", "b.json"], ["b.json", "a.json"]] as const) {
      const dir = await mkdtemp(path.join(os.tmpdir(), "rc-order-"));
      await writeFile(path.join(dir, first), `\uFEFF${JSON.stringify(gaad)}`);
      await writeFile(path.join(dir, second), JSON.stringify(listing));
      const m = await loadSnapshot(dir);
      expect(m.problems).toEqual([]);
      expect(m.managedDocument(arn)).toEqual(doc);
      expect(m.unknownsFor(arn)).toEqual([]);
    }
  });
});

describe("decodeJsonText", () => {
  it("reads ASCII, UTF-8 (accents, emoji, CJK) and a byte-order mark alike", () => {
    const doc = { sessionName: "josé-🚀-東京", plain: "GetObject" };
    const text = JSON.stringify(doc);
    expect(JSON.parse(decodeJsonText(Buffer.from(text, "utf8")))).toEqual(doc);
    expect(JSON.parse(decodeJsonText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])))).toEqual(doc);
    expect(decodeJsonText(Buffer.from('{"a":"b"}'))).toBe('{"a":"b"}');
    // a latin1 copy of these bytes would read "josÃ©": the UTF-8 path must be taken
    expect(decodeJsonText(Buffer.from('"josé"', "utf8"))).toBe('"josé"');
  });
});

// `aws ec2 describe-vpc-endpoints` prints PolicyDocument as a JSON string.
describe("describe-vpc-endpoints files", () => {
  it("loads each endpoint with its policy, owner and region; one without a readable policy is unknown", async () => {
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }] };
    await put(`${DEV}/vpce-eu-west-1.json`, {
      VpcEndpoints: [
        { VpcEndpointId: "vpce-0a1b2c3d4e5f67890", VpcEndpointType: "Interface", VpcId: "vpc-1", ServiceName: "com.amazonaws.eu-west-1.sts", State: "available", PolicyDocument: JSON.stringify(policy), OwnerId: DEV },
        { VpcEndpointId: "vpce-0000000000000bad", VpcEndpointType: "Interface", ServiceName: "com.amazonaws.eu-west-1.sts", PolicyDocument: "{not json", OwnerId: DEV },
      ],
    });
    const m = await loadSnapshot(dir);
    const e = m.findVpcEndpoint("vpce-0a1b2c3d4e5f67890");
    expect(e).toMatchObject({ type: "Interface", vpcId: "vpc-1", account: DEV, region: "eu-west-1", serviceName: "com.amazonaws.eu-west-1.sts", policy });
    expect(m.findVpcEndpoint("vpce-0000000000000bad")?.policy).toBeUndefined();
    expect(unknown(m, "vpce-0000000000000bad", "endpoint policy")).toBeDefined();
    expect(m.problems.some((p) => p.file.endsWith("vpce-eu-west-1.json") && p.message.includes("vpce-0000000000000bad"))).toBe(true);
  });
});

describe("what a snapshot file may not do (issue 15 #7, #8, #13, #14)", () => {
  afterEach(() => {
    delete process.env.ROLECALL_MAX_FILE_BYTES;
  });

  it("a symbolic link is reported, not followed and not skipped silently", async () => {
    const { symlink } = await import("node:fs/promises");
    await put("iam.json", gaad(DEV));
    const outside = await mkdtemp(path.join(os.tmpdir(), "rolecall-outside-"));
    await writeFile(path.join(outside, "other.json"), JSON.stringify(gaad(SHARED)));
    await symlink(path.join(outside, "other.json"), path.join(dir, "linked.json"));
    await symlink(outside, path.join(dir, "linked-dir"));
    const m = await loadSnapshot(dir);
    expect(m.loadedAccounts()).toEqual([DEV]);
    const byFile = Object.fromEntries(m.problems.map((p) => [p.file, p.message]));
    expect(byFile["linked.json"]).toMatch(/symbolic link: not followed/);
    expect(byFile["linked-dir"]).toMatch(/symbolic link: not followed/);
    await rm(outside, { recursive: true, force: true });
  });

  it("a 100,000-level nested trust policy is a problem of its file when loading; the role and the rest load", async () => {
    const doc = gaad(DEV);
    (doc.RoleDetailList[0] as Record<string, unknown>).AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "DEEP" }, Action: "sts:AssumeRole" }] };
    // written as text: JSON.stringify itself would overflow the stack on it
    await writeFile(path.join(dir, "iam.json"), JSON.stringify(doc).replace('"DEEP"', `${"[".repeat(100_000)}"x"${"]".repeat(100_000)}`));
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([{ file: "iam.json", message: expect.stringMatching(/trust policy: nested more than 64 levels deep/) }]);
    const deploy = m.roles.get(arn(DEV, "role/deploy"))!;
    expect(deploy.trustPolicy).toEqual({});
    expect(unknown(m, deploy.arn, "trust policy")).toBeTruthy();
    expect(m.roles.get(arn(DEV, "role/ecs/task"))!.trustPolicy).toEqual(trustService("ecs-tasks.amazonaws.com"));
  });

  it("a file that is not JSON is reported by line and column, never by quoting it", async () => {
    await put("iam.json", gaad(DEV));
    await put("passwd.json", "root:x:0:0:root:/root:/bin/bash\n");
    await put("credentials.json.gz", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");
    await put("almost.json", '{"UserDetailList": [\n  {"UserName": "a"},\n  {"UserName": wJalrXUtnFEMI}\n]}');
    const m = await loadSnapshot(dir);
    const byFile = Object.fromEntries(m.problems.map((p) => [p.file, p.message]));
    expect(byFile["passwd.json"]).toBe("not readable as JSON: invalid JSON at line 1, column 1 (an unexpected character)");
    expect(byFile["credentials.json.gz"]).toBe("not readable as JSON (gzip): invalid JSON at line 1, column 2 (an unexpected character)");
    expect(byFile["almost.json"]).toBe("not readable as JSON: invalid JSON at line 3, column 16 (an unexpected character)");
    const all = JSON.stringify(m.problems);
    for (const secret of ["root:x", "/bin/bash", "aws_access", "AKIAIOSFODNN7EXAMPLE", "wJalr"]) expect(all).not.toContain(secret);
  });

  it("a file larger than ROLECALL_MAX_FILE_BYTES once uncompressed is reported; the rest loads", async () => {
    process.env.ROLECALL_MAX_FILE_BYTES = "64KiB";
    await put("dev/iam.json", gaad(DEV));
    const big = { ...gaad(SHARED), Padding: "x".repeat(200_000) };
    await put("shared/iam.json.gz", big);
    await put("shared/iam-plain.json", big);
    const m = await loadSnapshot(dir);
    expect(m.loadedAccounts()).toEqual([DEV]);
    const byFile = Object.fromEntries(m.problems.map((p) => [p.file, p.message]));
    expect(byFile[path.join("shared", "iam.json.gz")]).toMatch(/larger than 64 KiB once uncompressed \(ROLECALL_MAX_FILE_BYTES\)/);
    expect(byFile[path.join("shared", "iam-plain.json")]).toMatch(/larger than 64 KiB \(ROLECALL_MAX_FILE_BYTES\)/);
  });
});
