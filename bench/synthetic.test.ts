// The synthetic snapshot of the account benchmark (bench/account.ts) must keep loading as what it
// claims to be, so that the benchmark cannot silently measure something else.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSnapshot } from "../lib/account/snapshot";
import { trustIndex, whoCanAssume } from "../lib/diagnose/assumers";
import { kindOf, SYNTHETIC_ACCOUNT, SYNTHETIC_ORG, syntheticSnapshot, writeSyntheticSnapshot, type TrustKind } from "./synthetic";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "rolecall-synthetic-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the synthetic snapshot", () => {
  it("loads with the counts it was asked for, without problems", async () => {
    const w = await writeSyntheticSnapshot(dir, { roles: 120, users: 50, policies: 30, organization: true });
    expect(w.bytes).toBeGreaterThan(100_000);
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.loadedAccounts()).toEqual([SYNTHETIC_ACCOUNT]);
    expect(m.roles.size).toBe(120);
    expect(m.users.size).toBe(50);
    expect(m.groups.size).toBe(w.snapshot.counts.groups);
    expect(m.policies.size).toBe(30);
    expect(w.snapshot.counts).toMatchObject({ roles: 120, users: 50, policies: 30 });
    expect([...m.policies.values()].every((p) => p.origin === "snapshot" && p.document)).toBe(true);
    expect(m.organizationId).toBe(SYNTHETIC_ORG);
    expect(m.accounts.get(SYNTHETIC_ACCOUNT)!.org!.scps).toHaveLength(3);

    // no list-roles file: every MaxSessionDuration unknown; nothing else unknown (every referenced policy is included)
    expect(new Set(m.unknowns.map((u) => u.fact))).toEqual(new Set(["MaxSessionDuration"]));

    // what the benchmark relies on: realistic shapes
    const roles = [...m.roles.values()];
    const nonSlr = roles.filter((r) => kindOf(r) !== "slr");
    for (const r of nonSlr) {
      expect(r.inlinePolicies.length).toBeGreaterThanOrEqual(2);
      expect(r.inlinePolicies.length).toBeLessThanOrEqual(4);
    }
    expect(nonSlr.some((r) => r.attachedPolicies.length > 0)).toBe(true);
    expect(roles.some((r) => r.instanceProfiles.length > 0)).toBe(true);
    expect(roles.some((r) => r.permissionsBoundary)).toBe(true);
    expect([...m.users.values()].every((u) => u.groups.length >= 1)).toBe(true);
    expect(JSON.stringify(roles.map((r) => r.inlinePolicies))).toMatch(/\*/);
  });

  it("gives each kind of trust policy what its name says", async () => {
    await writeSyntheticSnapshot(dir, { roles: 400, users: 40, policies: 20 });
    const m = await loadSnapshot(dir);
    const seen = new Map<TrustKind, number>();
    for (const r of m.roles.values()) {
      const kind = kindOf(r);
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      const idx = trustIndex(r);
      if (kind === "acct") expect(idx.accounts.has(SYNTHETIC_ACCOUNT)).toBe(true);
      if (kind === "named") expect(idx.users.size + idx.roles.size).toBeGreaterThan(0);
      if (kind === "svc" || kind === "slr") expect(idx.services.size).toBe(1);
      if (kind === "ext") expect(idx.accounts.size === 1 && !idx.accounts.has(SYNTHETIC_ACCOUNT)).toBe(true);
      if (kind === "org") expect(idx.everyone).toBe(true);
      if (kind === "mixed") expect(idx.accounts.has(SYNTHETIC_ACCOUNT) && idx.services.size === 1).toBe(true);
      if (kind === "oidc") expect(idx.accounts.size + idx.users.size + idx.roles.size + idx.services.size).toBe(0);
    }
    expect([...seen.keys()].sort()).toEqual(["acct", "ext", "mixed", "named", "oidc", "org", "slr", "svc"]);
    expect(seen.get("acct")! / m.roles.size).toBeGreaterThan(0.08);
  });

  it("is deterministic, and reads the same URL-encoded as decoded", async () => {
    const a = syntheticSnapshot({ roles: 30, users: 10, policies: 8 });
    const b = syntheticSnapshot({ roles: 30, users: 10, policies: 8 });
    expect(JSON.stringify(a.details)).toBe(JSON.stringify(b.details));

    await writeSyntheticSnapshot(path.join(dir, "decoded"), { roles: 30, users: 10, policies: 8 });
    const w = await writeSyntheticSnapshot(path.join(dir, "encoded"), { roles: 30, users: 10, policies: 8, encoding: "url-encoded" });
    expect(typeof (w.snapshot.details.RoleDetailList as Array<{ AssumeRolePolicyDocument: unknown }>)[0]!.AssumeRolePolicyDocument).toBe("string");
    const decoded = await loadSnapshot(path.join(dir, "decoded"));
    const encoded = await loadSnapshot(path.join(dir, "encoded"));
    expect(encoded.problems).toEqual([]);
    expect([...encoded.roles.values()]).toEqual([...decoded.roles.values()]);
    expect([...encoded.policies.values()]).toEqual([...decoded.policies.values()]);
  });

  it("references AWS managed policies by ARN only when asked: the loader takes them from the bundled package", async () => {
    const adminArn = "arn:aws:iam::aws:policy/AdministratorAccess";
    await writeSyntheticSnapshot(dir, { roles: 200, users: 20, policies: 10, awsManagedByArnOnly: [adminArn] });
    const m = await loadSnapshot(dir);
    expect(m.problems).toEqual([]);
    expect(m.policies.get(adminArn)).toMatchObject({ origin: "bundled" });
  });

  it("gives who-can-assume answers of every kind once there is an Organization file", async () => {
    await writeSyntheticSnapshot(dir, { roles: 80, users: 40, policies: 10, organization: true });
    const m = await loadSnapshot(dir);
    const verdicts = new Set<string>();
    for (const r of [...m.roles.values()].filter((x) => kindOf(x) === "acct")) for (const v of whoCanAssume(m, r)) verdicts.add(v.verdict);
    expect([...verdicts].sort()).toEqual(["allowed", "denied", "unknown"]);
  });
});
