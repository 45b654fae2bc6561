// Every account of the organization, live (issue 12, rules reference R12.9), against moto's
// multi-account Organizations through the real SDK clients: four accounts (lib/testing/org-seed.ts),
// one without a reader role. A proxy in front of moto (lib/testing/aws-proxy.ts) refuses that
// account's AssumeRole as STS does, fails one account's calls (AccessDenied, throttling), and
// counts the calls per account. The collector's snapshot, served back, must answer as live.

import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { whoCanAssume } from "@/lib/diagnose/assumers";
import { diagnoseAssumeRole } from "@/lib/diagnose/diagnose";
import { motoRequired, startMoto } from "@/lib/testing/moto";
import { AwsProxy } from "@/lib/testing/aws-proxy";
import { REGION, seedOrganization, type SeededOrg } from "@/lib/testing/org-seed";
import { AwsOrganization, parseAccountsSetting, parseReaderRole, trustableArn, type AwsOrganizationOptions } from "./aws-org";
import { collectSnapshot, decodeDocuments, mergeAuthorizationPages } from "./collector";
import { AccountModel } from "./model";
import { loadSnapshot } from "./snapshot";
import { main } from "@/bin/main";
import { testContext } from "@/bin/testing/context";
import { CloudTrailEndpoint } from "@/lib/sessions/test-endpoint";
import type { CloudTrailRecord } from "@/lib/sessions/parse";

process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

describe("ROLECALL_ACCOUNTS and ROLECALL_READER_ROLE", () => {
  it("self, org, or a list of 12-digit IDs; anything else says what to fix", () => {
    expect(parseAccountsSetting(undefined)).toEqual({ kind: "self" });
    expect(parseAccountsSetting("self")).toEqual({ kind: "self" });
    expect(parseAccountsSetting("org")).toEqual({ kind: "org" });
    expect(parseAccountsSetting(" 111111111111, 222222222222,111111111111 ")).toEqual({ kind: "list", ids: ["111111111111", "222222222222"] });
    expect(() => parseAccountsSetting("111111111111,prod")).toThrow(/ROLECALL_ACCOUNTS must be self, org or a comma list of 12-digit account IDs .*"prod" is not an account ID/);
    expect(() => parseAccountsSetting("all")).toThrow(/ROLECALL_ACCOUNTS/);
  });

  it("a role name or path/name", () => {
    expect(parseReaderRole(undefined)).toBe("rolecall-reader");
    expect(parseReaderRole("/security/rolecall-reader/")).toBe("security/rolecall-reader");
    expect(() => parseReaderRole("bad name")).toThrow(/ROLECALL_READER_ROLE must be a role name or path\/name/);
    expect(() => parseReaderRole("a//b")).toThrow(/ROLECALL_READER_ROLE/);
  });

  it("the reader role's trust must name the hub's role, not its session", () => {
    expect(trustableArn({ arn: "arn:aws:sts::111111111111:assumed-role/rolecall/i-0abc", account: "111111111111", userId: "" })).toBe("arn:aws:iam::111111111111:role/rolecall");
    expect(trustableArn({ arn: "arn:aws:iam::111111111111:user/dashboard", account: "111111111111", userId: "" })).toBe("arn:aws:iam::111111111111:user/dashboard");
  });
});

describe("the collector's file formats", () => {
  it("merges every page of authorization details and decodes URL-encoded documents as the CLI prints them", () => {
    const trust = encodeURIComponent(JSON.stringify({ Version: "2012-10-17", Statement: [] }));
    const merged = mergeAuthorizationPages([
      { RoleDetailList: [{ RoleName: "a", AssumeRolePolicyDocument: trust }], IsTruncated: true, Marker: "m", $metadata: {} },
      { RoleDetailList: [{ RoleName: "b" }], UserDetailList: [{ UserName: "u", CreateDate: new Date("2026-01-01T00:00:00Z") }] },
    ]);
    expect(merged).toEqual({
      UserDetailList: [{ UserName: "u", CreateDate: "2026-01-01T00:00:00.000Z" }],
      GroupDetailList: [],
      RoleDetailList: [{ RoleName: "a", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] } }, { RoleName: "b" }],
      Policies: [],
    });
    // a string that is not a document stays as it is
    expect(decodeDocuments({ PolicyDocument: "not json" })).toEqual({ PolicyDocument: "not json" });
  });
});

const withMoto = motoRequired();

describe.runIf(withMoto)("an organization of four accounts against moto", { timeout: 60_000 }, () => {
  let moto: { child: ChildProcess; url: string };
  let proxy: AwsProxy;
  let s: SeededOrg;
  const orgs: AwsOrganization[] = [];

  const organization = (o: Partial<AwsOrganizationOptions> = {}) => {
    const org = new AwsOrganization({ endpoint: proxy.url, region: REGION, credentials: s.dashboard, accounts: { kind: "org" }, cacheTtlMs: 60_000, vpcEndpointRegions: [REGION], ...o });
    orgs.push(org);
    return org;
  };

  beforeAll(async () => {
    moto = await startMoto();
    s = await seedOrganization(moto.url);
    proxy = new AwsProxy(moto.url);
    proxy.knowKey(s.dashboard.accessKeyId, s.hub);
    await proxy.start();
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    moto?.child.kill();
  });

  beforeEach(() => {
    proxy.reset();
    proxy.refuse = new Set([s.readerArn(s.sandbox)]);
  });

  afterEach(() => {
    vi.useRealTimers();
    for (const o of orgs.splice(0)) o.destroy();
  });

  it("org: every ACTIVE account from ListAccounts, the hub's own first; the one without a reader role is unreachable with what to do", async () => {
    const org = organization();
    expect(await org.accounts()).toEqual([s.hub, ...[s.dev, s.prod, s.sandbox].sort()]);
    // before anything is read every account is loading
    expect((await org.accountStatus()).every((a) => a.state === "loading" && a.reason === null)).toBe(true);
    const model = new AccountModel();
    await Promise.all([org.loadAll(model), org.loadOrganization(model)]);
    const status = await org.accountStatus();
    expect(status.map((a) => [a.account, a.state])).toEqual([
      [s.hub, "loaded"],
      ...[
        [s.dev, "loaded"],
        [s.prod, "loaded"],
        [s.sandbox, "unreachable"],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    ]);
    const sandbox = status.find((a) => a.account === s.sandbox)!;
    expect(sandbox.reason).toBe(
      `sts:AssumeRole on ${s.readerArn(s.sandbox)} was denied: the role must exist and its trust policy must trust ${s.dashboardArn}, and ${s.dashboardArn} must be allowed sts:AssumeRole on it (deploy deploy/rolecall-reader.yaml in that account with RoleCallPrincipalArn=${s.dashboardArn})`,
    );
    for (const a of status) expect(a.reason === null).toBe(a.state === "loaded");
    expect(model.loadedAccounts()).toEqual([s.hub, s.dev, s.prod].sort());
    expect(model.findRole(`arn:aws:iam::${s.prod}:role/deploy`)?.maxSessionDuration).toBe(3600);
    expect(model.users.has(`arn:aws:iam::${s.dev}:user/alice`)).toBe(true);
    // each account was read with its own reader session, assumed once; the hub's own directly
    expect(proxy.assumed.get(s.readerArn(s.dev))).toBe(1);
    expect(proxy.assumed.get(s.readerArn(s.prod))).toBe(1);
    expect(proxy.assumed.has(s.readerArn(s.hub))).toBe(false);
    expect(proxy.count(s.dev, "GetAccountAuthorizationDetails")).toBe(1);
    expect(proxy.count(s.hub, "GetAccountAuthorizationDetails")).toBe(1);
    // SCP levels of every account, read by the hub (a member cannot read them)
    expect(model.account(s.prod).org?.scps?.at(-1)).toContainEqual(expect.objectContaining({ Statement: [expect.objectContaining({ Sid: "DenyLeave" })] }));
    expect(model.account(s.dev).org?.scps?.at(-1)).not.toContainEqual(expect.objectContaining({ Statement: [expect.objectContaining({ Sid: "DenyLeave" })] }));
    expect(model.account(s.dev).orgId).toBe(s.orgId);
    expect(proxy.count(s.prod, "ListPoliciesForTarget")).toBe(0);
  });

  it("a list: only those accounts; the hub is not read when it is not listed", async () => {
    const org = organization({ accounts: { kind: "list", ids: [s.prod, s.dev] } });
    expect(await org.accounts()).toEqual([s.dev, s.prod].sort());
    const model = new AccountModel();
    await org.loadAll(model);
    expect(model.loadedAccounts()).toEqual([s.dev, s.prod].sort());
    expect(proxy.count(s.hub, "GetAccountAuthorizationDetails")).toBe(0);
  });

  it("a cross-account diagnosis is answered from both sides, lazily: only the two accounts it touches are read, and no account in full", async () => {
    const org = organization();
    const model = new AccountModel();
    const alice = `arn:aws:iam::${s.dev}:user/alice`;
    const deploy = `arn:aws:iam::${s.prod}:role/deploy`;
    await Promise.all([org.loadPrincipal(model, alice), org.loadRole(model, deploy), org.loadOrganization(model)]);
    const d = diagnoseAssumeRole(model, { principal: alice, role: deploy });
    expect(d.verdict).toBe("allowed");
    expect(d.checks.find((c) => c.id === "identity-policy")?.status).toBe("pass");
    expect(d.checks.find((c) => c.id === "trust-policy")?.status).toBe("pass");
    expect([...proxy.counts.keys()].filter((k) => k.endsWith("GetAccountAuthorizationDetails"))).toEqual([]);
    expect(proxy.assumed.has(s.readerArn(s.sandbox))).toBe(false);
    expect(proxy.count(s.dev, "GetUser")).toBe(1);
    expect(proxy.count(s.prod, "GetRole")).toBe(1);

    // the other side refuses: locked trusts only its own account
    await org.loadRole(model, `arn:aws:iam::${s.prod}:role/locked`);
    const locked = diagnoseAssumeRole(model, { principal: alice, role: `arn:aws:iam::${s.prod}:role/locked` });
    expect(locked.verdict).toBe("denied");
    expect(locked.blockedBy).toContain("trust-policy");
    expect(locked.blockedBy).toContain("identity-policy"); // alice may assume deploy only: every blocker at once
  });

  it("a caller in an unreachable account: its side is unknown and names the account, never guessed", async () => {
    const org = organization();
    const model = new AccountModel();
    const bob = `arn:aws:iam::${s.sandbox}:user/bob`;
    const deploy = `arn:aws:iam::${s.prod}:role/deploy`;
    await Promise.all([org.loadPrincipal(model, bob), org.loadRole(model, deploy), org.loadOrganization(model)]);
    const d = diagnoseAssumeRole(model, { principal: bob, role: deploy });
    expect(d.verdict).toBe("unknown");
    expect(d.checks.find((c) => c.id === "trust-policy")?.status).toBe("pass");
    const identity = d.checks.find((c) => c.id === "identity-policy")!;
    expect(identity.status).toBe("unknown");
    expect(identity.detail).toContain(`account ${s.sandbox} is unreachable`);
    expect(identity.detail).toContain(`sts:AssumeRole on ${s.readerArn(s.sandbox)} was denied`);

    // and a role there: whether it exists is unknown, and the check says why
    const target = `arn:aws:iam::${s.sandbox}:role/anything`;
    await org.loadRole(model, target);
    const r = diagnoseAssumeRole(model, { principal: `arn:aws:iam::${s.dev}:user/alice`, role: target });
    expect(r.verdict).not.toBe("allowed");
    const exists = r.checks.find((c) => c.id === "role-exists")!;
    expect(exists.status).toBe("unknown");
    expect(exists.detail).toContain(`account ${s.sandbox} is unreachable: sts:AssumeRole on ${s.readerArn(s.sandbox)} was denied`);
  });

  it("reader sessions are refreshed before they expire (chained sessions last at most an hour)", async () => {
    proxy.clockedExpiry = true;
    const org = organization({ readerSessionSeconds: 900, cacheTtlMs: 1000 });
    const model = new AccountModel();
    await org.loadRole(model, `arn:aws:iam::${s.prod}:role/deploy`);
    expect(proxy.assumed.get(s.readerArn(s.prod))).toBe(1);
    // Within the session's life the same session serves every read.
    await org.loadRole(new AccountModel(), `arn:aws:iam::${s.prod}:role/locked`);
    expect(proxy.assumed.get(s.readerArn(s.prod))).toBe(1);
    // 20 minutes later the 15-minute session has expired: the next read assumes the role again.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 20 * 60_000 });
    const again = await org.loadRole(new AccountModel(), `arn:aws:iam::${s.prod}:role/deploy`);
    expect(again?.name).toBe("deploy");
    expect(proxy.assumed.get(s.readerArn(s.prod))).toBe(2);
    // and the new session serves the reads after it, until it too is about to expire
    await org.loadRole(new AccountModel(), `arn:aws:iam::${s.prod}:role/locked`);
    expect(proxy.assumed.get(s.readerArn(s.prod))).toBe(2);
    vi.setSystemTime(Date.now() + 11 * 60_000); // 4 minutes left of 15: within the SDK's 5-minute refresh window
    await org.loadRole(new AccountModel(), `arn:aws:iam::${s.prod}:role/deploy`);
    expect(proxy.assumed.get(s.readerArn(s.prod))).toBe(3);
  });

  it("AccessDenied on one account's read leaves the others loaded; that account is unreachable, naming the permission", async () => {
    proxy.faults = [{ account: s.prod, action: "GetAccountAuthorizationDetails", kind: "deny" }];
    const org = organization();
    const model = new AccountModel();
    await org.loadAll(model);
    const status = Object.fromEntries((await org.accountStatus()).map((a) => [a.account, a]));
    expect(status[s.prod]!.state).toBe("unreachable");
    expect(status[s.prod]!.reason).toMatch(/^iam:GetAccountAuthorizationDetails was denied.*the reader role rolecall-reader needs the read-only permissions the README lists/);
    expect(status[s.dev]!.state).toBe("loaded");
    expect(status[s.hub]!.state).toBe("loaded");
    expect(model.unknownsFor(`account ${s.prod}`).map((u) => u.reason).join()).toContain("iam:GetAccountAuthorizationDetails was denied");
  });

  it("throttling on one account is retried and that account still loads; beyond the retries it is unreachable and the others are not", async () => {
    proxy.faults = [{ account: s.dev, action: "GetAccountAuthorizationDetails", kind: "throttle", times: 2 }];
    let org = organization({ maxAttempts: 4 });
    let model = new AccountModel();
    await org.loadAll(model);
    expect((await org.accountStatus()).find((a) => a.account === s.dev)?.state).toBe("loaded");
    expect(proxy.count(s.dev, "GetAccountAuthorizationDetails")).toBe(3);
    expect(org.hub.stats.calls).toBeGreaterThan(0);

    proxy.reset();
    proxy.refuse = new Set([s.readerArn(s.sandbox)]);
    proxy.faults = [{ account: s.dev, action: "GetAccountAuthorizationDetails", kind: "throttle" }];
    org = organization({ maxAttempts: 2 });
    model = new AccountModel();
    await org.loadAll(model);
    const status = Object.fromEntries((await org.accountStatus()).map((a) => [a.account, a]));
    expect(status[s.dev]!.state).toBe("unreachable");
    expect(status[s.dev]!.reason).toMatch(/Throttling|Rate exceeded/);
    expect(status[s.prod]!.state).toBe("loaded");
  });

  it("rolecall snapshot's collector: every account's files as the CLI writes them, organization.json, the failure named; served back it answers as live", async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "rolecall-collect-"));
    try {
      const org = organization();
      const lines: string[] = [];
      const result = await collectSnapshot(org, { out, regions: [REGION], progress: (l) => lines.push(l) });
      expect(result.ok).toBe(false);
      expect(result.accounts.map((a) => [a.account, a.ok])).toEqual((await org.accounts()).map((a) => [a, a !== s.sandbox]));
      expect(result.accounts.find((a) => a.account === s.sandbox)!.problems[0]).toMatch(new RegExp(`^account ${s.sandbox} is unreachable: sts:AssumeRole on .* was denied`));
      expect(readdirSync(out).sort()).toEqual([s.hub, s.dev, s.prod, "organization.json"].sort());
      expect(readdirSync(path.join(out, s.prod)).sort()).toEqual(["iam.json", "roles.json", `vpce-${REGION}.json`]);
      const iam = JSON.parse(readFileSync(path.join(out, s.prod, "iam.json"), "utf8")) as { RoleDetailList: Array<{ RoleName: string; AssumeRolePolicyDocument: unknown }> };
      expect(typeof iam.RoleDetailList.find((r) => r.RoleName === "deploy")!.AssumeRolePolicyDocument).toBe("object"); // decoded, as the CLI prints it
      const orgFile = JSON.parse(readFileSync(path.join(out, "organization.json"), "utf8")) as { Organization: { Id: string; Accounts: Record<string, { ServiceControlPolicies: unknown[][] }> } };
      expect(orgFile.Organization.Id).toBe(s.orgId);
      expect(Object.keys(orgFile.Organization.Accounts).sort()).toEqual([s.hub, s.dev, s.prod, s.sandbox].sort());
      expect(lines.some((l) => /^\[\d\/4 accounts\] account \d{12}: written · \d+ calls · \d+ retries$/.test(l))).toBe(true);
      expect(result.calls).toBeGreaterThan(10);

      // served back: the same verdicts and check statuses as the live source
      const snap = await loadSnapshot(out);
      expect(snap.problems).toEqual([]);
      const live = new AccountModel();
      const liveOrg = organization();
      await Promise.all([liveOrg.loadAll(live), liveOrg.loadOrganization(live)]);
      const principals = [`arn:aws:iam::${s.dev}:user/alice`, `arn:aws:iam::${s.sandbox}:user/bob`, s.dashboardArn];
      const roles = [`arn:aws:iam::${s.prod}:role/deploy`, `arn:aws:iam::${s.prod}:role/locked`, s.readerArn(s.dev)];
      const shape = (m: AccountModel, principal: string, role: string) => {
        const d = diagnoseAssumeRole(m, { principal, role });
        return { verdict: d.verdict, error: d.error, checks: d.checks.map((c) => `${c.id}:${c.status}`) };
      };
      for (const p of principals) for (const r of roles) expect(shape(snap, p, r), `${p} → ${r}`).toEqual(shape(live, p, r));
      // through prod's STS endpoint, whose policy denies deploy: the same verdict from both
      const through = (m: AccountModel) => diagnoseAssumeRole(m, { principal: principals[0]!, role: roles[0]!, sourceVpce: s.prodVpce });
      expect(through(live).checks.find((c) => c.id === "vpc-endpoint-policy")?.status).toBe("fail");
      expect(through(snap).checks.find((c) => c.id === "vpc-endpoint-policy")?.status).toBe("fail");
      expect(live.findVpcEndpoint(s.prodVpce)?.serviceName).toBe(`com.amazonaws.${REGION}.sts`);
      // who can assume: the same principals and verdicts
      const who = (m: AccountModel) => whoCanAssume(m, m.findRole(roles[0]!)!).map((v) => `${v.principal} ${v.verdict}`).sort();
      expect(who(snap)).toEqual(who(live));
      expect(who(live)).toContain(`${principals[0]} allowed`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("rolecall snapshot: exit 1 naming the unreachable account, the rest written, with --cloudtrail-days each account's LookupEvents records; bad usage exits 2", async () => {
    const now = Date.now();
    const records: CloudTrailRecord[] = [0, 1, 2].map((i) => ({
      eventVersion: "1.08",
      eventID: `00000000-0000-4000-8000-00000000000${i}`,
      eventTime: new Date(now - (i + 1) * 3600_000).toISOString().replace(/\.\d+Z$/, "Z"),
      eventSource: "sts.amazonaws.com",
      eventName: "AssumeRole",
      awsRegion: REGION,
      recipientAccountId: s.prod,
      userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${s.dev}:user/alice`, accountId: s.dev, userName: "alice" },
      requestParameters: { roleArn: `arn:aws:iam::${s.prod}:role/deploy`, roleSessionName: `alice-${i}` },
    }));
    const trail = new CloudTrailEndpoint({ records, pageSize: 2, limit: { calls: 100, windowMs: 1000 } });
    const trailUrl = await trail.start();
    const out = mkdtempSync(path.join(os.tmpdir(), "rolecall-cli-snapshot-"));
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: proxy.url, AWS_ENDPOINT_URL_CLOUDTRAIL: trailUrl, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: s.dashboard.accessKeyId, AWS_SECRET_ACCESS_KEY: s.dashboard.secretAccessKey });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.ROLECALL_SOURCE;
    try {
      const ctx = testContext({ ...process.env, ROLECALL_ACCOUNTS: "org" });
      const code = await main(["snapshot", "--out", out, "--cloudtrail-days", "2", "--regions", REGION], ctx);
      expect(code).toBe(1);
      const err = ctx.err();
      expect(err).toMatch(/rolecall snapshot: reading 4 accounts/);
      expect(err).toMatch(/rolecall snapshot: 3 of 4 accounts read in full, \d+ AWS calls, \d+ retries; wrote .* \(organization\.json included\)/);
      expect(err).toContain(`rolecall snapshot: account ${s.sandbox}: account ${s.sandbox} is unreachable: sts:AssumeRole on ${s.readerArn(s.sandbox)} was denied`);
      expect(err).not.toContain(s.dashboard.secretAccessKey);
      const events = JSON.parse(readFileSync(path.join(out, s.prod, `events-${REGION}.json`), "utf8")) as { Events: Array<{ CloudTrailEvent: string; EventId: string }> };
      expect(events.Events.map((e) => e.EventId).sort()).toEqual(records.map((r) => r.eventID).sort());
      expect(JSON.parse(events.Events[0]!.CloudTrailEvent).eventName).toBe("AssumeRole");
      // LookupEvents without an attribute (every management event), paged
      expect(trail.calls.every((c) => c.attributes.length === 0)).toBe(true);
      expect(trail.calls.some((c) => c.nextToken)).toBe(true);
      // served back, the sessions are there
      const snap = await loadSnapshot(out);
      expect(snap.problems).toEqual([]);

      for (const bad of [["--cloudtrail-days", "0"], ["--cloudtrail-days", "abc"], ["--regions", "mars"], []]) {
        const c = testContext({ ...process.env });
        expect(await main(["snapshot", ...(bad.length ? ["--out", out, ...bad] : [])], c), bad.join(" ")).toBe(2);
        expect(c.err().trim().split("\n")).toHaveLength(1);
      }
      const demo = testContext({ ...process.env });
      expect(await main(["snapshot", "--out", out, "--demo"], demo)).toBe(2);
      expect(demo.err()).toMatch(/rolecall snapshot reads AWS/);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await trail.stop();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
