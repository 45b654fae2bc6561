// The commands run in-process on the demo: argument mapping, verdicts and exit statuses, bad usage.
// (bin/rolecall.e2e.test.ts runs the built command as a user does and compares with the HTTP API.)

import { describe, expect, it, vi } from "vitest";
import { main } from "../main";
import { testContext } from "../testing/context";
import { checkBody } from "./check";
import { diagnoseBody } from "./diagnose";
import { sessionsQuery } from "./sessions";

// each test starts processes (or loads a source): on a busy machine that takes seconds
vi.setConfig({ testTimeout: 60_000 });

// the services read the process's environment, as in a real run (where ctx.env is process.env)
process.env.ROLECALL_SOURCE = "demo";

const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;

async function run(argv: string[]) {
  const ctx = testContext(process.env);
  const code = await main(argv, ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

describe("diagnose: flags → the POST /api/diagnose body", () => {
  it("maps every flag to its field; a field not given is left out", () => {
    const { body } = diagnoseBody([
      "--principal", dev("user/alice"), "--role", "power-user", "--duration-seconds", "7200", "--role-session-name", "alice",
      "--external-id", "x-1", "--source-identity", "alice", "--tag", "team=web", "--tag", "env=dev", "--transitive-tag-key", "team",
      "--source-ip", "203.0.113.7", "--source-vpce", "vpce-0a1b2c3d4e5f67890", "--context", "aws:PrincipalOrgID=o-abc", "--mfa",
    ]);
    expect(body).toEqual({
      principal: dev("user/alice"), role: "power-user", durationSeconds: 7200, roleSessionName: "alice", externalId: "x-1", sourceIdentity: "alice",
      tags: { team: "web", env: "dev" }, transitiveTagKeys: ["team"], mfa: true, sourceIp: "203.0.113.7", sourceVpce: "vpce-0a1b2c3d4e5f67890",
      context: { "aws:PrincipalOrgID": "o-abc" },
    });
    expect(diagnoseBody(["--role", "r"]).body).toEqual({ role: "r" });
  });
  it("--mfa is true, --no-mfa false, neither leaves it out (API.md)", () => {
    expect(diagnoseBody(["--role", "r", "--no-mfa"]).body.mfa).toBe(false);
    expect("mfa" in diagnoseBody(["--role", "r"]).body).toBe(false);
    expect(() => diagnoseBody(["--role", "r", "--mfa", "--no-mfa"])).toThrow(/not both/);
  });
  it("a context key given twice is a list", () => {
    expect(diagnoseBody(["--role", "r", "--context", "aws:TagKeys=a", "--context", "aws:TagKeys=b"]).body.context).toEqual({ "aws:TagKeys": ["a", "b"] });
  });
  it("--expect and --fix take only their words", () => {
    expect(diagnoseBody(["--role", "r", "--expect", "denied", "--fix", "terraform"])).toMatchObject({ expect: "denied", fix: "terraform" });
    expect(() => diagnoseBody(["--role", "r", "--expect", "deny"])).toThrow('rolecall diagnose: --expect must be allowed, denied or unknown, got "deny"');
    expect(() => diagnoseBody(["--role", "r", "--fix", "pulumi"])).toThrow(/--fix must be cli, terraform or cloudformation/);
  });
});

describe("diagnose on the demo: verdicts and exit statuses", () => {
  it("denied exits 1, allowed 0, unknown 3 (demo scenarios 2, 3, 26)", async () => {
    expect((await run(["diagnose", "--principal", dev("user/bob"), "--role", "orders-api-task"])).code).toBe(1);
    expect((await run(["diagnose", "--principal", dev("user/bob"), "--role", "orders-api-task-official"])).code).toBe(0);
    const unknown = await run(["diagnose", "--principal", "arn:aws:iam::999988887777:role/rc-audit-runner", "--role", "arn:aws:iam::111111111111:role/partner-audit", "--external-id", "rc-7f3a9c21"]);
    expect(unknown.code).toBe(3);
    expect(unknown.out).toMatch(/^UNKNOWN /);
  });
  it("--expect exits 0 exactly when the verdict is the expected one, else 1", async () => {
    const args = ["diagnose", "--principal", dev("user/alice"), "--role", "power-user"];
    expect((await run([...args, "--expect", "unknown"])).code).toBe(0);
    expect((await run([...args, "--expect", "allowed"])).code).toBe(1);
    expect((await run([...args, "--mfa", "--expect", "allowed"])).code).toBe(0);
    expect((await run([...args, "--no-mfa", "--expect", "allowed"])).code).toBe(1);
    expect((await run([...args, "--no-mfa", "--expect", "denied"])).code).toBe(0);
  });
  it("--json prints the diagnosis as JSON, nothing else", async () => {
    const r = await run(["diagnose", "--principal", dev("user/bob"), "--role", "orders-api-task", "--json"]);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ verdict: "denied", blockedBy: ["trust-policy"], errorCode: "AccessDenied" });
    expect(r.err).toBe("");
  });
});

describe("check on the demo", () => {
  it("maps its flags; either kind of deny exits 1", async () => {
    expect(checkBody(["--principal", "p", "--action", "s3:GetObject", "--resource", "*", "--context", "aws:SourceIp=1.2.3.4"]).body).toEqual({ principal: "p", action: "s3:GetObject", resource: "*", context: { "aws:SourceIp": "1.2.3.4" } });
    const explicit = await run(["check", "--principal", dev("user/eve"), "--action", "sts:AssumeRole", "--resource", dev("role/power-user")]);
    expect(explicit.code).toBe(1);
    expect(explicit.out).toMatch(/^DENIED \(explicit deny\)/);
    expect(explicit.out).toContain('"Sid":"DenyAssumeRoleDuringOffboarding"');
    const implicit = await run(["check", "--principal", dev("user/frank"), "--action", "iam:CreateUser", "--resource", "*", "--expect", "denied"]);
    expect(implicit.code).toBe(0);
  });
});

describe("sessions on the demo", () => {
  it("filters map to GET /api/sessions's query; --json and --csv exclude each other", () => {
    expect(sessionsQuery(["--role-session-name", "bob", "--access-key-id", "ASIAX", "--outcome", "failure"]).query).toEqual({ roleSessionName: "bob", accessKeyId: "ASIAX", outcome: "failure" });
    expect(() => sessionsQuery(["--json", "--csv"])).toThrow(/not both/);
    expect(() => sessionsQuery(["--outcome", "ok"])).toThrow(/--outcome must be success or failure/);
  });
  it("an empty answer is still an answer: exit 0", async () => {
    const r = await run(["sessions", "--role-session-name", "nobody-has-this-name"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("No role sessions match.\n");
    const j = await run(["sessions", "--role-session-name", "nobody-has-this-name", "--json"]);
    expect(JSON.parse(j.out)).toEqual({ sessions: [] });
  });
  it("--csv starts with the dashboard's CSV header", async () => {
    const r = await run(["sessions", "--csv", "--outcome", "failure"]);
    expect(r.out.split("\r\n")[0]).toBe("eventTime,outcome,roleArn,roleSessionName,caller,callerAccount,accessKeyId,label,sourceIp,userAgent,region,durationSeconds,expiration,sourceIdentity,errorCode,errorMessage,activityCount,activityFirst,activityLast,parentAccessKeyId,eventId");
  });
});

describe("bad usage: exit 2, one line on stderr naming the fix, never a stack trace", () => {
  const cases: [string[], RegExp][] = [
    [["diagnose", "--principal", dev("user/bob")], /--role \(the role's ARN or name\) is required/],
    [["diagnose", "--role", "r", "--principal", dev("user/bob"), "--duration-seconds", "abc"], /--duration-seconds must be a whole number, got "abc"/],
    [["diagnose", "--role", "r", "--bogus"], /unknown option --bogus/],
    [["diagnose", "--role", "r", "--principal", dev("user/bob"), "--source-ip", "1.2.3"], /--source-ip: expected an IPv4 or IPv6 address/],
    [["diagnose", "--role", "r"], /--principal: required with the demo and snapshot sources/],
    [["check", "--principal", dev("user/bob"), "--action", "s3:*", "--resource", "*"], /--action: expected an action such as "sts:AssumeRole"/],
    [["sessions", "--from", "yesterday"], /--from: expected an ISO 8601 time/],
    [["simulate", "orders-api-task"], /--base-role is required/],
    [["simulate", "orders-api-task", "--base-role", "power-user"], /2 roles are named orders-api-task/],
    [["simulate", dev("role/ecs/orders-api-task"), "--base-role", "power-user", "--json", "--", "true"], /--json prints the plan; it does not go with -- COMMAND/],
    [["exec", dev("role/power-user")], /give the command to run after --/],
    [["exec", "--", "true"], /ROLE \(the role's ARN or name\) is required/],
    [["exec", dev("role/power-user"), "--duration-seconds", "abc", "--", "true"], /--duration-seconds must be a whole number/],
    [["env", dev("role/power-user"), "--role-session-name", "has space"], /--role-session-name must be/],
    [["credential-process", dev("role/power-user"), "extra"], /unexpected argument "extra"/],
    [["nope"], /unknown command "nope"/],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(" "), async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe("");
    });
  }
});

describe("--help documents every flag with an example", () => {
  it("each command's help names each of its options and has an example", async () => {
    const { COMMANDS } = await import("./index");
    for (const c of COMMANDS) {
      const r = await run([c.name, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/example/);
      expect(r.out).toContain(`rolecall ${c.name}`);
    }
    const flagsOf = async (name: string) => (await run([name, "--help"])).out;
    for (const f of ["--principal", "--role", "--duration-seconds", "--role-session-name", "--external-id", "--source-identity", "--tag", "--transitive-tag-key", "--mfa", "--no-mfa", "--source-ip", "--source-vpce", "--context", "--fix", "--json", "--expect"]) {
      expect(await flagsOf("diagnose")).toContain(f);
    }
    for (const f of ["--duration-seconds", "--role-session-name", "--external-id", "--serial-number", "--token-code", "--source-identity", "--profile"]) {
      for (const c of ["exec", "env", "credential-process", "simulate"]) expect(await flagsOf(c)).toContain(f);
    }
    for (const f of ["--role-session-name", "--role", "--principal", "--access-key-id", "--outcome", "--from", "--to", "--json", "--csv"]) expect(await flagsOf("sessions")).toContain(f);
  });
});
