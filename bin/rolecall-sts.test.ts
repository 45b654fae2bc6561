// The built rolecall command making real STS calls — the AWS SDK v3 against moto (a real AWS
// emulator), with a local stand-in for STS in front of it (AWS_ENDPOINT_URL_STS) that refuses one
// role with STS's real AccessDenied and records what reached STS. COMMAND is `node -e` calling
// GetCallerIdentity with the credentials in its environment, so it shows which session it got.
//
// moto is preinstalled on this project's machines (toolchain.md); without it these tests are
// skipped with a message, except in CI, where they fail.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { motoRequired, startMoto } from "@/lib/testing/moto";
import { StsStandIn } from "@/lib/testing/sts-stand-in";
import { BIN, built, cleanEnv, rolecall, type Run } from "./testing/spawn";

// each test starts processes (or loads a source): on a busy machine that takes seconds
vi.setConfig({ testTimeout: 60_000 });

// the test's own SDK clients (the command quiets the SDK's Node-version warning itself)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const run = motoRequired();
const ACCOUNT = "123456789012";
const arn = (x: string) => `arn:aws:iam::${ACCOUNT}:${x}`;
const ALICE = arn("user/alice");
const DEPLOY = arn("role/deploy");
const LOCKED = arn("role/locked");
const doc = (Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const trusts = (principal: object) => doc([{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }]);

const STS_MODULE = createRequire(import.meta.url).resolve("@aws-sdk/client-sts");
/** COMMAND: who am I, with the credentials in my environment? Prints it and exits 7. */
const WHOAMI = `const sdkQuiet = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED" in process.env;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(STS_MODULE)});
new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => {
  const e = process.env;
  console.log(JSON.stringify({ arn: r.Arn, expiration: e.AWS_CREDENTIAL_EXPIRATION, profile: e.AWS_PROFILE ?? null, key: e.AWS_ACCESS_KEY_ID, secret: e.AWS_SECRET_ACCESS_KEY, token: e.AWS_SESSION_TOKEN, sdkQuiet }));
  process.exit(7);
}, (err) => { console.error("whoami failed: " + err.name); process.exit(99); });`;

let moto: Awaited<ReturnType<typeof startMoto>> | undefined;
let sts: StsStandIn | undefined;
let work = "";
let env: NodeJS.ProcessEnv = {} as NodeJS.ProcessEnv;
let alice = { id: "", secret: "" };
/** every stderr of every run, and every credential any run printed or handed to COMMAND */
const stderrs: string[] = [];
const secrets = new Set<string>();

async function cli(args: string[], o: { env?: NodeJS.ProcessEnv; command?: string[] } = {}): Promise<Run> {
  const r = await rolecall(args, { env: o.env ?? env, cwd: work, command: o.command });
  stderrs.push(r.stderr);
  return r;
}

function whoami(r: Run): { arn: string; expiration: string; profile: string | null; key: string; secret: string; token: string; sdkQuiet: boolean } {
  const line = r.stdout.trim().split("\n").pop()!;
  const j = JSON.parse(line);
  for (const s of [j.secret, j.token]) if (s) secrets.add(s);
  return j;
}

const assumeCalls = () => (sts?.calls ?? []).filter((c) => c.action === "AssumeRole");

beforeAll(async () => {
  if (!run) return;
  await built();
  moto = await startMoto();
  sts = new StsStandIn({ upstream: moto.url, refuse: { [LOCKED]: ALICE } });
  await sts.start();
  const iam = new IAMClient({ endpoint: moto.url, region: "us-east-1", credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }, maxAttempts: 1 });
  await iam.send(new CreateUserCommand({ UserName: "alice" }));
  await iam.send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "assume", PolicyDocument: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }]) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "alice" }))).AccessKey!;
  alice = { id: key.AccessKeyId!, secret: key.SecretAccessKey! };
  await iam.send(new CreateRoleCommand({ RoleName: "deploy", AssumeRolePolicyDocument: trusts({ AWS: ALICE }), MaxSessionDuration: 7200 }));
  // only ECS may assume it: STS refuses alice (the stand-in answers as STS does), RoleCall says why
  await iam.send(new CreateRoleCommand({ RoleName: "locked", AssumeRolePolicyDocument: trusts({ Service: "ecs-tasks.amazonaws.com" }) }));
  // iam-sudo: a task role only ECS may assume, simulated on a base role alice may assume
  await iam.send(new CreateRoleCommand({ RoleName: "orders-task", Path: "/ecs/", AssumeRolePolicyDocument: trusts({ Service: "ecs-tasks.amazonaws.com" }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "orders-task", PolicyName: "orders", PolicyDocument: doc([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::orders-artifacts/*" }]) }));
  const tables = await iam.send(new CreatePolicyCommand({ PolicyName: "orders-tables", PolicyDocument: doc([{ Effect: "Allow", Action: "dynamodb:Query", Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders` }]) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "orders-task", PolicyArn: tables.Policy!.Arn! }));
  await iam.send(new CreateRoleCommand({ RoleName: "power-user", AssumeRolePolicyDocument: trusts({ AWS: ALICE }), MaxSessionDuration: 14400 }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "power-user", PolicyName: "power", PolicyDocument: doc([{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }]) }));
  iam.destroy();

  work = mkdtempSync(path.join(tmpdir(), "rolecall-cli-sts-"));
  mkdirSync(path.join(work, "home"));
  env = cleanEnv({
    HOME: path.join(work, "home"),
    AWS_ACCESS_KEY_ID: alice.id,
    AWS_SECRET_ACCESS_KEY: alice.secret,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: moto.url,
    AWS_ENDPOINT_URL_STS: sts.url,
    ROLECALL_SOURCE: "aws",
    ROLECALL_AUDIT_LOG: path.join(work, "audit.log"),
  });
  secrets.add(alice.secret);
}, 120_000);

afterAll(async () => {
  await sts?.stop();
  const child = moto?.child;
  if (child && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.runIf(run)("rolecall exec (awsudo) against moto", () => {
  it("COMMAND runs as the role session named after the caller; its exit status passes through; --duration-seconds reaches STS", async () => {
    const before = assumeCalls().length;
    const t0 = Date.now();
    const r = await cli(["exec", DEPLOY, "--duration-seconds", "1800", "--", "node", "-e", WHOAMI]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(7);
    const me = whoami(r);
    expect(me.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/alice`);
    expect(me.key).toMatch(/^ASIA/);
    expect(me.key).not.toBe(alice.id);
    expect(me.profile).toBeNull();
    // COMMAND starts from the environment rolecall was started with, plus the session
    expect(me.sdkQuiet).toBe(false);
    // moto honours DurationSeconds in the expiry
    const left = (Date.parse(me.expiration) - t0) / 1000;
    expect(left).toBeGreaterThan(1800 - 120);
    expect(left).toBeLessThan(1800 + 120);
    const call = assumeCalls()[before]!;
    expect(call.params).toMatchObject({ RoleArn: DEPLOY, RoleSessionName: "alice", DurationSeconds: "1800" });
  });
  it("with AWS_PROFILE: the caller's credentials come from the profile, COMMAND gets the keys and no AWS_PROFILE", async () => {
    writeFileSync(path.join(work, "credentials"), `[base]\naws_access_key_id = ${alice.id}\naws_secret_access_key = ${alice.secret}\n`);
    writeFileSync(path.join(work, "config"), "[profile base]\nregion = us-east-1\n");
    const profileEnv = { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: "base", AWS_SHARED_CREDENTIALS_FILE: path.join(work, "credentials"), AWS_CONFIG_FILE: path.join(work, "config") } as NodeJS.ProcessEnv;
    const r = await cli(["exec", DEPLOY, "--", "node", "-e", WHOAMI], { env: profileEnv });
    expect(r.code).toBe(7);
    const me = whoami(r);
    expect(me.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/alice`);
    expect(me.profile).toBeNull();
  });
  it("a role name is looked up (iam:GetRole) in the caller's account; session parameters reach STS", async () => {
    const before = assumeCalls().length;
    const r = await cli(["exec", "deploy", "--role-session-name", "alice-debug", "--external-id", "ext-42", "--source-identity", "alice", "--serial-number", arn("mfa/alice"), "--token-code", "123456", "--", "node", "-e", WHOAMI]);
    expect(r.code).toBe(7);
    expect(whoami(r).arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/alice-debug`);
    expect(assumeCalls()[before]!.params).toMatchObject({ RoleArn: DEPLOY, RoleSessionName: "alice-debug", ExternalId: "ext-42", SourceIdentity: "alice", SerialNumber: arn("mfa/alice"), TokenCode: "123456" });
  });
  it("signals sent to rolecall reach COMMAND, and COMMAND's status is rolecall's", async () => {
    const child = spawn(process.execPath, [BIN, "exec", DEPLOY, "--", "node", "-e", "process.on('SIGTERM', () => process.exit(42)); console.log('ready'); setInterval(() => {}, 1000)"], { env, cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d));
    await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
    stderrs.push(err);
    expect(code).toBe(42);
  }, 30_000);
  it("when STS refuses: STS's error, then RoleCall's diagnosis of that caller and role, exit 1, COMMAND not run", async () => {
    const marker = path.join(work, "ran");
    const r = await cli(["exec", LOCKED, "--", "node", "-e", `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran")`]);
    expect(r.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n");
    expect(lines[0]).toBe(`rolecall exec: STS refused: An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${LOCKED}`);
    expect(r.stderr).toContain(`RoleCall's diagnosis (${ALICE} → ${LOCKED}, from the configured source):`);
    expect(r.stderr).toContain(`DENIED  ${ALICE} → sts:AssumeRole → ${LOCKED}`);
    expect(r.stderr).toMatch(/✗ trust-policy .*ecs-tasks\.amazonaws\.com/);
    expect(r.stderr).toContain("aws iam update-assume-role-policy --role-name locked");
  });
  it("no credentials: one line that says what to set, exit 1", async () => {
    const r = await cli(["exec", DEPLOY, "--", "true"], { env: { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } as NodeJS.ProcessEnv });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/no AWS credentials to call GetCallerIdentity with/);
  });
  it("--serial-number without --token-code on a terminal: the code is asked for (on stderr) and sent", async () => {
    const { PassThrough } = await import("node:stream");
    const { main } = await import("./main");
    const { testContext } = await import("./testing/context");
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const stdin = new PassThrough();
      const ctx = testContext(process.env, { stdin, stdinIsTTY: true });
      ctx.stderr.on("data", (d: Buffer) => d.toString().includes("MFA code for") && stdin.write("654321\n"));
      const before = assumeCalls().length;
      expect(await main(["exec", DEPLOY, "--serial-number", arn("mfa/alice"), "--", "true"], ctx)).toBe(0);
      expect(ctx.err()).toContain(`MFA code for ${arn("mfa/alice")}: `);
      expect(assumeCalls()[before]!.params).toMatchObject({ SerialNumber: arn("mfa/alice"), TokenCode: "654321" });
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
  it("--serial-number without --token-code and no terminal: bad usage before any call", async () => {
    const before = sts!.calls.length;
    const r = await cli(["exec", DEPLOY, "--serial-number", arn("mfa/alice"), "--", "true"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(sts!.calls.length).toBe(before);
  });
});

describe.runIf(run)("rolecall env and credential-process against moto", () => {
  it("eval \"$(rolecall env ROLE)\" gives the shell the session, without AWS_PROFILE", async () => {
    const r = await cli(["-c", `eval "$("${process.execPath}" "${BIN}" env ${DEPLOY})" && exec node -e '${WHOAMI.replace(/'/g, `'\\''`)}'`], { command: ["sh"], env: { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: "base", AWS_SHARED_CREDENTIALS_FILE: path.join(work, "credentials"), AWS_CONFIG_FILE: path.join(work, "config") } as NodeJS.ProcessEnv });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(7);
    const me = whoami(r);
    expect(me.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/alice`);
    expect(me.profile).toBeNull();
  });
  it("env prints unset AWS_PROFILE and four exports; nothing on stderr", async () => {
    const r = await cli(["env", DEPLOY]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("unset AWS_PROFILE");
    expect(lines.slice(1).map((l) => l.split("=")[0])).toEqual(["export AWS_ACCESS_KEY_ID", "export AWS_SECRET_ACCESS_KEY", "export AWS_SESSION_TOKEN", "export AWS_CREDENTIAL_EXPIRATION"]);
    for (const l of lines.slice(2, 4)) secrets.add(l.slice(l.indexOf("=") + 2, -1));
  });
  it("credential-process prints Version 1 JSON; an AWS config profile that runs it gives the SDK the role session", async () => {
    const t0 = Date.now();
    const r = await cli(["credential-process", DEPLOY, "--duration-seconds", "900"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"]);
    expect(j.Version).toBe(1);
    expect(Math.abs(Date.parse(j.Expiration) - t0 - 900_000)).toBeLessThan(120_000);
    secrets.add(j.SecretAccessKey).add(j.SessionToken);

    writeFileSync(path.join(work, "config"), `[profile base]\nregion = us-east-1\n\n[profile deploy]\nregion = us-east-1\ncredential_process = "${process.execPath}" "${BIN}" credential-process ${DEPLOY} --profile base\n`);
    const profileEnv = { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: "deploy", AWS_SHARED_CREDENTIALS_FILE: path.join(work, "credentials"), AWS_CONFIG_FILE: path.join(work, "config") } as NodeJS.ProcessEnv;
    const sdk = await cli(["-e", WHOAMI], { command: [process.execPath], env: profileEnv });
    expect(sdk.code).toBe(7);
    expect(whoami(sdk).arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/alice`);
  });
  it("a profile whose credential_process runs rolecall with that same profile fails fast instead of starting itself forever", async () => {
    writeFileSync(path.join(work, "config"), `[profile loop]\nregion = us-east-1\ncredential_process = "${process.execPath}" "${BIN}" credential-process ${DEPLOY}\n`);
    const loopEnv = { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: "loop", AWS_CONFIG_FILE: path.join(work, "config") } as NodeJS.ProcessEnv;
    const r = await cli(["credential-process", DEPLOY], { env: loopEnv });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("rolecall: the profile loop (AWS_PROFILE) gets its credentials from rolecall credential-process, so it cannot be the one rolecall calls AssumeRole with: give your own profile with --profile NAME\n");
  });
});

describe.runIf(run)("rolecall simulate -- COMMAND (iam-sudo) against moto", () => {
  it("the caveats first, then COMMAND on the base role restricted by the session policies, as a session named after the caller", async () => {
    const before = assumeCalls().length;
    const r = await cli(["simulate", "orders-task", "--base-role", "power-user", "--", "node", "-e", `console.error("child started"); ${WHOAMI}`]);
    expect(r.code).toBe(7);
    const me = whoami(r);
    expect(me.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/power-user/rc-alice-orders-task`);
    const caveats = r.stderr.indexOf("What differs from the real role:");
    expect(r.stderr.startsWith(`rolecall simulate: running node -e`)).toBe(true);
    expect(caveats).toBeGreaterThan(0);
    expect(r.stderr.indexOf("\nchild started\n")).toBeGreaterThan(caveats);
    expect(r.stderr).toMatch(/sessions of power-user|power-user's/);
    const call = assumeCalls()[before]!;
    expect(call.params.RoleArn).toBe(arn("role/power-user"));
    expect([JSON.parse(call.params.Policy!).Statement].flat()).toEqual([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::orders-artifacts/*" }]);
    expect(call.params["PolicyArns.member.1.arn"]).toBe(arn("policy/orders-tables"));
  });
  it("without -- COMMAND: the plan, as POST /api/simulate-role answers it", async () => {
    const r = await cli(["simulate", "orders-task", "--base-role", "power-user", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ role: arn("role/ecs/orders-task"), baseRole: arn("role/power-user"), policyArns: [arn("policy/orders-tables")] });
    expect(j.credentials).toBeUndefined();
  });
});

describe.runIf(run)("credentials go only to COMMAND's environment and to env's and credential-process's stdout", () => {
  it("no run printed a credential on stderr, and nothing was written: no audit log, no file", () => {
    expect(secrets.size).toBeGreaterThan(4);
    expect(stderrs.length).toBeGreaterThan(10);
    for (const e of stderrs) for (const s of secrets) expect(e.includes(s)).toBe(false);
    expect(existsSync(path.join(work, "audit.log"))).toBe(false);
    expect(readdirSync(work).sort()).toEqual(["config", "credentials", "home"]);
    expect(readdirSync(path.join(work, "home"))).toEqual([]);
  });
});
