// POST /api/diagnose with a VPC endpoint, POST /api/explain-error on errors that are not about
// AssumeRole, and GET /api/vpc-endpoints — on the demo source, through the route handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { inflateRawSync } from "node:zlib";

process.env.ROLECALL_SOURCE = "demo";

const BASE = "http://127.0.0.1:3000";
const post = (body: unknown) => new Request(`${BASE}/api/x`, { method: "POST", headers: { "content-type": "application/json", host: "127.0.0.1:3000" }, body: JSON.stringify(body) });
const get = (path: string) => new Request(`${BASE}${path}`, { headers: { host: "127.0.0.1:3000" } });
const params = <T,>(p: T) => ({ params: Promise.resolve(p) });
const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;
const VPCE = "vpce-0a1b2c3d4e5f67890";

let routes: {
  diagnose: typeof import("./diagnose/route");
  explain: typeof import("./explain-error/route");
  endpoints: typeof import("./vpc-endpoints/route");
};
beforeAll(async () => {
  routes = { diagnose: await import("./diagnose/route"), explain: await import("./explain-error/route"), endpoints: await import("./vpc-endpoints/route") };
});

/** The evaluator state a link carries (lib/ui/share-state.ts, `z.` form). */
function linkState(link: string): Record<string, unknown> {
  const s = new URL(link, BASE).searchParams.get("s")!;
  expect(s.startsWith("z.")).toBe(true);
  return JSON.parse(inflateRawSync(Buffer.from(s.slice(2), "base64url")).toString("utf8")) as Record<string, unknown>;
}

describe("POST /api/diagnose through a VPC endpoint", () => {
  it("the endpoint's Deny blocks, with the endpoint form of the STS message", async () => {
    const j = await (await routes.diagnose.POST(post({ principal: dev("user/alice"), role: "power-user", mfa: true, sourceVpce: VPCE }))).json();
    expect(j.blockedBy).toEqual(["vpc-endpoint-policy"]);
    expect(j.error).toBe(`User: ${dev("user/alice")} is not authorized to perform: sts:AssumeRole on resource: ${dev("role/power-user")} with an explicit deny in a VPC endpoint policy`);
  });
  it("an endpoint the model does not know is unknown, and named", async () => {
    const j = await (await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "orders-api-task-official", sourceVpce: "vpce-0fffffffffffffff0" }))).json();
    expect(j.verdict).toBe("unknown");
    expect(j.checks.find((c: { id: string }) => c.id === "vpc-endpoint-policy")).toMatchObject({ status: "unknown", detail: expect.stringContaining("vpce-0fffffffffffffff0") });
  });
  it("refuses a malformed endpoint ID and an endpoint of another service with 400", async () => {
    const bad = await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "power-user", sourceVpce: "endpoint-1" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^sourceVpce: expected a VPC endpoint ID/);
    const s3 = await routes.diagnose.POST(post({ principal: dev("user/bob"), role: "power-user", sourceVpce: "vpce-0b2c3d4e5f6a78901" }));
    expect(s3.status).toBe(400);
    expect((await s3.json()).error.message).toMatch(/^sourceVpce: vpce-0b2c3d4e5f6a78901 is an endpoint for com\.amazonaws\.eu-west-1\.s3, not for STS/);
  });
});

describe("GET /api/vpc-endpoints", () => {
  it("lists the model's endpoints, filtered by service", async () => {
    const all = await (await routes.endpoints.GET(get("/api/vpc-endpoints"), params({}))).json();
    expect(all.total).toBe(2);
    const sts = await (await routes.endpoints.GET(get("/api/vpc-endpoints?service=sts"), params({}))).json();
    expect(sts.endpoints).toEqual([{ id: VPCE, type: "Interface", serviceName: "com.amazonaws.eu-west-1.sts", vpcId: "vpc-0d1e2f3a4b5c6d7e8", account: "111111111111", region: "eu-west-1", state: "available", policyKnown: true }]);
    expect((await routes.endpoints.GET(get("/api/vpc-endpoints?service=../x"), params({}))).status).toBe(400);
  });
});

describe("POST /api/explain-error", () => {
  it("recognises the VPC endpoint form, and diagnoses with the endpoint once it is given", async () => {
    const message = `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${dev("user/alice")} is not authorized to perform: sts:AssumeRole on resource: ${dev("role/power-user")} with an explicit deny in a VPC endpoint policy`;
    const a = await (await routes.explain.POST(post({ message }))).json();
    expect(a).toMatchObject({ kind: "access-denied", policyType: "endpoint", explicit: true, needsEndpoint: true });
    expect(a.advice).toContain(VPCE);
    const b = await (await routes.explain.POST(post({ message, sourceVpce: VPCE }))).json();
    expect(b.needsEndpoint).toBe(false);
    expect(b.diagnosis.blockedBy).toContain("vpc-endpoint-policy");
  });
  it("an SCP denial of ec2:RunInstances: the same request checked, and the evaluator prefilled with its policies", async () => {
    const message =
      "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. User: arn:aws:sts::111111111111:assumed-role/power-user/alice is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-west-2:111111111111:instance/* with an explicit deny in a service control policy. Encoded authorization failure message: AbCdEf0123";
    const j = await (await routes.explain.POST(post({ message }))).json();
    expect(j).toMatchObject({ kind: "access-denied", code: "UnauthorizedOperation", operation: "RunInstances", action: "ec2:RunInstances", policyType: "scp", explicit: true, diagnosis: null });
    expect(j.advice).toMatch(/decode-authorization-message/);
    expect(j.check).toMatchObject({ decision: "explicitDeny", blockedBy: ["scp"] });
    const state = linkState(j.evaluateLink);
    expect(state).toMatchObject({ v: 1, p: "arn:aws:sts::111111111111:assumed-role/power-user/alice", a: "ec2:RunInstances", r: "arn:aws:ec2:us-west-2:111111111111:instance/*", c: [["aws:RequestedRegion", "us-west-2", "text"]] });
    expect((state.s as string[][]).flat().join("\n")).toContain("DenyAllOutsideApprovedRegions");
  });
  it("S3's plain Access Denied: says what to paste instead and opens the evaluator on the S3 action", async () => {
    const j = await (await routes.explain.POST(post({ message: "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied" }))).json();
    expect(j).toMatchObject({ kind: "access-denied-plain", operation: "GetObject", action: "s3:GetObject", diagnosis: null });
    expect(j.advice).toMatch(/CloudTrail event/);
    expect(linkState(j.evaluateLink)).toMatchObject({ a: "s3:GetObject" });
    const list = await (await routes.explain.POST(post({ message: "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied" }))).json();
    expect(list.action).toBe("s3:ListBucket");
  });
});
