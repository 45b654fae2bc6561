// Who can assume a role, and what can a principal assume. Only the principals a trust policy
// could admit are diagnosed in full: trust policies are indexed by the principals and accounts
// they name, and everyone else is denied by the trust policy without evaluation.

import type { AccountModel, IamRole } from "@/lib/account/model";
import { parseArn, splitIamResource } from "@/lib/policy/arn";
import { UNIQUE_ID } from "@/lib/policy/principal";
import { diagnoseAssumeRole } from "./diagnose";
import { roleProfile } from "./profile";
import { grantIndex, mayBeGranted, screenPair, type GrantIndex, type PairMemo } from "./screen";
import type { CheckId, DiagnoseResult } from "./types";

export type PrincipalKind = "user" | "role" | "root" | "service";

export interface KnownPrincipal {
  arn: string;
  kind: PrincipalKind;
  name: string;
  account?: string;
}

export interface AssumeVerdict {
  principal: string;
  kind: PrincipalKind;
  name: string;
  account?: string;
  role: string;
  verdict: DiagnoseResult["verdict"];
  blockedBy: CheckId[];
  /** condition keys the answer depends on; with `verdict: "unknown"` it is allowed only with them */
  dependsOn: string[];
  /** "allowed with MFA", "allowed with the external ID", … */
  conditions: string[];
  /** the role was not evaluated in full: the trust policy does not name this principal or its account */
  screened: boolean;
}

/** What a trust policy's Allow statements for sts:AssumeRole name. */
export interface TrustIndex {
  everyone: boolean;
  accounts: Set<string>;
  users: Set<string>;
  /** "account:lower-case role name" */
  roles: Set<string>;
  services: Set<string>;
}

const cache = new WeakMap<object, TrustIndex>();

export function trustIndex(role: IamRole): TrustIndex {
  const hit = cache.get(role.trustPolicy);
  if (hit) return hit;
  const idx: TrustIndex = { everyone: false, accounts: new Set(), users: new Set(), roles: new Set(), services: new Set() };
  const statements = Array.isArray(role.trustPolicy.Statement) ? role.trustPolicy.Statement : [role.trustPolicy.Statement];
  for (const st of statements as Record<string, unknown>[]) {
    if (!st || st.Effect !== "Allow") continue;
    const p = st.Principal as Record<string, unknown> | string | undefined;
    if (p === "*") {
      idx.everyone = true;
      continue;
    }
    if (!p || typeof p !== "object") continue;
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
    for (const v of list(p.AWS)) {
      if (v === "*") idx.everyone = true;
      else if (/^\d{12}$/.test(v)) idx.accounts.add(v);
      else if (UNIQUE_ID.test(v)) continue;
      else {
        const arn = parseArn(v);
        if (!arn) continue;
        if (arn.service === "iam" && arn.resource === "root") idx.accounts.add(arn.account);
        else if (arn.service === "iam") {
          const r = splitIamResource(arn.resource);
          if (r.type === "user") idx.users.add(v);
          if (r.type === "role") idx.roles.add(`${arn.account}:${r.name.toLowerCase()}`);
        } else if (arn.service === "sts") {
          const [kind, roleName] = arn.resource.split("/");
          if (kind === "assumed-role" && roleName) idx.roles.add(`${arn.account}:${roleName.toLowerCase()}`);
        }
      }
    }
    for (const v of list(p.Service)) idx.services.add(v.toLowerCase());
  }
  cache.set(role.trustPolicy, idx);
  return idx;
}

export function admits(idx: TrustIndex, p: KnownPrincipal): boolean {
  if (p.kind === "service") return idx.services.has(p.arn.toLowerCase());
  if (idx.everyone || (p.account && idx.accounts.has(p.account))) return true;
  if (p.kind === "user") return idx.users.has(p.arn);
  if (p.kind === "role") return idx.roles.has(`${p.account}:${p.name.toLowerCase()}`);
  return false;
}

/** Every principal the model knows: users, roles, account roots; plus the given services. */
export function knownPrincipals(model: AccountModel, services: Iterable<string> = []): KnownPrincipal[] {
  const out: KnownPrincipal[] = [];
  for (const u of model.users.values()) out.push({ arn: u.arn, kind: "user", name: u.name, account: u.account });
  for (const r of model.roles.values()) {
    if (r.path.startsWith("/aws-service-role/")) continue;
    out.push({ arn: r.arn, kind: "role", name: r.name, account: r.account });
  }
  for (const a of model.loadedAccounts()) out.push({ arn: `arn:aws:iam::${a}:root`, kind: "root", name: `${a} root user`, account: a });
  for (const s of services) out.push({ arn: s, kind: "service", name: s });
  return out;
}

const CONDITION_TEXT: Record<string, string> = {
  "aws:multifactorauthpresent": "with MFA",
  "aws:multifactorauthage": "with a recent MFA sign-in",
  "sts:externalid": "with the external ID",
  "aws:sourceip": "from an allowed IP address",
  "sts:rolesessionname": "with an allowed session name",
  "aws:sourceaccount": "when acting for the right account",
  "aws:sourcearn": "when acting for the right resource",
};

function conditionsText(keys: string[]): string[] {
  return keys.map((k) => `allowed ${CONDITION_TEXT[k.toLowerCase()] ?? `if ${k} matches`}`);
}

const TRUST_ONLY: CheckId[] = ["trust-policy"];
const IDENTITY_ONLY: CheckId[] = ["identity-policy"];
const NOTHING: string[] = [];

/** The verdict from a full (lean) diagnosis. */
function diagnosed(model: AccountModel, role: IamRole, p: KnownPrincipal): AssumeVerdict {
  const r = diagnoseAssumeRole(model, { principal: p.arn, role: role.arn }, { lean: true });
  const dependsOn = [...new Set(r.checks.flatMap((c) => (c.status === "unknown" ? (c.unknownKeys ?? []) : [])))];
  return { principal: p.arn, kind: p.kind, name: p.name, account: p.account, role: role.arn, verdict: r.verdict, blockedBy: r.blockedBy, dependsOn, conditions: r.verdict === "unknown" ? conditionsText(dependsOn) : [], screened: false };
}

/** Verdicts of callers that must get the same one (screen.ts sharedVerdictKey), for one role. */
type Shared = Map<string, AssumeVerdict> & { memo?: PairMemo };

function assess(model: AccountModel, role: IamRole, p: KnownPrincipal, idx: TrustIndex, shared?: Shared): AssumeVerdict {
  if (!admits(idx, p)) {
    // Most principals end here: keep them cheap (shared, never-mutated arrays).
    return { principal: p.arn, kind: p.kind, name: p.name, account: p.account, role: role.arn, verdict: "denied", blockedBy: TRUST_ONLY, dependsOn: NOTHING, conditions: NOTHING, screened: true };
  }
  const base = { principal: p.arn, kind: p.kind, name: p.name, account: p.account, role: role.arn };
  if (p.kind === "root") {
    return { ...base, verdict: "denied", blockedBy: ["identity-policy"], dependsOn: [], conditions: ["root user credentials cannot call AssumeRole"], screened: true };
  }
  // The identity side must allow and certainly does not (screen.ts): denied without a diagnosis.
  // blockedBy then names that check alone; a full diagnosis may name others as well.
  if (shared && !shared.memo) shared.memo = new Map();
  const screen = screenPair(model, role, p, idx, p.arn, false, shared?.memo);
  if (screen === false) return { ...base, verdict: "denied", blockedBy: IDENTITY_ONLY, dependsOn: NOTHING, conditions: NOTHING, screened: true };
  const key = shared ? screen : undefined;
  if (key === undefined) return diagnosed(model, role, p);
  const hit = shared!.get(key);
  if (hit) return { ...hit, ...base };
  const v = diagnosed(model, role, p);
  shared!.set(key, v);
  return v;
}

const ORDER: Record<AssumeVerdict["verdict"], number> = { allowed: 0, unknown: 1, denied: 2 };

/** ARNs are ASCII: plain code-unit order is right, and much cheaper than localeCompare. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortVerdicts(a: AssumeVerdict, b: AssumeVerdict): number {
  return ORDER[a.verdict] - ORDER[b.verdict] || Number(a.screened) - Number(b.screened) || byText(a.principal, b.principal);
}

/** Every known principal with its verdict for sts:AssumeRole on the role. */
export function whoCanAssume(model: AccountModel, role: IamRole): AssumeVerdict[] {
  const idx = trustIndex(role);
  roleProfile(model, role);
  const shared: Shared = new Map();
  return knownPrincipals(model, idx.services)
    .map((p) => assess(model, role, p, idx, shared))
    .sort(sortVerdicts);
}

/** Every known role with the principal's verdict. */
export function assumableBy(model: AccountModel, principalArn: string): AssumeVerdict[] {
  const arn = parseArn(principalArn);
  let p: KnownPrincipal;
  if (!arn) p = { arn: principalArn, kind: "service", name: principalArn };
  else {
    const r = splitIamResource(arn.resource);
    if (arn.service === "sts" && arn.resource.startsWith("assumed-role/")) {
      const roleName = arn.resource.split("/")[1] ?? "";
      p = { arn: principalArn, kind: "role", name: roleName, account: arn.account };
    } else {
      p = { arn: principalArn, kind: arn.resource === "root" ? "root" : r.type === "role" ? "role" : "user", name: r.name || arn.resource, account: arn.account };
    }
  }
  return [...model.roles.values()]
    .filter((r) => !r.path.startsWith("/aws-service-role/"))
    .map((role) => {
      const v = assess(model, role, p, trustIndex(role));
      return { ...v, principal: principalArn };
    })
    .sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || Number(a.screened) - Number(b.screened) || byText(a.role, b.role));
}

// ---- GET /api/roles/{role}/assumers: who can (allowed or unknown), the named, counts, pages ----

/** Known principals by account and by the keys a trust index uses, rebuilt when the model grows. */
export interface PrincipalIndex {
  all: KnownPrincipal[];
  byAccount: Map<string, KnownPrincipal[]>;
  users: Map<string, KnownPrincipal>;
  /** "account:lower-case role name" */
  roles: Map<string, KnownPrincipal>;
  size: number;
}

const principalIndexes = new WeakMap<AccountModel, PrincipalIndex>();

/** A lazy source (aws) adds principals as it reads them: the index follows the model's size. */
function modelSize(model: AccountModel): number {
  return model.users.size * 1_000_003 + model.roles.size * 1_009 + model.loadedAccounts().length;
}

export function principalIndex(model: AccountModel): PrincipalIndex {
  const size = modelSize(model);
  const hit = principalIndexes.get(model);
  if (hit && hit.size === size) return hit;
  const all = knownPrincipals(model);
  const idx: PrincipalIndex = { all, byAccount: new Map(), users: new Map(), roles: new Map(), size };
  for (const p of all) {
    if (p.kind === "root" || !p.account) continue;
    let list = idx.byAccount.get(p.account);
    if (!list) idx.byAccount.set(p.account, (list = []));
    list.push(p);
    if (p.kind === "user") idx.users.set(p.arn, p);
    else idx.roles.set(`${p.account}:${p.name.toLowerCase()}`, p);
  }
  principalIndexes.set(model, idx);
  return idx;
}

/** The users and roles a trust policy names by ARN, into `out`. */
function addNamed(out: Set<KnownPrincipal>, pi: PrincipalIndex, idx: TrustIndex): void {
  for (const u of idx.users) {
    const p = pi.users.get(u);
    if (p) out.add(p);
  }
  for (const k of idx.roles) {
    const p = pi.roles.get(k);
    if (p) out.add(p);
  }
}

/** The users and roles a trust index could admit (a superset: conditions are not looked at). */
export function admittedPrincipals(pi: PrincipalIndex, idx: TrustIndex): KnownPrincipal[] {
  if (idx.everyone) return pi.all.filter((p) => p.kind === "user" || p.kind === "role");
  const out = new Set<KnownPrincipal>();
  for (const a of idx.accounts) for (const p of pi.byAccount.get(a) ?? []) out.add(p);
  addNamed(out, pi, idx);
  return [...out];
}

const grantIndexes = new WeakMap<PrincipalIndex, Map<string, GrantIndex>>();

/**
 * The users and roles a trust index could admit whose identity side the screen could let through
 * (screen.ts identityScreensOut): those it names, the role's own account when it admits everyone,
 * and the callers whose sts:AssumeRole grants may cover the role (screen.ts grantIndex). Every
 * admitted principal left out is one the identity screen denies. `session`: the callers are
 * diagnosed as sessions of their roles (`arnOf` gives that ARN; the index is kept per mode), and
 * `mode.gi` an index of some callers only (screen.ts grantIndex), when only those are asked about.
 */
export function screenedCandidates(model: AccountModel, pi: PrincipalIndex, idx: TrustIndex, role: IamRole, mode: { name: string; arnOf: (p: KnownPrincipal) => string; gi?: GrantIndex } = { name: "arn", arnOf: (p) => p.arn }): Set<KnownPrincipal> {
  let gi = mode.gi;
  if (!gi) {
    let byMode = grantIndexes.get(pi);
    if (!byMode) grantIndexes.set(pi, (byMode = new Map()));
    gi = byMode.get(mode.name);
    if (!gi) byMode.set(mode.name, (gi = grantIndex(model, pi.all, mode.arnOf)));
  }
  const out = new Set<KnownPrincipal>();
  addNamed(out, pi, idx);
  if (idx.everyone) {
    for (const p of pi.byAccount.get(role.account) ?? []) out.add(p);
    mayBeGranted(gi, role.arn, role.account, undefined, out);
  } else if (idx.accounts.size) mayBeGranted(gi, role.arn, role.account, idx.accounts, out);
  return out;
}

/** The known principals the trust policy names by ARN (a named principal who is denied is what a person asks about). */
function namedPrincipals(pi: PrincipalIndex, idx: TrustIndex): Set<string> {
  const out = new Set<string>();
  for (const u of idx.users) if (pi.users.has(u)) out.add(u);
  for (const k of idx.roles) {
    const p = pi.roles.get(k);
    if (p) out.add(p.arn);
  }
  return out;
}

export const ASSUMERS_PAGE = 500;

export interface AssumersPage {
  role: string;
  principals: AssumeVerdict[];
  counts: { allowed: number; unknown: number; denied: number };
  /** where the next page starts; null on the last page */
  nextOffset: number | null;
}

export interface AssumersOptions {
  /** "denied": the denied principals instead of those who can */
  verdict?: "denied";
  /** the first row of the page */
  offset?: number;
  limit?: number;
  /** false: assess every principal the trust index admits one by one (tests compare the two) */
  screens?: boolean;
}

/**
 * Who can assume the role: the principals whose verdict is allowed or unknown, plus those the
 * trust policy names by ARN whatever their verdict; `counts` over every known principal (users,
 * roles, account roots, the services the trust policy names). Only the principals the trust
 * index admits are looked at one by one; everyone else is counted as denied by the trust policy.
 */
export function assumersPage(model: AccountModel, role: IamRole, o: AssumersOptions = {}): AssumersPage {
  const idx = trustIndex(role);
  roleProfile(model, role);
  const pi = principalIndex(model);
  const services = [...idx.services].map((s): KnownPrincipal => ({ arn: s, kind: "service", name: s }));
  const admittedPeople = admittedPrincipals(pi, idx);
  // Who can is found among the screen's candidates; the other admitted principals are denied by
  // the identity screen, and only the page of denied principals lists them.
  // The grant index costs every principal's profile once: worth it when the role admits a good
  // part of them (their profiles are needed anyway), or when it is built already.
  const screenFast = o.verdict !== "denied" && o.screens !== false && (admittedPeople.length * 4 >= pi.all.length || grantIndexes.get(pi)?.has("arn") === true);
  const admitted = [...(screenFast ? screenedCandidates(model, pi, idx, role) : admittedPeople), ...services];
  const shared: Shared = new Map();
  const assessed = admitted.map((p) => assess(model, role, p, idx, shared));
  const named = namedPrincipals(pi, idx);
  const counts = { allowed: 0, unknown: 0, denied: 0 };
  for (const v of assessed) counts[v.verdict] += 1;
  // Admitted principals the candidates leave out: denied by the identity screen.
  counts.denied += admittedPeople.length - (admitted.length - services.length);
  // Roots and principals the trust index does not admit: denied by the trust policy (roots also by R1.16).
  counts.denied += pi.all.length - admittedPeople.length;
  const limit = o.limit ?? ASSUMERS_PAGE;
  const offset = o.offset ?? 0;
  let rows: AssumeVerdict[];
  if (o.verdict === "denied") {
    const admittedArns = new Set(admitted.map((p) => p.arn));
    const denied = assessed.filter((v) => v.verdict === "denied").sort(sortVerdicts);
    const page: AssumeVerdict[] = [];
    // the assessed ones first (they got further), then everyone the trust policy does not name
    for (let i = offset; page.length < limit && i < denied.length; i++) page.push(denied[i]!);
    if (page.length < limit) {
      let skip = Math.max(0, offset - denied.length);
      for (const p of pi.all) {
        if (page.length >= limit) break;
        if (admittedArns.has(p.arn)) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        page.push(assess(model, role, p, idx));
      }
    }
    rows = page;
  } else {
    rows = assessed.filter((v) => v.verdict !== "denied" || named.has(v.principal)).sort(sortVerdicts).slice(offset, offset + limit);
  }
  // A screened denial names one blocking check: on the page, diagnose it in full so blockedBy is complete.
  rows = rows.map((v) => (v.screened && v.blockedBy === IDENTITY_ONLY ? diagnosed(model, role, { arn: v.principal, kind: v.kind, name: v.name, account: v.account }) : v));
  const total = o.verdict === "denied" ? counts.denied : assessed.filter((v) => v.verdict !== "denied" || named.has(v.principal)).length;
  return { role: role.arn, principals: rows, counts, nextOffset: offset + limit < total ? offset + limit : null };
}
