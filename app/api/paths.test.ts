// Access paths over HTTP's route handlers on the demo source: /paths, /reachers, /reachable, the
// diagnosis' alternatives, the new assumers page (counts, ?verdict=denied, pages), and bad input.
import { beforeAll, describe, expect, it } from "vitest";

process.env.ROLECALL_SOURCE = "demo";

const BASE = "http://127.0.0.1:3000";
const get = (path: string) => new Request(`${BASE}${path}`);
const post = (body: unknown) => new Request(`${BASE}/api/diagnose`, { method: "POST", headers: { "content-type": "application/json", host: "127.0.0.1:3000" }, body: JSON.stringify(body) });
const params = <T,>(p: T) => ({ params: Promise.resolve(p) });
const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;
const PROD_DEPLOYER = "arn:aws:iam::333333333333:role/prod-deployer";

let routes: {
  paths: typeof import("./roles/[id]/paths/route");
  reachers: typeof import("./roles/[id]/reachers/route");
  reachable: typeof import("./principals/[arn]/reachable/route");
  assumers: typeof import("./roles/[id]/assumers/route");
  diagnose: typeof import("./diagnose/route");
};
beforeAll(async () => {
  routes = {
    paths: await import("./roles/[id]/paths/route"),
    reachers: await import("./roles/[id]/reachers/route"),
    reachable: await import("./principals/[arn]/reachable/route"),
    assumers: await import("./roles/[id]/assumers/route"),
    diagnose: await import("./diagnose/route"),
  };
});

async function call<P>(route: { GET: (r: Request, c: { params: Promise<P> }) => Promise<Response> }, path: string, p: P) {
  const r = await route.GET(get(path), params(p));
  return { status: r.status, body: await r.json() };
}

describe("GET /api/roles/{role}/paths", () => {
  const id = encodeURIComponent(PROD_DEPLOYER);
  it("direct verdict and the paths shortest first", async () => {
    const { status, body } = await call(routes.paths, `/api/roles/${id}/paths?from=${encodeURIComponent(dev("user/alice"))}`, { id });
    expect(status).toBe(200);
    expect(body.direct).toBe("denied");
    expect(body.paths[0].hops.map((h: { role: string }) => h.role)).toEqual([dev("role/ci-deployer"), PROD_DEPLOYER]);
    expect(body.paths[0]).toMatchObject({ verdict: "unknown", maxSessionSeconds: 3600 });
    expect(body.paths[0].hops[0]).toEqual({ from: dev("user/alice"), role: dev("role/ci-deployer"), verdict: "unknown", requires: ["aws:MultiFactorAuthPresent"], maxSessionSeconds: 43200 });
    const lengths = body.paths.map((p: { hops: unknown[] }) => p.hops.length);
    expect(lengths).toEqual([...lengths].sort());
    expect(body.paths.length).toBeLessThanOrEqual(20);
  });
  it("maxHops=1 leaves only the direct route (none here)", async () => {
    const { body } = await call(routes.paths, `/api/roles/${id}/paths?from=${encodeURIComponent(dev("user/alice"))}&maxHops=1`, { id });
    expect(body).toEqual({ direct: "denied", paths: [] });
  });
  it("bad queries are 400s that say what to fix; unknown parameters are refused", async () => {
    for (const [q, msg] of [
      ["", /from/],
      ["?from=alice", /from: expected a principal ARN/],
      [`?from=${encodeURIComponent(dev("user/alice"))}&maxHops=0`, /maxHops: from 1 to 8/],
      [`?from=${encodeURIComponent(dev("user/alice"))}&maxHops=abc`, /maxHops: a whole number/],
      [`?from=${encodeURIComponent(dev("user/alice"))}&maxHops=99`, /maxHops/],
      [`?from=${encodeURIComponent(dev("user/alice"))}&hops=2`, /unknown field\(s\): hops/],
    ] as const) {
      const { status, body } = await call(routes.paths, `/api/roles/${id}/paths${q}`, { id });
      expect(status, q).toBe(400);
      expect(body.error.message, q).toMatch(msg);
    }
  });
  it("an unknown role is a 404", async () => {
    const { status } = await call(routes.paths, `/api/roles/nope/paths?from=${encodeURIComponent(dev("user/alice"))}`, { id: "nope" });
    expect(status).toBe(404);
  });
});

describe("GET /api/roles/{role}/reachers and /api/principals/{arn}/reachable", () => {
  it("who can reach prod-deploy: shared-deploy directly, ci-deployer in two hops, EC2 nowhere", async () => {
    const id = encodeURIComponent("arn:aws:iam::333333333333:role/prod-deploy");
    const { status, body } = await call(routes.reachers, `/api/roles/${id}/reachers`, { id });
    expect(status).toBe(200);
    const by = (p: string) => body.reachers.find((r: { principal: string }) => r.principal === p);
    expect(by("arn:aws:iam::222222222222:role/shared-deploy")).toMatchObject({ hops: 1, verdict: "allowed", kind: "role" });
    expect(by(dev("user/service/ci-deployer"))).toMatchObject({ hops: 2, verdict: "allowed", kind: "user" });
    expect(by(dev("user/service/ci-deployer")).path.hops[1].from).toBe("arn:aws:sts::222222222222:assumed-role/shared-deploy/ci-deployer");
    const hops = body.reachers.map((r: { hops: number }) => r.hops);
    expect(hops).toEqual([...hops].sort());
    const one = await call(routes.reachers, `/api/roles/${id}/reachers?maxHops=1`, { id });
    expect(one.body.reachers.every((r: { hops: number }) => r.hops === 1)).toBe(true);
    expect((await call(routes.reachers, `/api/roles/${id}/reachers?from=x`, { id })).status).toBe(400);
  });
  it("what the EC2 service can reach: its instance role, then the role that trusts it", async () => {
    const arn = "ec2.amazonaws.com";
    const { body } = await call(routes.reachable, `/api/principals/${arn}/reachable`, { arn });
    expect(body.reachable.map((r: { role: string; hops: number }) => [r.role, r.hops]).slice(0, 2)).toEqual([
      [dev("role/app-ec2-implicit"), 1],
      [dev("role/app-ec2-assumed"), 2],
    ]);
    expect((await call(routes.reachable, "/api/principals/bob/reachable", { arn: "bob" })).status).toBe(400);
    expect((await call(routes.reachable, `/api/principals/${arn}/reachable?maxHops=-1`, { arn })).status).toBe(400);
  });
});

describe("POST /api/diagnose: alternatives", () => {
  it("denied directly: the route through ci-deployer, shortest first", async () => {
    const r = await routes.diagnose.POST(post({ principal: dev("user/alice"), role: PROD_DEPLOYER }));
    const j = await r.json();
    expect(j.verdict).toBe("denied");
    expect(j.alternatives[0].hops.map((h: { role: string }) => h.role)).toEqual([dev("role/ci-deployer"), PROD_DEPLOYER]);
    expect(j.alternatives.every((p: { hops: unknown[] }) => p.hops.length >= 2)).toBe(true);
  });
  it("with mfa: true the first hop is settled; a DurationSeconds above an hour is said", async () => {
    const j = await (await routes.diagnose.POST(post({ principal: dev("user/alice"), role: PROD_DEPLOYER, mfa: true, durationSeconds: 7200 }))).json();
    expect(j.alternatives[0]).toMatchObject({ verdict: "allowed", maxSessionSeconds: 3600 });
    expect(j.alternatives[0].notes[0]).toMatch(/DurationSeconds 7200 cannot survive this path/);
  });
  it("allowed: no alternatives", async () => {
    const j = await (await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "orders-api-task-official" }))).json();
    expect(j).toMatchObject({ verdict: "allowed", alternatives: [] });
  });
  it("denied with no route: []", async () => {
    const j = await (await routes.diagnose.POST(post({ principal: dev("user/carol"), role: "arn:aws:iam::333333333333:role/prod-db-admin" }))).json();
    expect(j).toMatchObject({ verdict: "denied", alternatives: [] });
  });
});

describe("GET /api/roles/{role}/assumers: who can, the named, counts, pages", () => {
  const id = encodeURIComponent(dev("role/ecs/orders-api-task-official"));
  it("lists the allowed and unknown principals, with counts over every known principal", async () => {
    const { status, body } = await call(routes.assumers, `/api/roles/${id}/assumers`, { id });
    expect(status).toBe(200);
    const verdicts = new Set(body.principals.map((p: { verdict: string }) => p.verdict));
    expect(verdicts.has("denied")).toBe(false);
    expect(body.principals.map((p: { principal: string }) => p.principal)).toEqual(expect.arrayContaining([dev("user/alice"), dev("user/bob"), "ecs-tasks.amazonaws.com"]));
    expect(body.counts.allowed).toBe(body.principals.filter((p: { verdict: string }) => p.verdict === "allowed").length);
    expect(body.counts.denied).toBeGreaterThan(20);
    expect(body.nextToken).toBeNull();
  });
  it("?verdict=denied lists the denied, with complete blockedBy", async () => {
    const { body } = await call(routes.assumers, `/api/roles/${id}/assumers?verdict=denied`, { id });
    expect(body.principals.every((p: { verdict: string }) => p.verdict === "denied")).toBe(true);
    expect(body.principals).toHaveLength(body.counts.denied);
    expect(body.principals.find((p: { principal: string }) => p.principal === dev("user/contractors/dana")).blockedBy).toEqual(["permission-boundary"]);
    expect(body.principals.find((p: { principal: string }) => p.principal === dev("user/eve")).blockedBy).toEqual(["identity-policy"]);
  });
  it("a role whose trust names a user lists that user even when denied", async () => {
    const lid = "legacy-reporting";
    const { body } = await call(routes.assumers, `/api/roles/${lid}/assumers`, { id: lid });
    expect(body.principals.map((p: { principal: string; verdict: string }) => [p.principal, p.verdict])).toContainEqual([dev("user/alice"), "allowed"]);
  });
  it("refuses a verdict other than denied, and a token it did not give", async () => {
    expect((await call(routes.assumers, `/api/roles/${id}/assumers?verdict=allowed`, { id })).body.error.message).toMatch(/only "denied"/);
    expect((await call(routes.assumers, `/api/roles/${id}/assumers?nextToken=zzz`, { id })).status).toBe(400);
  });
});
