// The fast paths of the reachability index and of who-can-assume (the grant index, the caller
// classes, the certain-Deny screen, shared verdicts) give exactly the answers of a full diagnosis:
// on the demo snapshot, every (caller, role) pair is diagnosed and compared with the index's
// edges, and assumers pages are compared with the screens on and off.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AccountModel } from "@/lib/account/model";
import { loadSnapshot } from "@/lib/account/snapshot";
import { assumersPage } from "@/lib/diagnose/assumers";
import { bruteForceEdges, edgeList } from "@/lib/testing/edges";
import { buildIndex } from "./graph";

describe("fast paths on the demo snapshot", () => {
  let demo: AccountModel;
  beforeAll(async () => {
    demo = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
  });

  it("the index's edges between users and roles are exactly the pairs a full diagnosis does not deny", () => {
    const g = buildIndex(demo);
    const fast = edgeList(g).filter((e) => !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)? →/.test(e));
    expect(fast.length).toBeGreaterThan(10);
    expect(fast).toEqual(bruteForceEdges(demo, g));
  });

  it("keeps out-edges sorted by target ARN and in-edges by source ARN", () => {
    const g = buildIndex(demo);
    const sorted = (xs: string[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);
    expect(g.out.every((l) => sorted(l.map((e) => g.nodes[e.to]!.arn)))).toBe(true);
    expect(g.in.every((l) => sorted(l.map((e) => g.nodes[e.from]!.arn)))).toBe(true);
    expect(g.out.some((l) => l.length > 2)).toBe(true);
  });

  it("the screens on and off build the same index", () => {
    const on = buildIndex(demo);
    const off = buildIndex(demo, { screens: false });
    expect(edgeList(on)).toEqual(edgeList(off));
    expect(on.diagnosed).toBeLessThanOrEqual(off.diagnosed);
  });

  it("assumers pages are the same with the screens on and off", () => {
    let compared = 0;
    for (const role of demo.roles.values()) {
      if (role.path.startsWith("/aws-service-role/")) continue;
      expect(assumersPage(demo, role)).toEqual(assumersPage(demo, role, { screens: false }));
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});
