// The sessions API on the demo source, called through the route handlers themselves.
import { beforeAll, describe, expect, it } from "vitest";

process.env.ROLECALL_SOURCE = "demo";

const BASE = "http://127.0.0.1:3000";
const get = (path: string) => new Request(`${BASE}${path}`);
const params = <T,>(p: T) => ({ params: Promise.resolve(p) });

let routes: {
  sessions: typeof import("./sessions/route");
  timeline: typeof import("./sessions/timeline/route");
  events: typeof import("./sessions/[accessKeyId]/events/route");
};

beforeAll(async () => {
  routes = {
    sessions: await import("./sessions/route"),
    timeline: await import("./sessions/timeline/route"),
    events: await import("./sessions/[accessKeyId]/events/route"),
  };
});

const list = async (query = "") => {
  const r = await routes.sessions.GET(get(`/api/sessions${query}`), params({}));
  return { status: r.status, body: await r.json() };
};

describe("GET /api/sessions", () => {
  it("lists the demo's 38 sessions newest first, with the fields of API.md", async () => {
    const { status, body } = await list("?limit=1000");
    expect(status).toBe(200);
    expect(body.sessions).toHaveLength(38);
    expect(body).toMatchObject({ nextToken: null, total: 38, partial: false, progress: null, source: "demo", problems: [] });
    const first = body.sessions[0];
    for (const k of ["roleSessionName", "roleArn", "assumedRoleArn", "caller", "callerAccount", "sourceIp", "userAgent", "eventTime", "expiration", "durationSeconds", "accessKeyId", "sourceIdentity", "region", "outcome", "errorCode", "errorMessage", "eventId", "activity"]) {
      expect(first).toHaveProperty(k);
    }
    expect(first).toMatchObject({ roleSessionName: "alice", accessKeyId: "ASIA8O8NQ1BFAABMF2K9", activity: { count: 1 } });
    const times = body.sessions.map((s: { eventTime: string }) => s.eventTime);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(body)).not.toMatch(/sessionToken|IQoJb3JpZ2lu/);
  });

  it("pages with an opaque nextToken", async () => {
    const p1 = await list("?limit=10");
    expect(p1.body.sessions).toHaveLength(10);
    expect(p1.body.nextToken).toEqual(expect.any(String));
    const seen = new Set(p1.body.sessions.map((s: { eventId: string }) => s.eventId));
    let token = p1.body.nextToken;
    while (token) {
      const p = await list(`?limit=10&nextToken=${encodeURIComponent(token)}`);
      for (const s of p.body.sessions) seen.add(s.eventId);
      token = p.body.nextToken;
    }
    expect(seen.size).toBe(38);
    // a token is tied to its filters
    expect((await list(`?limit=10&outcome=failure&nextToken=${encodeURIComponent(p1.body.nextToken)}`)).status).toBe(400);
    expect((await list("?nextToken=garbage")).status).toBe(400);
  });

  it("combines exact filters", async () => {
    const alice = await list("?principal=arn:aws:iam::111111111111:user/alice");
    expect(alice.body.total).toBe(6);
    const aliceFail = await list("?principal=arn:aws:iam::111111111111:user/alice&outcome=failure");
    expect(aliceFail.body.sessions.map((s: { errorCode: string }) => s.errorCode)).toEqual(["AccessDenied"]);
    expect((await list("?roleSessionName=alice&role=arn:aws:iam::111111111111:role/power-user")).body.total).toBe(4);
    expect((await list("?role=power-user")).body.total).toBe(6);
    expect((await list("?accessKeyId=ASIAC90AZ5QLJ3I9G81Q")).body.sessions[0]).toMatchObject({ roleArn: "arn:aws:iam::333333333333:role/prod-readonly", caller: "arn:aws:iam::111111111111:user/carol" });
    expect((await list("?from=2026-11-21T00:00:00Z")).body.total).toBe(5);
    expect((await list("?from=2026-11-20&to=2026-11-21")).body.total).toBe(5);
    expect((await list("?to=2026-11-16T09:12:04Z")).body.total).toBe(3);
    expect((await list("?label=ECS%20task")).body.total).toBe(5);
    expect((await list("?outcome=failure")).body.total).toBe(9);
  });

  it("rejects bad filters with 400, never a 500", async () => {
    for (const q of ["?outcome=maybe", "?from=yesterday", "?accessKeyId=nope", "?limit=0", "?extra=1", "?from=2026-11-21&to=2026-11-20"]) {
      const r = await list(q);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe("invalid_request");
    }
  });

  it("exports CSV with a header row", async () => {
    const r = await routes.sessions.GET(get("/api/sessions?format=csv&outcome=failure"), params({}));
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await r.text()).trim().split("\r\n");
    expect(lines[0]!.startsWith("eventTime,outcome,roleArn,roleSessionName,caller")).toBe(true);
    expect(lines).toHaveLength(10);
    expect((await routes.sessions.GET(get("/api/sessions?format=csv&outcome=nope"), params({}))).status).toBe(400);
  });
});

describe("GET /api/sessions/timeline", () => {
  it("counts successes and failures per bucket for the same filters", async () => {
    const r = await routes.timeline.GET(get("/api/sessions/timeline?bucketSeconds=86400"), params({}));
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j.bucketSeconds).toBe(86400);
    expect(j.buckets.map((b: { start: string }) => b.start.slice(0, 10))).toEqual(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"]);
    expect(j.buckets.reduce((n: number, b: { success: number }) => n + b.success, 0)).toBe(29);
    expect(j.buckets.reduce((n: number, b: { failure: number }) => n + b.failure, 0)).toBe(9);
    expect(j.buckets[0]).toEqual({ start: "2026-11-16T00:00:00Z", success: 4, failure: 1 });
    const f = await (await routes.timeline.GET(get("/api/sessions/timeline?outcome=failure"), params({}))).json();
    expect(f.total).toBe(9);
  });
});

describe("GET /api/sessions/{accessKeyId}/events", () => {
  it("returns the key's events oldest first, session tokens removed", async () => {
    const r = await routes.events.GET(get("/api/sessions/ASIAUDCDCQWW92AUBZ4I/events"), params({ accessKeyId: "ASIAUDCDCQWW92AUBZ4I" }));
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j.events).toHaveLength(5);
    expect(j.nextToken).toBeNull();
    const times = j.events.map((e: { eventTime: string }) => e.eventTime);
    expect([...times].sort()).toEqual(times);
    // the chained AssumeRole this session made is among its events, without the new session's token
    const chained = j.events.find((e: { eventName: string }) => e.eventName === "AssumeRole");
    expect(chained.responseElements.credentials.accessKeyId).toBe("ASIAWXIEF4AC8XYR7FRL");
    expect(chained.responseElements.credentials).not.toHaveProperty("sessionToken");
    expect(JSON.stringify(j)).not.toMatch(/sessionToken/);
  });
  it("includes failed calls, pages, and refuses a malformed key", async () => {
    const bob = await (await routes.events.GET(get("/api/sessions/ASIAS4NWNQF4WZP076AC/events?limit=4"), params({ accessKeyId: "ASIAS4NWNQF4WZP076AC" }))).json();
    expect(bob.total).toBe(6);
    expect(bob.events).toHaveLength(4);
    const rest = await (await routes.events.GET(get(`/api/sessions/ASIAS4NWNQF4WZP076AC/events?limit=4&nextToken=${bob.nextToken}`), params({ accessKeyId: "ASIAS4NWNQF4WZP076AC" }))).json();
    expect([...bob.events, ...rest.events].filter((e: { errorCode?: string }) => e.errorCode === "AccessDenied")).toHaveLength(1);
    const unknown = await (await routes.events.GET(get("/api/sessions/ASIAAAAAAAAAAAAAAAAA/events"), params({ accessKeyId: "ASIAAAAAAAAAAAAAAAAA" }))).json();
    expect(unknown.events).toEqual([]);
    expect((await routes.events.GET(get("/api/sessions/x/events"), params({ accessKeyId: "x" }))).status).toBe(400);
  });
});

describe("live-read failures", () => {
  it("are a 502 that says what failed, never a stack", async () => {
    const { setSessionSource } = await import("@/lib/sessions");
    const { ReadFailed } = await import("@/lib/sessions/live");
    setSessionSource({
      mode: "lookup",
      sessions: async () => {
        throw new ReadFailed("us-east-1: cloudtrail:LookupEvents was denied: User is not authorized");
      },
      withActivity: async (page) => ({ sessions: page, partial: false, progress: null }),
      events: async () => ({ events: [], partial: false, progress: null, notes: [] }),
    });
    try {
      const r = await list();
      expect(r.status).toBe(502);
      expect(r.body.error).toMatchObject({ code: "cloudtrail_read_failed", message: expect.stringContaining("cloudtrail:LookupEvents was denied") });
    } finally {
      setSessionSource(undefined);
    }
  });
});
