// The screens and the shared verdicts (lib/diagnose/screen.ts) never change an answer: on a small
// synthetic organization, who-can-assume and the reachability index agree with a full diagnosis of
// every caller the trust policy admits, for the roles where they save the most (whole account, "*").
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountModel } from "../lib/account/model";
import { loadSnapshot } from "../lib/account/snapshot";
import { admittedPrincipals, assumersPage, principalIndex, trustIndex, whoCanAssume } from "../lib/diagnose/assumers";
import { diagnoseAssumeRole } from "../lib/diagnose/diagnose";
import { reachabilityIndex, reachableFrom, reachersOf } from "../lib/paths";
import { buildIndex } from "../lib/paths/graph";
import { reachersBfs } from "../lib/paths/search";
import { bruteForceEdges, edgeList } from "../lib/testing/edges";
import { sessionArn, DEFAULT_SESSION } from "../lib/paths/hop";
import { kindOf } from "./synthetic";
import { writeSyntheticOrg } from "./synthetic-org";

let dir: string;
let model: AccountModel;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "rc-org-test-"));
  await writeSyntheticOrg(dir, { accounts: 3, roles: 900, users: 240, policies: 60, chains: 30, seed: 7 });
  model = await loadSnapshot(dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sample = () => {
  const roles = [...model.roles.values()];
  const crossTrust = roles.filter((r) => JSON.stringify(r.trustPolicy).includes("FromAnotherAccount"));
  return [...new Set([...roles.filter((r) => kindOf(r) === "org"), ...roles.filter((r) => kindOf(r) === "acct").slice(0, 15), ...roles.filter((r) => kindOf(r) === "named").slice(0, 6), ...crossTrust.slice(0, 10)])];
};

describe("synthetic organization", () => {
  it("has what an organization has: several accounts, cross-account trusts, chains", () => {
    expect(model.loadedAccounts()).toHaveLength(3);
    expect(model.organizationId).toBe("o-synth00001");
    const cross = [...model.roles.values()].filter((r) => JSON.stringify(r.trustPolicy).includes("FromAnotherAccount"));
    expect(cross.length).toBeGreaterThan(10);
  });

  it("who-can-assume, screened and shared, agrees with the full diagnosis of every admitted caller", () => {
    const pi = principalIndex(model);
    let compared = 0;
    for (const role of sample()) {
      const got = new Map(whoCanAssume(model, role).map((v) => [v.principal, v]));
      for (const p of admittedPrincipals(pi, trustIndex(role))) {
        const d = diagnoseAssumeRole(model, { principal: p.arn, role: role.arn }, { lean: true });
        const v = got.get(p.arn)!;
        expect({ role: role.arn, p: p.arn, verdict: v.verdict }).toEqual({ role: role.arn, p: p.arn, verdict: d.verdict });
        if (!v.screened) expect(v.blockedBy).toEqual(d.blockedBy);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  }, 300_000);

  it("the reachability index's edges are exactly the callers whose full diagnosis is not denied", () => {
    const g = reachabilityIndex(model);
    expect(g.shared).toBeGreaterThan(0);
    const pi = principalIndex(model);
    for (const role of sample()) {
      const t = g.byArn.get(role.arn)!;
      const edges = new Map(g.in[t]!.map((e) => [g.nodes[e.from]!.arn, e.verdict]));
      for (const p of admittedPrincipals(pi, trustIndex(role))) {
        if (p.arn === role.arn) continue;
        const caller = p.kind === "role" ? sessionArn(model.roles.get(p.arn)!, DEFAULT_SESSION) : p.arn;
        const d = diagnoseAssumeRole(model, { principal: caller, role: role.arn }, { lean: true }).verdict;
        expect({ role: role.arn, p: p.arn, verdict: edges.get(p.arn) ?? "denied" }).toEqual({ role: role.arn, p: p.arn, verdict: d });
      }
    }
  }, 300_000);
});

// A smaller organization, small enough to diagnose every (caller, role) pair in full.
describe("a small synthetic organization, every pair diagnosed", () => {
  let small: AccountModel;
  let smallDir: string;
  beforeAll(async () => {
    smallDir = mkdtempSync(path.join(os.tmpdir(), "rc-org-small-"));
    await writeSyntheticOrg(smallDir, { accounts: 2, roles: 180, users: 60, policies: 24, chains: 12, seed: 11 });
    small = await loadSnapshot(smallDir);
  }, 120_000);
  afterAll(() => rmSync(smallDir, { recursive: true, force: true }));

  it("the index (grant index, caller classes, certain Denies, shared verdicts) has exactly the edges of a full diagnosis", () => {
    const g = buildIndex(small);
    const fast = edgeList(g).filter((e) => !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)? →/.test(e));
    expect(g.shared).toBeGreaterThan(100);
    expect(fast.length).toBeGreaterThan(500);
    expect(fast).toEqual(bruteForceEdges(small, g));
  }, 300_000);

  it("reachers and reachable are the same with the screens on and off", () => {
    const on = buildIndex(small);
    const off = buildIndex(small, { screens: false });
    expect(edgeList(on)).toEqual(edgeList(off));
    expect(on.diagnosed).toBeLessThanOrEqual(off.diagnosed);
    // who reaches each role, at what distance and how surely (allowed / unknown), by either index
    const reached = (g: typeof on, arn: string) => {
      const b = reachersBfs(g, g.byArn.get(arn)!, 4);
      return b.reached.map((id) => `${g.nodes[id]!.arn} ${b.dist[id]} ${b.rank[id]}`).sort();
    };
    let chained = 0;
    for (const r of [...small.roles.values()].filter((x) => !x.path.startsWith("/aws-service-role/"))) {
      const a = reached(on, r.arn);
      expect(a).toEqual(reached(off, r.arn));
      if (a.some((x) => / [2-4] /.test(x))) chained++;
    }
    expect(chained).toBeGreaterThan(0);
    // and the API's answers from the model's own index
    const role = [...small.roles.values()].find((r) => reachersOf(small, r).some((x) => x.hops > 1));
    expect(role).toBeDefined();
    expect([...small.users.values()].some((u) => reachableFrom(small, u.arn).length > 0)).toBe(true);
  }, 300_000);

  it("assumers pages are the same with the screens on and off, for every role", () => {
    for (const role of small.roles.values()) {
      if (role.path.startsWith("/aws-service-role/")) continue;
      expect({ role: role.arn, page: assumersPage(small, role) }).toEqual({ role: role.arn, page: assumersPage(small, role, { screens: false }) });
    }
  }, 300_000);
});
