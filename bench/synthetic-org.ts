// A synthetic organization for the organization benchmark (bench/org.ts): 12 accounts (by
// default), 12,000 roles and 4,000 users, written through the snapshot file formats —
// `<account>/iam.json` (get-account-authorization-details) per account, made by bench/synthetic.ts,
// and one `organization.json` with every account's SCP and RCP levels. Deterministic (seeded),
// written at bench time, never committed.
//
// On top of each account's own trust kinds (service-only, account root with MFA or tags,
// specific ARNs, external ID, "*" with aws:PrincipalOrgID, …) it adds what only an organization
// has:
//   cross    ~4% of the roles also trust a role or the root of another account of the
//            organization, some with aws:PrincipalOrgID; the trusted role's policy allows it
//   chains   role chains of two to four hops across accounts: each role of a chain trusts the one
//            before it, whose policy allows sts:AssumeRole on it — the paths the reachability
//            index must find

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { SYNTHETIC_ORG, syntheticSnapshot, type SyntheticOptions } from "./synthetic";

export interface OrgOptions {
  accounts: number;
  roles: number;
  users: number;
  /** managed policies per account */
  policies: number;
  seed?: number;
  /** role chains (each two to four hops) */
  chains?: number;
}

export const ORG_FULL: OrgOptions = { accounts: 12, roles: 12_000, users: 4_000, policies: 1_200, chains: 200 };

export function orgAccount(i: number): string {
  return String(100_000_000_001 + i);
}

type Doc = { Version: string; Statement: Record<string, unknown>[] };
interface RoleEntry {
  Arn: string;
  Path: string;
  RoleName: string;
  AssumeRolePolicyDocument: Doc;
  RolePolicyList: Array<{ PolicyName: string; PolicyDocument: Doc }>;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WrittenOrg {
  dir: string;
  bytes: number;
  counts: { accounts: number; roles: number; users: number; crossAccountTrusts: number; chains: number; chainHops: number };
}

/** Write the organization under `dir`: one folder per account, and organization.json. */
export async function writeSyntheticOrg(dir: string, o: OrgOptions): Promise<WrittenOrg> {
  const next = rng(o.seed ?? 20261201);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const perAccount = (total: number, i: number) => Math.floor(total / o.accounts) + (i < total % o.accounts ? 1 : 0);
  const accounts = Array.from({ length: o.accounts }, (_, i) => orgAccount(i));
  const snapshots = accounts.map((account, i) =>
    syntheticSnapshot({ account, roles: perAccount(o.roles, i), users: perAccount(o.users, i), policies: Math.max(10, Math.round(o.policies / o.accounts)), seed: (o.seed ?? 20261201) + i, organization: true } satisfies SyntheticOptions),
  );
  const roles = snapshots.map((s) => (s.details.RoleDetailList as RoleEntry[]).filter((r) => !r.Path.startsWith("/aws-service-role/")));
  const allow = (from: RoleEntry, to: string, sid: string) => {
    const target = from.RolePolicyList[0];
    if (target) target.PolicyDocument.Statement.push({ Sid: sid, Effect: "Allow", Action: "sts:AssumeRole", Resource: to });
  };

  // cross-account trusts
  let cross = 0;
  for (let i = 0; i < o.accounts; i++) {
    for (const r of roles[i]!) {
      if (next() >= 0.04 || o.accounts < 2) continue;
      let j = Math.floor(next() * o.accounts);
      if (j === i) j = (j + 1) % o.accounts;
      const other = pick(roles[j]!);
      if (next() < 0.6) {
        r.AssumeRolePolicyDocument.Statement.push({ Sid: "FromAnotherAccountRole", Effect: "Allow", Principal: { AWS: other.Arn }, Action: "sts:AssumeRole" });
        allow(other, r.Arn, "AssumeIntoAnotherAccount");
      } else {
        r.AssumeRolePolicyDocument.Statement.push({ Sid: "FromAnotherAccount", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accounts[j]}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": SYNTHETIC_ORG } } });
        allow(other, r.Arn, "AssumeIntoAnotherAccount");
      }
      cross++;
    }
  }

  // role chains across accounts
  let chainHops = 0;
  const chains = o.accounts < 2 ? 0 : (o.chains ?? Math.round(o.roles / 60));
  for (let c = 0; c < chains; c++) {
    const length = 2 + Math.floor(next() * 3);
    let prev = pick(roles[Math.floor(next() * o.accounts)]!);
    for (let h = 1; h < length; h++) {
      const to = pick(roles[Math.floor(next() * o.accounts)]!);
      if (to === prev) continue;
      to.AssumeRolePolicyDocument.Statement.push({ Sid: `Chain${c}Hop${h}`, Effect: "Allow", Principal: { AWS: prev.Arn }, Action: "sts:AssumeRole", ...(next() < 0.2 ? { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } } : {}) });
      allow(prev, to.Arn, `Chain${c}Next${h}`);
      chainHops++;
      prev = to;
    }
  }

  await mkdir(dir, { recursive: true });
  let bytes = 0;
  const orgAccounts: Record<string, unknown> = {};
  for (const [i, s] of snapshots.entries()) {
    const d = path.join(dir, accounts[i]!);
    await mkdir(d, { recursive: true });
    const text = JSON.stringify(s.details, null, 4);
    await writeFile(path.join(d, "iam.json"), text);
    bytes += Buffer.byteLength(text);
    Object.assign(orgAccounts, (s.organization as { Organization: { Accounts: Record<string, unknown> } }).Organization.Accounts);
  }
  const org = JSON.stringify({ Organization: { Id: SYNTHETIC_ORG, Accounts: orgAccounts } }, null, 2);
  await writeFile(path.join(dir, "organization.json"), org);
  bytes += Buffer.byteLength(org);
  return { dir, bytes, counts: { accounts: o.accounts, roles: o.roles, users: o.users, crossAccountTrusts: cross, chains, chainHops } };
}
