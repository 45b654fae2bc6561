// The HTTP API on the demo source, called through the route handlers themselves.
import { beforeAll, describe, expect, it } from "vitest";

process.env.ROLECALL_SOURCE = "demo";

const BASE = "http://127.0.0.1:3000";
const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}/api/x`, { method: "POST", headers: { "content-type": "application/json", host: "127.0.0.1:3000", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const get = (path: string) => new Request(`${BASE}${path}`);
const params = <T,>(p: T) => ({ params: Promise.resolve(p) });

let routes: {
  evaluate: typeof import("./evaluate/route");
  diagnose: typeof import("./diagnose/route");
  check: typeof import("./check/route");
  explain: typeof import("./explain-error/route");
  health: typeof import("./health/route");
  identity: typeof import("./identity/route");
  roles: typeof import("./roles/route");
  role: typeof import("./roles/[id]/route");
  assumers: typeof import("./roles/[id]/assumers/route");
  assumable: typeof import("./principals/[arn]/assumable/route");
};

beforeAll(async () => {
  routes = {
    evaluate: await import("./evaluate/route"),
    diagnose: await import("./diagnose/route"),
    check: await import("./check/route"),
    explain: await import("./explain-error/route"),
    health: await import("./health/route"),
    identity: await import("./identity/route"),
    roles: await import("./roles/route"),
    role: await import("./roles/[id]/route"),
    assumers: await import("./roles/[id]/assumers/route"),
    assumable: await import("./principals/[arn]/assumable/route"),
  };
});

const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;

describe("GET /api/health and /api/identity", () => {
  it("reports the demo source and its accounts", async () => {
    const r = await routes.health.GET();
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, source: "demo", accounts: ["111111111111", "222222222222", "333333333333"], problems: [] });
  });
  it("identity has no ARN for the demo", async () => {
    expect(await (await routes.identity.GET(get("/api/identity"))).json()).toMatchObject({ source: "demo", arn: null, accounts: ["111111111111", "222222222222", "333333333333"] });
  });
});

describe("POST /api/evaluate", () => {
  const body = {
    principal: dev("user/dana"),
    action: "sts:AssumeRole",
    resource: dev("role/ecs/orders-api-task"),
    identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }],
    resourcePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
  };
  it("decides, with the vocabulary of API.md", async () => {
    const r = await routes.evaluate.POST(post(body));
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j).toMatchObject({ decision: "implicitDeny", blockedBy: ["resource"] });
    expect(j.explain[0]).toMatchObject({ policy: "resource", statement: 0, effect: "Allow", applies: false });
  });
  // R12.8, API.md: a document IAM would refuse is evaluated as far as its elements allow, with
  // findings; only input that is not a policy at all is a 400.
  it("a policy IAM would refuse is evaluated with findings, not refused", async () => {
    const bad = { ...body, identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*", Condition: { StringEquals: "x" } }] }] };
    const r = await routes.evaluate.POST(post(bad));
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j.findings).toEqual([
      { policy: "identity[0]", statement: 0, severity: "error", code: "data-type-mismatch", message: "Data type mismatch: Condition.StringEquals must be an object of condition keys.", path: "Statement[0].Condition.StringEquals" },
    ]);
  });
  it("a clean request has findings: []", async () => {
    const j = await (await routes.evaluate.POST(post(body))).json();
    expect(j.findings).toEqual([]);
  });
  it("input that is not a policy at all (no Statement) is a 400 that points at the place", async () => {
    const r = await routes.evaluate.POST(post({ ...body, identityPolicies: [{ Version: "2012-10-17" }] }));
    expect(r.status).toBe(400);
    const j = await r.json();
    expect(j.error.message).toMatch(/^identity\[0\]: Statement: is missing/);
    expect(j.error.issues[0].path.slice(0, 2)).toEqual(["identityPolicies", 0]);
  });
  // Issue 15 item 4: a context key that is not a condition key (context.__proto__ above all) is a 400.
  it("refuses context.__proto__ and other keys that are not prefix:name, saying what to fix", async () => {
    for (const raw of ['{"__proto__": "x"}', '{"team": "x"}', '{"constructor": ["a"]}']) {
      const text = JSON.stringify(body).replace(/}$/, `,"context":${raw}}`);
      const r = await routes.evaluate.POST(post(text));
      expect(r.status).toBe(400);
      const j = await r.json();
      expect(j.error.message).toMatch(/is not a condition key: use the form prefix:name/);
    }
  });
  it("rejects unknown fields, wrong types, bad JSON, wrong content type — never a 500", async () => {
    for (const [req, status] of [
      [post({ ...body, extra: 1 }), 400],
      [post({ ...body, action: 42 }), 400],
      [post({ ...body, action: "s3:Get*" }), 400],
      [post({ ...body, resource: "bucket" }), 400],
      [post("{not json"), 400],
      [post(""), 400],
      [new Request(`${BASE}/api/evaluate`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" }), 415],
    ] as const) {
      const r = await routes.evaluate.POST(req);
      expect(r.status).toBe(status);
      const j = await r.json();
      expect(j.error.message).toBeTruthy();
      expect(JSON.stringify(j)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });
  it("refuses a cross-site POST", async () => {
    const r = await routes.evaluate.POST(post(body, { "sec-fetch-site": "cross-site", origin: "https://evil.example" }));
    expect(r.status).toBe(403);
    const r2 = await routes.evaluate.POST(post(body, { origin: "https://evil.example" }));
    expect(r2.status).toBe(403);
    const ok = await routes.evaluate.POST(post(body, { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }));
    expect(ok.status).toBe(200);
  });
  it("warns about an action that is not in the catalogue, and still evaluates it", async () => {
    const r = await routes.evaluate.POST(post({ ...body, action: "sts:AssumeRoleTypo" }));
    const j = await r.json();
    expect(j.decision).toBe("implicitDeny");
    expect(j.notes.join(" ")).toMatch(/sts:AssumeRoleTypo is not in the IAM catalogue/);
  });
});

describe("POST /api/diagnose", () => {
  it("diagnoses the demo's ECS task role for a developer", async () => {
    const r = await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "orders-api-task" }));
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j.verdict).toBe("denied");
    expect(j.blockedBy).toEqual(["trust-policy"]);
    expect(j.checks.map((c: { id: string }) => c.id)).toEqual(["role-exists", "session-name", "external-id", "duration", "trust-policy", "identity-policy", "permission-boundary", "scp", "rcp", "session-policy", "session-tags", "source-identity", "vpc-endpoint-policy"]);
    expect(j.fixes.length).toBeGreaterThan(0);
  });
  it("needs a principal with the demo source", async () => {
    const r = await routes.diagnose.POST(post({ role: "orders-api-task" }));
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/^principal: required/);
  });
  it("resolves a bare caller name; a typo is a 400 with the closest principals", async () => {
    const ok = await routes.diagnose.POST(post({ principal: "bob", role: "orders-api-task" }));
    expect(ok.status).toBe(200);
    const j = await ok.json();
    expect(j.principal).toBe(dev("user/bob"));
    expect(j.notes[0]).toBe(`"bob" is ${dev("user/bob")}.`);
    for (const principal of ["user/bbo", dev("user/bbo")]) {
      const r = await routes.diagnose.POST(post({ principal, role: "orders-api-task" }));
      expect(r.status).toBe(400);
      const body = await r.json();
      expect(body.error.message).toMatch(/^principal: .*Did you mean user\/bob \(111111111111\)\?/);
      expect(body.error.issues[0].path).toEqual(["principal"]);
      expect(body.suggestions[0]).toMatchObject({ arn: dev("user/bob"), kind: "user" });
    }
    const several = await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "OrganizationAccountAccessRole" }));
    expect(several.status).toBe(400);
    expect((await several.json()).error.message).toMatch(/^role: Several loaded accounts have a role/);
  });
  it("rejects a malformed principal and a non-role ARN with 400", async () => {
    expect((await routes.diagnose.POST(post({ principal: "arn:aws:iam::111:user/alice", role: "x" }))).status).toBe(400);
    const r = await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "arn:aws:s3:::bucket" }));
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/not a role ARN/);
    expect((await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "x", sourceIp: "1.2.3" }))).status).toBe(400);
    expect((await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "x", sourceVpce: "vpc-0a1b2c3d" }))).status).toBe(400);
  });
});

describe("POST /api/check", () => {
  it("loads every policy from the model: the SCP denies a region", async () => {
    const r = await routes.check.POST(post({ principal: dev("role/power-user"), action: "ec2:DescribeInstances", resource: "*", context: { "aws:RequestedRegion": "us-west-2" } }));
    const j = await r.json();
    expect(j).toMatchObject({ decision: "explicitDeny", blockedBy: ["scp"] });
    const ok = await (await routes.check.POST(post({ principal: dev("role/power-user"), action: "ec2:DescribeInstances", resource: "*", context: { "aws:RequestedRegion": "us-east-1" } }))).json();
    expect(ok.decision).toBe("allowed");
  });
  it("says when the decision depends on a key the request did not give", async () => {
    const j = await (await routes.check.POST(post({ principal: dev("role/power-user"), action: "ec2:DescribeInstances", resource: "*" }))).json();
    expect(j.dependsOn).toEqual(["aws:RequestedRegion"]);
  });
  it("only the default version of a managed policy counts", async () => {
    const j = await (await routes.check.POST(post({ principal: dev("role/ecs/orders-api-task-official"), action: "dynamodb:DeleteItem", resource: "arn:aws:dynamodb:us-east-1:111111111111:table/orders", context: { "aws:RequestedRegion": "us-east-1" } }))).json();
    expect(j.decision).toBe("implicitDeny");
  });
});

describe("POST /api/explain-error", () => {
  it("parses a pasted AccessDenied and runs the same diagnosis", async () => {
    const message = "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/ecs/orders-api-task";
    const j = await (await routes.explain.POST(post({ message }))).json();
    expect(j).toMatchObject({ kind: "access-denied", code: "AccessDenied", principal: dev("user/bob"), action: "sts:AssumeRole", resource: dev("role/ecs/orders-api-task") });
    expect(j.diagnosis.blockedBy).toEqual(["trust-policy"]);
  });
  it("the trust-policy form does not name the role: the role may be given", async () => {
    const message = "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action";
    const a = await (await routes.explain.POST(post({ message }))).json();
    expect(a).toMatchObject({ policyType: "resource", explicit: false, diagnosis: null });
    expect(a.diagnosisError).toMatch(/does not name the role/);
    const b = await (await routes.explain.POST(post({ message, role: "orders-api-task" }))).json();
    expect(b.diagnosis.verdict).toBe("denied");
  });
  it("says what it could not parse", async () => {
    const j = await (await routes.explain.POST(post({ message: "something went wrong" }))).json();
    expect(j.kind).toBe("unrecognised");
    expect(j.unparsed).toMatch(/does not match any STS error/);
  });
});

describe("roles", () => {
  it("lists, searches, filters by account and by whom the trust admits", async () => {
    const all = await (await routes.roles.GET(get("/api/roles"), params({}))).json();
    expect(all.roles.length).toBeGreaterThan(20);
    expect(all.roles[0]).toHaveProperty("MaxSessionDuration");
    const q = await (await routes.roles.GET(get("/api/roles?q=orders-api"), params({}))).json();
    expect(q.roles.map((r: { name: string }) => r.name)).toContain("orders-api-task");
    const acct = await (await routes.roles.GET(get("/api/roles?account=222222222222"), params({}))).json();
    expect(new Set(acct.roles.map((r: { account: string }) => r.account))).toEqual(new Set(["222222222222"]));
    const svc = await (await routes.roles.GET(get("/api/roles?admits=service&account=111111111111"), params({}))).json();
    expect(svc.roles.every((r: { admits: string[] }) => r.admits.includes("service"))).toBe(true);
    const bad = await routes.roles.GET(get("/api/roles?account=12"), params({}));
    expect(bad.status).toBe(400);
  });
  it("pages with nextToken", async () => {
    const p1 = await (await routes.roles.GET(get("/api/roles?limit=5"), params({}))).json();
    expect(p1.roles).toHaveLength(5);
    const p2 = await (await routes.roles.GET(get(`/api/roles?limit=5&nextToken=${p1.nextToken}`), params({}))).json();
    expect(p2.roles[0].arn).not.toBe(p1.roles[0].arn);
    expect((await routes.roles.GET(get("/api/roles?nextToken=garbage"), params({}))).status).toBe(400);
  });
  it("a role's detail by name or ARN, with its unknowns and warnings", async () => {
    const byName = await (await routes.role.GET(get("/api/roles/batch-ec2-no-profile"), params({ id: "batch-ec2-no-profile" }))).json();
    expect(byName.warnings.map((w: { code: string }) => w.code)).toContain("ec2-without-instance-profile");
    const prod = encodeURIComponent("arn:aws:iam::333333333333:role/prod-readonly");
    const j = await (await routes.role.GET(get(`/api/roles/${prod}`), params({ id: prod }))).json();
    expect(j.MaxSessionDuration).toBeNull();
    expect(j.unknowns.map((u: { fact: string }) => u.fact)).toContain("MaxSessionDuration");
    const legacy = await (await routes.role.GET(get("/api/roles/legacy-reporting"), params({ id: "legacy-reporting" }))).json();
    expect(legacy.trustPrincipals.find((p: { kind: string }) => p.kind === "deleted").value).toBe("AROA3XFRBF535PLBIFPI4");
    expect((await routes.role.GET(get("/api/roles/nope"), params({ id: "nope" }))).status).toBe(404);
  });
  it("who can assume, and what a principal can assume", async () => {
    const id = encodeURIComponent(dev("role/ecs/orders-api-task-official"));
    const a = await (await routes.assumers.GET(get(`/api/roles/${id}/assumers`), params({ id }))).json();
    expect(a.principals.find((p: { principal: string }) => p.principal === dev("user/bob")).verdict).toBe("allowed");
    const arn = encodeURIComponent(dev("user/bob"));
    const b = await (await routes.assumable.GET(get(`/api/principals/${arn}/assumable`), params({ arn }))).json();
    expect(b.roles.find((r: { role: string }) => r.role === dev("role/ecs/orders-api-task-official")).verdict).toBe("allowed");
    expect((await routes.assumable.GET(get("/api/principals/bob/assumable"), params({ arn: "bob" }))).status).toBe(400);
  });
});
