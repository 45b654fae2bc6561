// The lookup mode against a local endpoint that speaks CloudTrail's JSON protocol, serving the demo's
// records the way Event history does (test-endpoint.ts).
import path from "node:path";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { listSessions } from "@/lib/api/sessions";
import { eventFilesOf, readEventFile } from "./files";
import { LookupSessionSource } from "./index";
import { LookupReader, planLookups } from "./lookup";
import type { CloudTrailRecord } from "./parse";
import { RateLimiter } from "./rate-limit";
import { CloudTrailEndpoint } from "./test-endpoint";

process.env.AWS_EC2_METADATA_DISABLED = "true";

let records: CloudTrailRecord[] = [];
beforeAll(async () => {
  for (const f of await eventFilesOf(path.join(process.cwd(), "data", "demo"))) for await (const batch of readEventFile(f)) records.push(...batch);
  records = records.filter((r, i, all) => all.findIndex((x) => x.eventID === r.eventID) === i);
});

const endpoints: CloudTrailEndpoint[] = [];
afterEach(async () => {
  while (endpoints.length) await endpoints.pop()!.stop();
});

const WINDOW = { from: "2026-11-16T00:00:00Z", to: "2026-11-22T00:00:00Z" };

async function setup(options: Partial<ConstructorParameters<typeof CloudTrailEndpoint>[0]> = {}, limiter = new RateLimiter({ windowMs: 100, marginMs: 20 })) {
  const endpoint = new CloudTrailEndpoint({ records, pageSize: 4, limit: { calls: 2, windowMs: 100 }, ...options });
  endpoints.push(endpoint);
  const url = await endpoint.start();
  const reader = new LookupReader({
    regions: ["us-east-1", "eu-west-1"],
    limiter,
    backoffMs: 20,
    clientFor: (region) => new CloudTrailClient({ region, endpoint: url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "dummy" }, maxAttempts: 1 }),
  });
  return { endpoint, source: new LookupSessionSource(reader), reader };
}

const summary = (s: { eventTime: string; roleArn: string | null; roleSessionName: string | null; caller: string; outcome: string; accessKeyId: string | null }) => [s.eventTime, s.roleArn, s.roleSessionName, s.caller, s.outcome, s.accessKeyId].join(" ");

describe("planLookups: one attribute, chosen by the filters", () => {
  it("asks only what the filters need", () => {
    expect(planLookups({})).toEqual([
      { key: "EventName", value: "AssumeRole" },
      { key: "EventName", value: "AssumeRoleWithWebIdentity" },
      { key: "EventName", value: "AssumeRoleWithSAML" },
    ]);
    expect(planLookups({ roleSessionName: "carol", role: "arn:aws:iam::111111111111:role/x" })).toEqual([{ key: "Username", value: "carol" }]);
    expect(planLookups({ accessKeyId: "ASIAC90AZ5QLJ3I9G81Q" }).map((a) => a.key)).toEqual(["ResourceName", "AccessKeyId"]);
    expect(planLookups({ principal: "arn:aws:iam::111111111111:user/contractors/dana" })).toEqual([{ key: "Username", value: "dana" }]);
    expect(planLookups({ principal: "arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718" })).toEqual([{ key: "Username", value: "i-0a1b2c3d4e5f60718" }]);
    expect(planLookups({ principal: "ecs-tasks.amazonaws.com" })[0]!.key).toBe("EventName");
    expect(planLookups({ role: "arn:aws:iam::111111111111:role/power-user" })).toEqual([{ key: "ResourceName", value: "arn:aws:iam::111111111111:role/power-user" }]);
  });
});

describe("lookup mode", () => {
  it("reads every Region's AssumeRole* events page by page, one attribute per call", async () => {
    const { endpoint, source } = await setup();
    const answer = await source.sessions(WINDOW, { waitMs: 60_000 });
    expect(answer.partial).toBe(false);
    // every assumption of the demo is logged in us-east-1 or eu-west-1
    expect(answer.sessions).toHaveLength(38);
    expect(answer.sessions.filter((s) => s.outcome === "failure")).toHaveLength(9);
    expect(endpoint.calls.every((c) => c.attributes.length === 1 && c.attributes[0]!.AttributeKey === "EventName")).toBe(true);
    expect(new Set(endpoint.calls.map((c) => c.region))).toEqual(new Set(["us-east-1", "eu-west-1"]));
    // paged: some calls carried a NextToken
    expect(endpoint.calls.filter((c) => c.nextToken).length).toBeGreaterThan(5);
    expect(endpoint.violations).toBe(0);
    expect(answer.window).toEqual({ from: "2026-11-16T00:00:00Z", to: "2026-11-22T00:00:00Z" });
  });

  it("gives the same sessions as the files (joined copies, callers, failures)", async () => {
    const { source } = await setup();
    const { FilesSessionSource } = await import("./index");
    const files = await new FilesSessionSource("demo", path.join(process.cwd(), "data", "demo")).sessions({});
    const live = await source.sessions(WINDOW, { waitMs: 60_000 });
    expect(live.sessions.map(summary)).toEqual(files.sessions.map(summary));
  });

  it("reads a page's activity with AccessKeyId lookups (management events only)", async () => {
    const { endpoint, source } = await setup();
    const r = await listSessions({ ...WINDOW, roleSessionName: "ci-deployer-build-1187", wait: 60_000 }, source);
    expect(r.sessions).toHaveLength(1);
    const s = r.sessions[0]!;
    expect(s.activity).toMatchObject({ partial: false });
    const managed = records.filter((x) => (x.userIdentity as { accessKeyId?: string }).accessKeyId === s.accessKeyId && x.managementEvent !== false && ["us-east-1", "eu-west-1"].includes(x.awsRegion as string));
    expect(s.activity!.count).toBe(managed.length);
    const keys = endpoint.calls.map((c) => `${c.attributes[0]!.AttributeKey}=${c.attributes[0]!.AttributeValue}`);
    expect(keys).toContain("Username=ci-deployer-build-1187");
    expect(keys).toContain(`AccessKeyId=${s.accessKeyId}`);
    // the session's own ARN, learnt from its events, finds the AssumeRole that created it
    expect(keys).toContain("ResourceName=arn:aws:sts::222222222222:assumed-role/shared-deploy/ci-deployer-build-1187");
    expect(keys.some((k) => k.startsWith("EventName="))).toBe(false);
    expect(r.notes.join(" ")).toMatch(/management events only/);
  });

  it("finds a session by its key (ResourceName) and its events (AccessKeyId)", async () => {
    const { endpoint, source } = await setup();
    const r = await source.sessions({ ...WINDOW, accessKeyId: "ASIAS4NWNQF4WZP076AC" }, { waitMs: 60_000 });
    expect(r.sessions.map((s) => s.roleSessionName)).toEqual(["bob"]);
    expect(endpoint.calls.map((c) => c.attributes[0]!.AttributeKey).sort()).toEqual(expect.arrayContaining(["AccessKeyId", "ResourceName"]));
    const ev = await source.events("ASIAS4NWNQF4WZP076AC", { waitMs: 60_000, ...WINDOW });
    expect(ev.events.length).toBeGreaterThan(0);
    expect(ev.events.every((e) => (e.userIdentity as { accessKeyId: string }).accessKeyId === "ASIAS4NWNQF4WZP076AC")).toBe(true);
  });

  it("retries a throttled call through the limiter", async () => {
    const { endpoint, source } = await setup({ throttle: [2, 3] });
    const r = await source.sessions({ ...WINDOW, role: "arn:aws:iam::111111111111:role/power-user" }, { waitMs: 60_000 });
    expect(endpoint.calls.filter((c) => c.throttled)).toHaveLength(2);
    expect(r.sessions).toHaveLength(6);
    expect(r.notes.join(" ")).not.toMatch(/Throttling/);
  });

  it("answers with what it has and its progress while the read goes on", async () => {
    const { source } = await setup({}, new RateLimiter({ windowMs: 150, marginMs: 0 }));
    const first = await source.sessions(WINDOW, { waitMs: 0 });
    expect(first.partial).toBe(true);
    expect(first.progress).toMatchObject({ done: expect.any(Number), calls: expect.any(Number), events: expect.any(Number), message: expect.stringContaining("LookupEvents") });
    const later = await source.sessions(WINDOW, { waitMs: 60_000 });
    expect(later.partial).toBe(false);
    expect(later.progress).toBeNull();
    expect(later.sessions).toHaveLength(38);
  });

  it("never sends more than 2 calls per second per Region (the shared limiter)", async () => {
    const { endpoint, reader } = await setup({ limit: { calls: 2, windowMs: 1000 }, pageSize: 2 }, new RateLimiter());
    // two reads at once share the limiter
    const { LookupSessionSource: S } = await import("./index");
    const a = new S(reader).sessions({ ...WINDOW, role: "arn:aws:iam::111111111111:role/power-user" }, { waitMs: 60_000 });
    const b = new S(reader).sessions({ ...WINDOW, principal: "arn:aws:iam::111111111111:user/carol" }, { waitMs: 60_000 });
    await Promise.all([a, b]);
    const east = endpoint.calls.filter((c) => c.region === "us-east-1").map((c) => c.at);
    expect(east.length).toBeGreaterThanOrEqual(6);
    for (let i = 2; i < east.length; i++) expect(east[i]! - east[i - 2]!).toBeGreaterThanOrEqual(1000);
    expect(endpoint.violations).toBe(0);
  }, 30_000);
});

describe("lookup mode over several accounts (an organization, each account through its own reader session)", () => {
  it("reads every account with its own clients, each under its own limit, and names the account it cannot read", async () => {
    const mine = (r: CloudTrailRecord) => r.recipientAccountId === "111111111111";
    const a = new CloudTrailEndpoint({ records: records.filter(mine), pageSize: 4, limit: { calls: 2, windowMs: 100 } });
    const b = new CloudTrailEndpoint({ records: records.filter((r) => !mine(r)), pageSize: 4, limit: { calls: 2, windowMs: 100 } });
    endpoints.push(a, b);
    const [ua, ub] = [await a.start(), await b.start()];
    expect(records.filter(mine).length).toBeGreaterThan(0);
    expect(records.filter((r) => !mine(r)).length).toBeGreaterThan(0);
    const client = (url: string) => (region: string) => new CloudTrailClient({ region, endpoint: url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "dummy" }, maxAttempts: 1 });
    const reader = new LookupReader({
      regions: ["us-east-1", "eu-west-1"],
      limiter: new RateLimiter({ windowMs: 100, marginMs: 20 }),
      backoffMs: 20,
      accounts: async () => ({
        targets: [
          { account: "111111111111", clientFor: client(ua) },
          { account: "222222222222", clientFor: client(ub) },
        ],
        notes: ["account 444444444444 is unreachable, its events are not in this answer: sts:AssumeRole on arn:aws:iam::444444444444:role/rolecall-reader was denied"],
      }),
    });
    const answer = await new LookupSessionSource(reader).sessions(WINDOW, { waitMs: 60_000 });
    expect(answer.partial).toBe(false);
    // the same sessions as one endpoint serving every account's records
    const { source: single } = await setup();
    const whole = await single.sessions(WINDOW, { waitMs: 60_000 });
    expect(answer.sessions.map(summary).sort()).toEqual(whole.sessions.map(summary).sort());
    expect(a.calls.length).toBeGreaterThan(0);
    expect(b.calls.length).toBeGreaterThan(0);
    expect(a.violations + b.violations).toBe(0);
    expect(answer.notes.some((n) => n.startsWith("account 444444444444 is unreachable"))).toBe(true);
  });
});
