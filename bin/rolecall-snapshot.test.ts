// The built rolecall command on a snapshot directory, run from another directory with a relative
// --snapshot path (as a user in their own project does), compared with what the HTTP API answers
// on the same snapshot (ROLECALL_SNAPSHOT_DIR, the route handlers).

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROOT } from "./build.mjs";
import { built, cleanEnv, rolecall } from "./testing/spawn";

// each test starts processes (or loads a source): on a busy machine that takes seconds
vi.setConfig({ testTimeout: 60_000 });

// A snapshot of two of the demo's accounts (prod left out), its IAM file gzipped, with the trail files.
const work = mkdtempSync(path.join(tmpdir(), "rolecall-cli-snapshot-"));
const snap = path.join(work, "snap");
const demo = path.join(ROOT, "data", "demo");
cpSync(path.join(demo, "shared"), path.join(snap, "shared"), { recursive: true });
cpSync(path.join(demo, "cloudtrail"), path.join(snap, "trail"), { recursive: true });
cpSync(path.join(demo, "organization.json"), path.join(snap, "organization.json"));
cpSync(path.join(demo, "dev", "roles.json"), path.join(snap, "dev", "roles.json"), { recursive: true });
writeFileSync(path.join(snap, "dev", "iam.json.gz"), gzipSync(readFileSync(path.join(demo, "dev", "iam.json"))));

process.env.ROLECALL_SNAPSHOT_DIR = snap;
delete process.env.ROLECALL_SOURCE;

const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;
const post = (body: unknown) => new Request("http://127.0.0.1:3000/api/diagnose", { method: "POST", headers: { "content-type": "application/json", host: "127.0.0.1:3000" }, body: JSON.stringify(body) });

beforeAll(built, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) => rolecall([...args, "--snapshot", "./snap"], { cwd: work, env: cleanEnv() });

describe("rolecall diagnose --snapshot DIR --json is POST /api/diagnose's answer on that snapshot", () => {
  const cases: [Record<string, unknown>, string[], number][] = [
    [{ principal: dev("user/contractors/dana"), role: "orders-api-task" }, [], 1],
    [{ principal: dev("user/service/ci-deployer"), role: "arn:aws:iam::222222222222:role/shared-deploy" }, [], 0],
    // prod is not in this snapshot: what it would decide is not known, never "allowed"
    [{ principal: dev("user/carol"), role: "arn:aws:iam::333333333333:role/prod-readonly", mfa: true }, ["--mfa"], 3],
  ];
  for (const [body, extra, exit] of cases) {
    it(`${body.principal} → ${body.role}: exit ${exit}`, async () => {
      const { POST } = await import("@/app/api/diagnose/route");
      const [r, http] = await Promise.all([cli(["diagnose", "--principal", String(body.principal), "--role", String(body.role), ...extra, "--json"]), POST(post(body))]);
      expect(r.stderr).toBe("");
      const j = await http.json();
      expect(JSON.parse(r.stdout)).toEqual(j);
      expect(r.code).toBe(exit);
      expect((j as { verdict: string }).verdict).toBe(["allowed", "denied", "", "unknown"][exit]);
    });
  }
  it("the text answer reads the same snapshot: the trust policy's statement, the STS error", async () => {
    const r = await cli(["diagnose", "--principal", dev("user/contractors/dana"), "--role", "orders-api-task"]);
    expect(r.stdout).toContain("✗ trust-policy");
    expect(r.stdout).toContain('"Principal":{"Service":"ecs-tasks.amazonaws.com"}');
    expect(r.stdout).toContain(`User: ${dev("user/contractors/dana")} is not authorized to perform: sts:AssumeRole`);
  });
  it("sessions come from the snapshot's trail files", async () => {
    const { GET } = await import("@/app/api/sessions/route");
    const [r, http] = await Promise.all([cli(["sessions", "--json", "--outcome", "failure"]), GET(new Request("http://127.0.0.1:3000/api/sessions?outcome=failure&limit=1000"), { params: Promise.resolve({}) })]);
    const j = (await http.json()) as { sessions: unknown[]; nextToken: string | null };
    expect(j.nextToken).toBeNull();
    expect(j.sessions.length).toBeGreaterThan(0);
    expect(JSON.parse(r.stdout)).toEqual({ sessions: j.sessions });
  });
  it("--snapshot naming no directory is bad usage; ROLECALL_SNAPSHOT_DIR's problems are said on stderr", async () => {
    const r = await rolecall(["diagnose", "--principal", dev("user/bob"), "--role", "x", "--snapshot", "./nowhere"], { cwd: work, env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("rolecall: --snapshot ./nowhere: no such directory (a directory of IAM and CloudTrail JSON files)\n");
    const broken = path.join(work, "broken");
    mkdirSync(broken);
    writeFileSync(path.join(broken, "broken.json"), "{not json");
    const bad = await rolecall(["diagnose", "--principal", dev("user/bob"), "--role", "x"], { cwd: work, env: cleanEnv({ ROLECALL_SNAPSHOT_DIR: broken }) });
    expect(bad.stderr).toMatch(/^rolecall diagnose: broken\.json: not readable as JSON/m);
    expect(bad.stdout).toMatch(/^UNKNOWN /);
  });
});
