// The built rolecall command, run as a user runs it, on the demo: its --json is what a client of the
// HTTP API gets for the same question (the route handlers answer the same request here).

import { beforeAll, describe, expect, it, vi } from "vitest";
import { built, cleanEnv, rolecall } from "./testing/spawn";

// each test starts processes (or loads a source): on a busy machine that takes seconds
vi.setConfig({ testTimeout: 60_000 });

process.env.ROLECALL_SOURCE = "demo";

const BASE = "http://127.0.0.1:3000";
const post = (body: unknown) => new Request(`${BASE}/api/x`, { method: "POST", headers: { "content-type": "application/json", host: "127.0.0.1:3000" }, body: JSON.stringify(body) });
const get = (path: string) => new Request(`${BASE}${path}`, { headers: { host: "127.0.0.1:3000" } });
const noParams = { params: Promise.resolve({}) };
const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;

beforeAll(built, 120_000);

async function api(route: "diagnose" | "check" | "simulate-role", body: unknown): Promise<{ status: number; json: unknown }> {
  const mod = route === "diagnose" ? await import("@/app/api/diagnose/route") : route === "check" ? await import("@/app/api/check/route") : await import("@/app/api/simulate-role/route");
  const r = await mod.POST(post(body));
  return { status: r.status, json: await r.json() };
}

const DIAGNOSES: [string[], Record<string, unknown>, number][] = [
  [["--principal", dev("user/contractors/dana"), "--role", "orders-api-task"], { principal: dev("user/contractors/dana"), role: "orders-api-task" }, 1],
  [["--principal", dev("user/bob"), "--role", "orders-api-task-official"], { principal: dev("user/bob"), role: "orders-api-task-official" }, 0],
  [["--principal", dev("user/bob"), "--role", "orders-api-task-official", "--tag", "team=web"], { principal: dev("user/bob"), role: "orders-api-task-official", tags: { team: "web" } }, 1],
  [["--principal", dev("user/alice"), "--role", "power-user", "--mfa", "--duration-seconds", "21600"], { principal: dev("user/alice"), role: "power-user", mfa: true, durationSeconds: 21600 }, 1],
  [["--principal", dev("user/alice"), "--role", "power-user", "--no-mfa"], { principal: dev("user/alice"), role: "power-user", mfa: false }, 1],
  [["--principal", dev("user/alice"), "--role", "power-user"], { principal: dev("user/alice"), role: "power-user" }, 3],
  [["--principal", "ecs-tasks.amazonaws.com", "--role", dev("role/ecs/orders-api-task"), "--context", "aws:SourceAccount=111111111111"], { principal: "ecs-tasks.amazonaws.com", role: dev("role/ecs/orders-api-task"), context: { "aws:SourceAccount": "111111111111" } }, 0],
  [["--principal", "arn:aws:iam::999988887777:role/rc-audit-runner", "--role", "arn:aws:iam::111111111111:role/partner-audit", "--external-id", "rc-7f3a9c2"], { principal: "arn:aws:iam::999988887777:role/rc-audit-runner", role: "arn:aws:iam::111111111111:role/partner-audit", externalId: "rc-7f3a9c2" }, 1],
  [["--principal", dev("user/carol"), "--role", "arn:aws:iam::333333333333:role/prod-readonly", "--mfa", "--duration-seconds", "7200"], { principal: dev("user/carol"), role: "arn:aws:iam::333333333333:role/prod-readonly", mfa: true, durationSeconds: 7200 }, 3],
];

describe("rolecall diagnose --demo --json is POST /api/diagnose's answer", () => {
  for (const [flags, body, exit] of DIAGNOSES) {
    it(`${flags.join(" ")} → exit ${exit}`, async () => {
      const [cli, http] = await Promise.all([rolecall(["diagnose", "--demo", ...flags, "--json"]), api("diagnose", body)]);
      expect(http.status).toBe(200);
      expect(cli.stderr).toBe("");
      expect(JSON.parse(cli.stdout)).toEqual(http.json);
      expect(cli.code).toBe(exit);
    });
  }
  it("--expect in a pipeline: 0 when the verdict is the expected one, else 1", async () => {
    const args = ["diagnose", "--demo", "--principal", dev("user/bob"), "--role", "orders-api-task"];
    expect((await rolecall([...args, "--expect", "denied"])).code).toBe(0);
    expect((await rolecall([...args, "--expect", "allowed"])).code).toBe(1);
  });
});

describe("rolecall check --demo --json is POST /api/check's answer", () => {
  const cases: [Record<string, string>, number][] = [
    [{ principal: dev("user/eve"), action: "sts:AssumeRole", resource: dev("role/power-user") }, 1],
    [{ principal: dev("user/bob"), action: "s3:GetObject", resource: "arn:aws:s3:::rc-orders-dev/report.csv" }, -1],
    [{ principal: dev("user/carol"), action: "iam:CreateUser", resource: "*" }, -1],
  ];
  for (const [body, exit] of cases) {
    it(`${body.principal} ${body.action} ${body.resource}`, async () => {
      const [cli, http] = await Promise.all([rolecall(["check", "--demo", "--principal", body.principal!, "--action", body.action!, "--resource", body.resource!, "--json"]), api("check", body)]);
      expect(JSON.parse(cli.stdout)).toEqual(http.json);
      const j = http.json as { decision: string; dependsOn: string[] };
      const verdictExit = j.dependsOn.length ? 3 : j.decision === "allowed" ? 0 : 1;
      expect(cli.code).toBe(exit < 0 ? verdictExit : exit);
    });
  }
});

describe("rolecall simulate --demo --json is POST /api/simulate-role's answer", () => {
  it("the plan, the caveats and the commands", async () => {
    const body = { role: dev("role/ecs/orders-api-task"), baseRole: "power-user" };
    const [cli, http] = await Promise.all([rolecall(["simulate", body.role, "--base-role", body.baseRole, "--demo", "--json"]), api("simulate-role", body)]);
    expect(http.status).toBe(200);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(http.json);
  });
});

describe("rolecall sessions --demo: every page of GET /api/sessions, and its CSV export", () => {
  async function allPages(query: string): Promise<unknown[]> {
    const { GET } = await import("@/app/api/sessions/route");
    const out: unknown[] = [];
    let token: string | null = null;
    do {
      const r = await GET(get(`/api/sessions?${query}&limit=7${token ? `&nextToken=${encodeURIComponent(token)}` : ""}`), noParams);
      const j = (await r.json()) as { sessions: unknown[]; nextToken: string | null };
      out.push(...j.sessions);
      token = j.nextToken;
    } while (token);
    return out;
  }
  it("--json is {sessions: [...]}, every page merged (the API in pages of 7)", async () => {
    const [cli, sessions] = await Promise.all([rolecall(["sessions", "--demo", "--json"]), allPages("outcome=success")]);
    const all = await allPages("");
    expect(all.length).toBeGreaterThan(7);
    expect(JSON.parse(cli.stdout)).toEqual({ sessions: all });
    const success = await rolecall(["sessions", "--demo", "--outcome", "success", "--json"]);
    expect(JSON.parse(success.stdout)).toEqual({ sessions });
    expect(cli.code).toBe(0);
  });
  it("--csv is the dashboard's CSV export, byte for byte", async () => {
    const { GET } = await import("@/app/api/sessions/route");
    const [cli, http] = await Promise.all([rolecall(["sessions", "--demo", "--csv", "--role", dev("role/power-user")]), GET(get(`/api/sessions?format=csv&role=${encodeURIComponent(dev("role/power-user"))}`), noParams)]);
    expect(http.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await http.text();
    expect(text.split("\r\n").length).toBeGreaterThan(2);
    expect(cli.stdout).toBe(text);
  });
});

describe("the bin entry", () => {
  it("npx rolecall runs the command in the checkout", async () => {
    const r = await rolecall(["diagnose", "--demo", "--principal", dev("user/bob"), "--role", "orders-api-task", "--expect", "denied"], { command: ["npx", "--no-install", "rolecall"], env: cleanEnv() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`DENIED  ${dev("user/bob")} → sts:AssumeRole → ${dev("role/ecs/orders-api-task")}`);
  });
  it("bad usage: exit 2 and one line, from the built command too", async () => {
    for (const args of [["diagnose", "--demo", "--principal", dev("user/bob"), "--role", "x", "--duration-seconds", "abc"], ["diagnose", "--demo", "--principal", dev("user/bob")], ["frobnicate"], ["check", "--demo", "--bogus"]]) {
      const r = await rolecall(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
  });
  it("colour only on a TTY: piped output has no escape codes, even with FORCE_COLOR", async () => {
    const r = await rolecall(["diagnose", "--demo", "--principal", dev("user/bob"), "--role", "orders-api-task"], { env: cleanEnv({ FORCE_COLOR: "1", TERM: "xterm-256color" }) });
    expect(r.stdout).toContain("✗ trust-policy");
    expect(r.stdout).not.toContain("\u001b[");
  });
});
