// POST /api/simulate-role, minting included, against moto (a real STS emulator) through a proxy
// that records what the SDK sent.
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { motoRequired, startMoto } from "@/lib/testing/moto";

const ACCT = "123456789012"; // moto's default account for unknown keys
const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-sim-"));
const audit = path.join(dir, "audit.log");
const doc = (Statement: object[]) => ({ Version: "2012-10-17", Statement });
const baseTrust = doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: "sts:AssumeRole" }]);
writeFileSync(
  path.join(dir, "iam.json"),
  JSON.stringify({
    UserDetailList: [],
    GroupDetailList: [],
    Policies: [],
    RoleDetailList: [
      { Path: "/", RoleName: "base", RoleId: "AROAEXAMPLEBASE000001", Arn: `arn:aws:iam::${ACCT}:role/base`, AssumeRolePolicyDocument: baseTrust, RolePolicyList: [], AttachedManagedPolicies: [{ PolicyName: "PowerUserAccess", PolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }], InstanceProfileList: [] },
      {
        Path: "/ecs/",
        RoleName: "task",
        RoleId: "AROAEXAMPLETASK000001",
        Arn: `arn:aws:iam::${ACCT}:role/ecs/task`,
        AssumeRolePolicyDocument: doc([{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }]),
        RolePolicyList: [{ PolicyName: "data", PolicyDocument: doc([{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::bucket/*" }]) }],
        AttachedManagedPolicies: [{ PolicyName: "AmazonSQSReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess" }],
        InstanceProfileList: [],
      },
    ],
  }),
);
Object.assign(process.env, {
  ROLECALL_SOURCE: "snapshot",
  ROLECALL_SNAPSHOT_DIR: dir,
  ROLECALL_AUDIT_LOG: audit,
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_REGION: "us-east-1",
  AWS_EC2_METADATA_DISABLED: "true",
});

const run = motoRequired();
let moto: { child: ChildProcess; url: string } | undefined;
let proxy: http.Server | undefined;
const sent: URLSearchParams[] = [];
let route: typeof import("./simulate-role/route");

beforeAll(async () => {
  if (!run) return;
  moto = await startMoto();
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      sent.push(new URLSearchParams(body.toString()));
      const up = http.request(`${moto!.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 500, r.headers);
        r.pipe(res);
      });
      up.end(body);
    });
  });
  await new Promise<void>((r) => proxy!.listen(0, "127.0.0.1", r));
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  const iam = new IAMClient({ endpoint: moto.url, region: "us-east-1", maxAttempts: 1 });
  await iam.send(new CreateRoleCommand({ RoleName: "base", AssumeRolePolicyDocument: JSON.stringify(baseTrust) }));
  route = await import("./simulate-role/route");
}, 60_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  proxy?.close();
  moto?.child.kill();
});

const post = (body: unknown) => new Request("http://127.0.0.1:3000/api/simulate-role", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe.runIf(run)("POST /api/simulate-role", () => {
  it("builds the plan without minting, no-store", async () => {
    const r = await route.POST(post({ role: "task", baseRole: "base" }));
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("private, no-store");
    const j = await r.json();
    expect(j.sessionPolicy).toBe('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}');
    expect(j.policyArns).toEqual(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]);
    expect(j.minting).toEqual({ enabled: false, reason: expect.stringMatching(/ROLECALL_SIMULATE_BASE_ROLE/) });
    expect(j.credentials).toBeUndefined();
  });

  it("minting is off unless configured: 403 that says how to turn it on", async () => {
    const r = await route.POST(post({ role: "task", baseRole: "base", mint: true }));
    expect(r.status).toBe(403);
    expect((await r.json()).error).toMatchObject({ code: "minting_disabled", message: expect.stringMatching(/ROLECALL_SIMULATE_ALLOW/) });
  });

  it("minting without sign-in needs ROLECALL_SIMULATE_USERS to name local: 403 that says so, audited", async () => {
    process.env.ROLECALL_SIMULATE_BASE_ROLE = `arn:aws:iam::${ACCT}:role/base`;
    process.env.ROLECALL_SIMULATE_ALLOW = "ecs/*";
    delete process.env.ROLECALL_SIMULATE_USERS;
    const plan = await (await route.POST(post({ role: "task" }))).json();
    expect(plan.minting).toEqual({ enabled: false, reason: expect.stringMatching(/ROLECALL_SIMULATE_USERS to contain "local" or "\*"/) });
    const r = await route.POST(post({ role: "task", mint: true }));
    expect(r.status).toBe(403);
    expect((await r.json()).error).toMatchObject({ code: "forbidden", message: expect.stringMatching(/ROLECALL_SIMULATE_USERS/) });
    const last = JSON.parse(readFileSync(audit, "utf8").trim().split("\n").at(-1)!);
    expect(last).toMatchObject({ event: "mint-refused", user: null, role: `arn:aws:iam::${ACCT}:role/ecs/task`, reason: "user not in ROLECALL_SIMULATE_USERS" });
  });

  it("a signed-in user not in ROLECALL_SIMULATE_USERS is refused and audited; a listed one mints with their name in the session", async () => {
    const tokens = path.join(dir, "tokens");
    const hex = (t: string) => createHash("sha256").update(t).digest("hex");
    writeFileSync(tokens, `mallory:${hex("mallory-token-0123456789abcdef")}\nalice:${hex("alice-token-0123456789abcdef")}\n`);
    Object.assign(process.env, { ROLECALL_AUTH: "token", ROLECALL_TOKENS: tokens, ROLECALL_SIMULATE_USERS: "alice, *@example.com" });
    try {
      const as = (who: string, body: unknown) => route.POST(new Request("http://127.0.0.1:3000/api/simulate-role", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${who}-token-0123456789abcdef` }, body: JSON.stringify(body) }));
      const plan = await (await as("mallory", { role: "task" })).json();
      expect(plan.minting).toEqual({ enabled: false, reason: expect.stringMatching(/You \(mallory\) may not mint credentials: ROLECALL_SIMULATE_USERS does not list you/) });
      const refused = await as("mallory", { role: "task", mint: true });
      expect(refused.status).toBe(403);
      const body = await refused.json();
      expect(body.error.message).toMatch(/You \(mallory\) may not mint credentials/);
      expect(body.credentials).toBeUndefined();
      const refusal = JSON.parse(readFileSync(audit, "utf8").trim().split("\n").at(-1)!);
      expect(refusal).toMatchObject({ event: "mint-refused", user: "mallory", roleSessionName: "rc-mallory-task", reason: "user not in ROLECALL_SIMULATE_USERS" });

      sent.length = 0;
      const ok = await as("alice", { role: "task", mint: true });
      expect(ok.status, await ok.clone().text()).toBe(200);
      const j = await ok.json();
      expect(sent.find((p) => p.get("Action") === "AssumeRole")!.get("RoleSessionName")).toBe("rc-alice-task");
      const minted = JSON.parse(readFileSync(audit, "utf8").trim().split("\n").at(-1)!);
      expect(minted).toMatchObject({ event: "mint", user: "alice", roleSessionName: "rc-alice-task", accessKeyId: j.credentials.AccessKeyId });

      // no token, no plan and no credentials
      expect((await route.POST(post({ role: "task", mint: true }))).status).toBe(401);
    } finally {
      for (const k of ["ROLECALL_AUTH", "ROLECALL_TOKENS", "ROLECALL_SIMULATE_USERS"]) delete process.env[k];
    }
  });

  it("a role not in the allow-list: 403, audited", async () => {
    process.env.ROLECALL_SIMULATE_BASE_ROLE = `arn:aws:iam::${ACCT}:role/base`;
    process.env.ROLECALL_SIMULATE_USERS = "local";
    process.env.ROLECALL_SIMULATE_ALLOW = "dev-*,other";
    const r = await route.POST(post({ role: "task", mint: true }));
    expect(r.status).toBe(403);
    expect((await r.json()).error.message).toMatch(/not in ROLECALL_SIMULATE_ALLOW/);
    const lines = readFileSync(audit, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ event: "mint-refused", role: `arn:aws:iam::${ACCT}:role/ecs/task`, reason: "role not allow-listed" });
  });

  it("an allow-listed role: AssumeRole carried the session policies, the credentials work, the audit has no secret", async () => {
    process.env.ROLECALL_SIMULATE_ALLOW = "ecs/*";
    sent.length = 0;
    const r = await route.POST(post({ role: "task", mint: true }));
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("private, no-store");
    const j = await r.json();
    expect(j.credentials).toMatchObject({ AccessKeyId: expect.stringMatching(/^ASIA/), SecretAccessKey: expect.any(String), SessionToken: expect.any(String) });
    const call = sent.find((p) => p.get("Action") === "AssumeRole")!;
    expect(call.get("RoleArn")).toBe(`arn:aws:iam::${ACCT}:role/base`);
    expect(call.get("RoleSessionName")).toBe("rolecall-task");
    expect(call.get("Policy")).toBe(j.sessionPolicy);
    expect(call.get("PolicyArns.member.1.arn")).toBe("arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess");
    const sts = new STSClient({ endpoint: process.env.AWS_ENDPOINT_URL, region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId: j.credentials.AccessKeyId, secretAccessKey: j.credentials.SecretAccessKey, sessionToken: j.credentials.SessionToken } });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:sts::${ACCT}:assumed-role/base/rolecall-task`);
    const log = readFileSync(audit, "utf8");
    const last = JSON.parse(log.trim().split("\n").at(-1)!);
    expect(last).toMatchObject({ event: "mint", role: `arn:aws:iam::${ACCT}:role/ecs/task`, baseRole: `arn:aws:iam::${ACCT}:role/base`, roleSessionName: "rolecall-task", accessKeyId: j.credentials.AccessKeyId });
    expect(log).not.toContain(j.credentials.SecretAccessKey);
    expect(log).not.toContain(j.credentials.SessionToken);
  });

  it("an audit log that cannot be written: a refusal stays a 403, and no AssumeRole is made (issue 15 #9)", async () => {
    const saved = process.env.ROLECALL_AUDIT_LOG;
    process.env.ROLECALL_AUDIT_LOG = dir; // a directory: not writable as a file, even by root
    try {
      process.env.ROLECALL_SIMULATE_USERS = "nobody-listed";
      const refused = await route.POST(post({ role: "task", mint: true }));
      expect(refused.status).toBe(403);
      process.env.ROLECALL_SIMULATE_USERS = "local";
      process.env.ROLECALL_SIMULATE_ALLOW = "ecs/*";
      sent.length = 0;
      const r = await route.POST(post({ role: "task", mint: true }));
      expect(r.status).toBe(503);
      const body = await r.json();
      expect(body.error).toMatchObject({ code: "audit_unavailable", message: expect.stringMatching(/ROLECALL_AUDIT_LOG/) });
      expect(body.credentials).toBeUndefined();
      expect(sent.find((p) => p.get("Action") === "AssumeRole")).toBeUndefined();
    } finally {
      process.env.ROLECALL_AUDIT_LOG = saved;
      process.env.ROLECALL_SIMULATE_USERS = "local";
    }
  });

  it("minting only on the configured base role", async () => {
    const r = await route.POST(post({ role: "task", baseRole: "task", mint: true }));
    expect(r.status).toBe(403);
    expect((await r.json()).error.message).toMatch(/only on the configured base role/);
  });

  it("bad input is a 400 with a message", async () => {
    expect((await route.POST(post({ role: "task", baseRole: "base", mint: "yes" }))).status).toBe(400);
    expect((await route.POST(post({ role: "nope", baseRole: "base" }))).status).toBe(404);
    expect(existsSync(audit)).toBe(true);
  });
});
