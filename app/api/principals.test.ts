// GET /api/principals on the demo source, called through the route handler itself.
import { beforeAll, describe, expect, it } from "vitest";

process.env.ROLECALL_SOURCE = "demo";

const BASE = "http://127.0.0.1:3000";
const get = (path: string) => new Request(`${BASE}${path}`);
const params = <T,>(p: T) => ({ params: Promise.resolve(p) });

let route: typeof import("./principals/route");

beforeAll(async () => {
  route = await import("./principals/route");
});

interface P {
  arn: string;
  kind: string;
  name: string;
  account: string;
}

async function list(query: string): Promise<{ principals: P[]; total: number }> {
  const r = await route.GET(get(`/api/principals${query}`), params({}));
  expect(r.status).toBe(200);
  return r.json();
}

describe("GET /api/principals", () => {
  it("lists users, roles and account roots of every loaded account", async () => {
    const j = await list("?limit=1000");
    expect(j.total).toBe(j.principals.length);
    const kinds = new Set(j.principals.map((p) => p.kind));
    expect(kinds).toEqual(new Set(["user", "role", "root"]));
    expect(j.principals).toContainEqual({ arn: "arn:aws:iam::111111111111:user/contractors/dana", kind: "user", name: "dana", account: "111111111111" });
    expect(j.principals).toContainEqual({ arn: "arn:aws:iam::111111111111:role/ecs/orders-api-task", kind: "role", name: "orders-api-task", account: "111111111111" });
    expect(j.principals.filter((p) => p.kind === "root").map((p) => p.account).sort()).toEqual(["111111111111", "222222222222", "333333333333"]);
    // service-linked roles cannot be anyone's caller
    expect(j.principals.some((p) => p.arn.includes("/aws-service-role/"))).toBe(false);
  });

  it("filters by text in the name or ARN, closest match first", async () => {
    const j = await list("?q=bob");
    expect(j.principals[0]).toMatchObject({ name: "bob", kind: "user" });
    const dana = await list("?q=contractors");
    expect(dana.principals.map((p) => p.name)).toEqual(["dana"]);
    const orders = await list("?q=ORDERS-API");
    expect(orders.principals.map((p) => p.name)).toEqual(expect.arrayContaining(["orders-api-task", "orders-api-task-official"]));
    expect(orders.principals.every((p) => p.kind === "role")).toBe(true);
  });

  it("filters by kind and account, and limits", async () => {
    const users = await list("?kind=user&account=111111111111");
    expect(users.principals.length).toBe(8);
    expect(users.principals.every((p) => p.kind === "user" && p.account === "111111111111")).toBe(true);
    const two = await list("?limit=2");
    expect(two.principals).toHaveLength(2);
    expect(two.total).toBeGreaterThan(2);
  });

  it("answers bad input with a 400 and a message", async () => {
    for (const q of ["?kind=service", "?account=12", "?limit=0", "?limit=5000", "?extra=1"]) {
      const r = await route.GET(get(`/api/principals${q}`), params({}));
      expect(r.status).toBe(400);
      const j = await r.json();
      expect(j.error.code).toBe("invalid_request");
      expect(j.error.message).toBeTruthy();
    }
  });
});
