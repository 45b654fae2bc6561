// Cheap pre-filters for who-can-assume and role-chain reachability: they decide that a caller is
// denied without a full diagnosis, and only when that is certain. A screen may let through a
// caller that the diagnosis then denies; it must never hold back one that could be allowed.
//
// 1. The trust index (assumers.ts): a trust policy that names neither the caller, its account nor
//    everyone denies it (rules reference R1.5).
// 2. The identity side: when the trust policy delegates to the caller's account (it names the
//    account, not the caller) or the role is in another account, the caller's identity policies
//    must allow sts:AssumeRole on the role (R1.6, R1.12). A caller none of whose Allow statements
//    covers sts:AssumeRole on that ARN — conditions ignored, which can only let more through — is
//    denied by the identity-policy check. The grant index (below) asks it the other way round:
//    which callers' statements may cover this role.
// 3. For the reachability index only: a valid identity Deny without conditions that covers the
//    role denies it, whatever the rest says (R1.1).
// Callers that get the same verdict share one diagnosis (sharedVerdictKey, screenPair).

import type { AccountModel, IamRole } from "@/lib/account/model";
import type { CompiledPolicy } from "@/lib/policy/compile";
import { evaluateCondition } from "@/lib/policy/conditions/evaluate";
import { RequestContext } from "@/lib/policy/context";
import type { CallerProfile } from "./profile";
import { callerProfile, roleProfile } from "./profile";
import type { KnownPrincipal, TrustIndex } from "./assumers";

/** The role ARNs an identity's Allow statements for sts:AssumeRole may cover. */
export interface AssumeGrants {
  /** a statement covers every role (Resource "*", NotResource, a policy variable, …) */
  any: boolean;
  patterns: Array<(arn: string) => boolean>;
  /** the same, from statements without conditions: these certainly allow */
  anyUnconditional: boolean;
  unconditional: Array<(arn: string) => boolean>;
}

const EMPTY_CONTEXT = new RequestContext();

/**
 * A statement's Resource patterns as the screens use them: "*", "variable" (a policy variable, which
 * needs the request to resolve), or a matcher of role ARNs outside any request; null when the
 * statement has no Resource list to read (NotResource, or none).
 */
type ResourceMatch = "*" | "variable" | ((arn: string) => boolean);
function resourceMatches(s: CompiledPolicy["statements"][number]): ResourceMatch[] | null {
  const raw = s.statement.resource;
  if (!s.resources || s.notResource || !raw) return null;
  return raw.map((pattern, i) => {
    if (pattern === "*") return "*";
    if (pattern.includes("${")) return "variable";
    const m = s.resources![i]!;
    return (arn: string) => m(arn, EMPTY_CONTEXT) === true;
  });
}
const grantsCache = new WeakMap<CallerProfile, AssumeGrants>();

export function assumeGrants(profile: CallerProfile): AssumeGrants {
  const hit = grantsCache.get(profile);
  if (hit) return hit;
  const g: AssumeGrants = { any: false, patterns: [], anyUnconditional: false, unconditional: [] };
  for (const policy of profile.identity) {
    for (const s of policy.statements) {
      if (s.statement.effect !== "Allow" || !s.coversAction("sts:assumerole")) continue;
      const free = s.conditions.length === 0;
      const matches = resourceMatches(s);
      if (!matches) {
        g.any = true;
        continue;
      }
      for (const m of matches) {
        if (m === "*") {
          g.any = true;
          if (free) g.anyUnconditional = true;
        } else if (m === "variable") g.any = true;
        else {
          g.patterns.push(m);
          if (free) g.unconditional.push(m);
        }
      }
    }
  }
  grantsCache.set(profile, g);
  return g;
}

export function grantsCover(g: AssumeGrants, roleArn: string): boolean {
  return g.any || g.patterns.some((p) => p(roleArn));
}

/** Whether the trust policy admits the caller by its own ARN or admits everyone (not just its account). */
export function namesCaller(idx: TrustIndex, p: KnownPrincipal): boolean {
  if (idx.everyone) return true;
  if (p.kind === "user") return idx.users.has(p.arn);
  if (p.kind === "role") return idx.roles.has(`${p.account}:${p.name.toLowerCase()}`);
  return false;
}

/**
 * Whether the caller is certainly denied on the identity side: the identity side must allow
 * (cross-account, or a trust policy that only names the caller's account), every identity policy
 * of the caller is known, and none covers sts:AssumeRole on the role.
 */
export function identityScreensOut(model: AccountModel, role: IamRole, p: KnownPrincipal, idx: TrustIndex, principalArn = p.arn): boolean {
  if (p.kind !== "user" && p.kind !== "role") return false;
  return screenedOut(role, p, idx, callerProfile(model, principalArn));
}

function screenedOut(role: IamRole, p: KnownPrincipal, idx: TrustIndex, profile: CallerProfile | string): boolean {
  const cross = p.account !== role.account;
  if (!cross && namesCaller(idx, p)) return false;
  if (typeof profile === "string" || profile.identityMissing.length > 0) return false;
  return !grantsCover(assumeGrants(profile), role.arn);
}

/** Unconditional identity Deny statements on sts:AssumeRole: every role, or the roles a pattern matches. */
const certainDenyCache = new WeakMap<CallerProfile, AssumeDenies>();

/**
 * Whether an identity policy certainly denies sts:AssumeRole on the role: a valid Deny statement
 * without conditions whose Action and Resource cover it. An explicit Deny in an identity policy
 * ends the request whatever the other policies say (rules reference R1.1).
 */
export function identityCertainlyDenies(profile: CallerProfile, roleArn: string): boolean {
  const d = certainDenies(profile);
  return d.any || matchesAny(d.patterns, roleArn);
}

function certainDenies(profile: CallerProfile): AssumeDenies {
  let d = certainDenyCache.get(profile);
  if (!d) {
    d = { any: false, patterns: [] };
    for (const policy of profile.identity) {
      for (const s of policy.statements) {
        if (s.statement.effect !== "Deny" || s.conditions.length > 0 || s.statement.condition || s.invalid || !s.coversAction("sts:assumerole")) continue;
        for (const m of resourceMatches(s) ?? []) {
          if (m === "*") d.any = true;
          else if (m !== "variable") d.patterns.push(m);
        }
      }
    }
    certainDenyCache.set(profile, d);
  }
  return d;
}

/**
 * The identity screen and the shared-verdict key of one (caller, role) pair at once: false when
 * the caller is certainly denied (identityScreensOut; with `certainDeny`, also an unconditional
 * identity Deny on the role), undefined when it must be diagnosed on its own, else its key.
 * The same answers as identityScreensOut and sharedVerdictKey, from what is gathered once per
 * caller (pairView) so that a caller asked about thousands of roles costs little per role.
 */
export function screenPair(model: AccountModel, role: IamRole, p: KnownPrincipal, idx: TrustIndex, principalArn: string | CallerProfile = p.arn, certainDeny = false, memo?: PairMemo): string | false | undefined {
  if (p.kind !== "user" && p.kind !== "role") return undefined;
  // a caller asked about many roles in a row may come with its profile (callerProfile(model, its ARN))
  const profile = typeof principalArn === "string" ? callerProfile(model, principalArn) : principalArn;
  if (typeof profile === "string") return screenedOut(role, p, idx, profile) ? false : undefined;
  const v = pairView(model, profile, p);
  const named = p.kind === "user" ? idx.users.has(p.arn) : idx.roles.has(v.trustKey);
  let head: string | false | undefined | null;
  if (named || !memo) head = classOutcome(model, v, role, p, idx, named, certainDeny);
  else {
    // callers of one class (pairView's classId) get the same outcome for the role, but for the
    // conditions that test the caller itself, evaluated below
    head = memo.get(v.classId);
    if (head === undefined) memo.set(v.classId, (head = classOutcome(model, v, role, p, idx, named, certainDeny) ?? null));
    if (head === null) head = undefined;
  }
  if (typeof head !== "string") return head;
  const rc = roleConditions(model, role)!;
  return rc.length ? `${head}${outcomesOf(rc, v.part!.ctx)}` : head;
}

/**
 * Outcomes of screenPair for one role, by caller class: reuse one per role (and per `certainDeny`),
 * never across roles. null stands for "diagnose on its own".
 */
export type PairMemo = Map<number, string | false | null>;

/** screenPair without the role's conditions on the caller (their outcomes end the key). */
function classOutcome(model: AccountModel, v: PairView, role: IamRole, p: KnownPrincipal, idx: TrustIndex, named: boolean, certainDeny: boolean): string | false | undefined {
  const arn = role.arn;
  const cross = p.account !== role.account;
  // identityScreensOut
  if ((cross || !(idx.everyone || named)) && v.known && !v.grants.any && !matchesAny(v.grants.patterns, arn)) return false;
  if (certainDeny && (v.certainDeny.any || matchesAny(v.certainDeny.patterns, arn))) return false;
  // sharedVerdictKey
  if (!p.account || named) return undefined;
  const mode = !cross && idx.everyone && !idx.accounts.has(p.account) ? "w" : cross || (!idx.everyone && idx.accounts.has(p.account)) ? "d" : undefined;
  if (!mode || !v.part || v.denies.any || matchesAny(v.denies.patterns, arn)) return undefined;
  let grants = "";
  if (mode === "d" && !v.grants.anyUnconditional && !matchesAny(v.grants.unconditional, arn)) {
    if (!v.conditional) return undefined;
    let ids: number[] | undefined;
    for (const c of v.conditional) if (c.match === null || c.match(arn)) (ids ??= []).push(c.id);
    if (!ids) grants = "?";
    else grants = ids.length === 1 ? `?${ids[0]}` : `?${ids.sort((a, b) => a - b).join("+")}`;
  }
  if (!roleConditions(model, role)) return undefined;
  const boundary = v.boundary && !boundaryCertainlyAllows(v.boundary, arn) ? v.boundaryId : 0;
  return `${mode}${v.part.id}.${boundary}.${grants}.`;
}

function matchesAny(patterns: Array<(arn: string) => boolean>, arn: string): boolean {
  for (const m of patterns) if (m(arn)) return true;
  return false;
}

/** What screenPair needs of a caller, gathered once. */
interface PairView {
  known: boolean;
  /** "account:lower-case name" for a role (the trust index's key) */
  trustKey: string;
  grants: AssumeGrants;
  denies: AssumeDenies;
  certainDeny: AssumeDenies;
  /** the conditional Allow statements on sts:AssumeRole (conditionalGrants), null when one's reach cannot be told */
  conditional: Array<{ match: ((arn: string) => boolean) | null; id: number }> | null;
  part: CallerKeyPart | null;
  boundary?: CompiledPolicy;
  boundaryId: number;
  /**
   * Callers with the same class get the same classOutcome for every role: the same kind, account
   * and key part, boundary, whether the identity is known, and the same statements on
   * sts:AssumeRole (effect, conditions, resources) — everything the view holds is made of these.
   */
  classId: number;
}

const viewCache = new WeakMap<CallerProfile, PairView>();

function pairView(model: AccountModel, profile: CallerProfile, p: KnownPrincipal): PairView {
  const hit = viewCache.get(profile);
  if (hit) return hit;
  let conditional: PairView["conditional"] = [];
  for (const policy of profile.identity) {
    for (const s of policy.statements) {
      if (s.statement.effect !== "Allow" || !s.coversAction("sts:assumerole")) continue;
      const raw = s.statement.resource;
      if (!s.resources || s.notResource || !raw || raw.some((x) => x.includes("${"))) {
        conditional = null;
        break;
      }
      const text = conditionText(s);
      if (!text) {
        // conditions on the caller itself: no key unless an unconditional Allow decides
        conditional = null;
        break;
      }
      const id = intern(model, text);
      const ms = s.resources;
      conditional.push({ match: raw.includes("*") ? null : (arn) => ms.some((m) => m(arn, EMPTY_CONTEXT) === true), id });
    }
    if (!conditional) break;
  }
  const entity = profile.caller.user ?? profile.caller.role;
  const sig: string[] = [];
  for (const policy of profile.identity) {
    for (const s of policy.statements) {
      if (!s.coversAction("sts:assumerole")) continue;
      const st = s.statement;
      const text = st.condition ? conditionText(s) || `#${JSON.stringify(st.condition)}` : "-";
      sig.push(`${st.effect}\u0001${s.conditions.length}\u0001${text}\u0001${s.invalid ?? ""}\u0001${s.resources ? "r" : "-"}${s.notResource ? "n" : ""}\u0001${JSON.stringify(st.resource ?? null)}`);
    }
  }
  const part = callerKeyPart(model, profile, p);
  const boundaryId = profile.boundary ? intern(model, entity?.permissionsBoundary ?? "?") : 0;
  const known = profile.identityMissing.length === 0;
  const classId = intern(model, `C${p.kind}\u0002${p.account ?? ""}\u0002${known}\u0002${part?.id ?? "x"}\u0002${boundaryId}\u0002${[...new Set(sig)].sort().join("\u0003")}`);
  const v: PairView = {
    known,
    trustKey: `${p.account}:${p.name.toLowerCase()}`,
    grants: assumeGrants(profile),
    denies: assumeDenies(profile),
    certainDeny: certainDenies(profile),
    conditional,
    part,
    boundary: profile.boundary,
    boundaryId,
    classId,
  };
  viewCache.set(profile, v);
  return v;
}

// ---- callers who must get the same verdict -------------------------------------------------
//
// When a trust policy admits a caller without naming it — everyone ("*", usually limited by
// aws:PrincipalOrgID), which grants a same-account caller without an identity Allow, or its
// account, which delegates to an identity Allow (rules reference R1.6, §1C) — the verdict depends
// on the caller only through its kind (user or role session), its account (SCPs, org ID), its
// permissions boundary, an identity Deny, the identity Allow (when one must allow: we share only
// when an Allow without conditions certainly covers the role), and the conditions that test the
// caller itself (aws:PrincipalArn, aws:username, aws:PrincipalTag/…, by their outcome). Callers
// equal in all of these get the same diagnosis: one is diagnosed, the others share its verdict.
// Whenever any of it cannot be told apart cheaply (policy variables, aws:userid, an unknown
// identity, a Deny on sts:AssumeRole), there is no key and the caller is diagnosed on its own.

/** The identity Deny statements on sts:AssumeRole (conditions ignored): every role, or those a pattern matches. */
interface AssumeDenies {
  any: boolean;
  patterns: Array<(arn: string) => boolean>;
}

const denyCache = new WeakMap<CallerProfile, AssumeDenies>();

function assumeDenies(profile: CallerProfile): AssumeDenies {
  let hit = denyCache.get(profile);
  if (hit) return hit;
  hit = { any: false, patterns: [] };
  for (const policy of profile.identity) {
    for (const s of policy.statements) {
      if (s.statement.effect !== "Deny" || !s.coversAction("sts:assumerole")) continue;
      const matches = resourceMatches(s);
      if (!matches) {
        hit.any = true;
        continue;
      }
      for (const m of matches) {
        if (typeof m === "function") hit.patterns.push(m);
        else hit.any = true;
      }
    }
  }
  denyCache.set(profile, hit);
  return hit;
}

/** Whether an identity Deny statement could cover sts:AssumeRole on this role (conditions ignored). */
function identityMayDeny(profile: CallerProfile, roleArn: string): boolean {
  const d = assumeDenies(profile);
  return d.any || d.patterns.some((p) => p(roleArn));
}

const variablesCache = new WeakMap<CompiledPolicy, boolean>();
function hasVariables(p: CompiledPolicy): boolean {
  let hit = variablesCache.get(p);
  if (hit === undefined) {
    hit = JSON.stringify(p.document.raw).includes("${");
    variablesCache.set(p, hit);
  }
  return hit;
}

function callerSpecific(lowerKey: string): boolean {
  return lowerKey === "aws:principalarn" || lowerKey === "aws:username" || lowerKey === "aws:userid" || lowerKey.startsWith("aws:principaltag/");
}

type Condition = CompiledPolicy["statements"][number]["conditions"][number];

/**
 * The conditions of some policies that test the caller itself, in a fixed order; null when one of
 * the policies cannot be told apart cheaply (a policy variable, aws:userid).
 */
function callerConditions(policies: CompiledPolicy[]): Condition[] | null {
  const out: Condition[] = [];
  for (const policy of policies) {
    if (hasVariables(policy)) return null;
    for (const s of policy.statements) {
      for (const c of s.conditions) {
        if (!callerSpecific(c.lowerKey)) continue;
        if (c.lowerKey === "aws:userid") return null;
        out.push(c);
      }
    }
  }
  return out;
}

function outcomesOf(conditions: Condition[], ctx: RequestContext): string {
  let out = "";
  for (const c of conditions) out += evaluateCondition(c, ctx) === true ? "1" : "0";
  return out;
}

/** The caller's half of the key, the same for every role: null when the caller gets no key. */
interface CallerKeyPart {
  /** kind, account and `own`, interned */
  id: number;
  /** the caller's own conditions: aws:PrincipalArn, aws:username, its tags */
  ctx: RequestContext;
}

const callerKeyCache = new WeakMap<CallerProfile, CallerKeyPart | null>();

function callerKeyPart(model: AccountModel, profile: CallerProfile, p: KnownPrincipal): CallerKeyPart | null {
  const hit = callerKeyCache.get(profile);
  if (hit !== undefined) return hit;
  let part: CallerKeyPart | null = null;
  const entity = profile.caller.user ?? profile.caller.role;
  const own = !profile.identityMissing.length && !profile.boundaryMissing && !profile.errors.length && entity ? callerConditions([...(profile.scps?.flat() ?? []), ...(profile.boundary ? [profile.boundary] : [])]) : null;
  if (own && entity) {
    const ctx = new RequestContext();
    ctx.setDefault("aws:PrincipalArn", p.kind === "user" ? p.arn : (profile.caller.role?.arn ?? p.arn));
    if (p.kind === "user") ctx.setDefault("aws:username", p.name);
    for (const [k, v] of Object.entries(entity.tags)) ctx.setDefault(`aws:PrincipalTag/${k}`, v);
    part = { id: intern(model, `${p.kind}|${p.account}|${outcomesOf(own, ctx)}`), ctx };
  }
  callerKeyCache.set(profile, part);
  return part;
}

const roleConditionsCache = new WeakMap<object, Condition[] | null>();

/** The conditions of the role's trust policy and RCPs that test the caller; null: no keys for this role. */
function roleConditions(model: AccountModel, role: IamRole): Condition[] | null {
  const rp = roleProfile(model, role);
  const hit = roleConditionsCache.get(rp);
  if (hit !== undefined) return hit;
  const out = !rp.trust || rp.errors.length ? null : callerConditions([rp.trust, ...(rp.rcps?.flat() ?? [])]);
  roleConditionsCache.set(rp, out);
  return out;
}

const conditionTextCache = new WeakMap<object, string>();

/** An Allow statement's conditions as text ("" when they test the caller itself or hold a variable). */
function conditionText(s: CompiledPolicy["statements"][number]): string {
  let text = conditionTextCache.get(s);
  if (text === undefined) {
    const json = JSON.stringify(s.statement.condition ?? null);
    text = s.conditions.some((c) => callerSpecific(c.lowerKey)) || json.includes("${") ? "" : `${json}!${s.invalid ?? ""}`;
    conditionTextCache.set(s, text);
  }
  return text;
}

/**
 * What decides the identity Allow for this role when no unconditional Allow certainly covers it:
 * the conditions of the Allow statements that may cover it (each with its invalidity), sorted —
 * callers with the same ones get the same identity decision. Undefined when a statement's reach
 * cannot be told cheaply (NotResource, no Resource, a policy variable) or its conditions test the
 * caller itself.
 */
function conditionalGrants(profile: CallerProfile, roleArn: string): string | undefined {
  const parts: string[] = [];
  for (const policy of profile.identity) {
    for (const s of policy.statements) {
      if (s.statement.effect !== "Allow" || !s.coversAction("sts:assumerole")) continue;
      const raw = s.statement.resource;
      if (!s.resources || s.notResource || !raw) return undefined;
      let covers = false;
      for (const [i, pattern] of raw.entries()) {
        if (pattern.includes("${")) return undefined;
        if (pattern === "*" || s.resources[i]!(roleArn, EMPTY_CONTEXT) === true) covers = true;
      }
      if (!covers) continue;
      const text = conditionText(s);
      if (!text) return undefined;
      parts.push(text);
    }
  }
  return parts.sort().join("&");
}

/**
 * The equivalence key of a caller for a role, or undefined when the caller must be diagnosed on
 * its own. `principalArn` is the ARN the diagnosis is made with (a role, or a session of it).
 */
export function sharedVerdictKey(model: AccountModel, role: IamRole, p: KnownPrincipal, idx: TrustIndex, principalArn = p.arn): string | undefined {
  if ((p.kind !== "user" && p.kind !== "role") || !p.account) return undefined;
  const profile = callerProfile(model, principalArn);
  return typeof profile === "string" ? undefined : keyFor(model, role, p, idx, profile);
}

function keyFor(model: AccountModel, role: IamRole, p: KnownPrincipal, idx: TrustIndex, profile: CallerProfile): string | undefined {
  if (!p.account) return undefined;
  // A statement naming the caller itself grants differently (R1.10, R1.11): no sharing then.
  if (p.kind === "user" ? idx.users.has(p.arn) : idx.roles.has(`${p.account}:${p.name.toLowerCase()}`)) return undefined;
  const cross = p.account !== role.account;
  // "wildcard": only the wildcard admits a same-account caller, which needs no identity Allow.
  // "delegated": the identity side must allow (cross-account, or a trust that names only the
  // account); callers share a verdict when the same identity Allow statements decide it: an
  // unconditional Allow that certainly covers the role, or else the same conditional ones.
  const mode = !cross && idx.everyone && !idx.accounts.has(p.account) ? "wildcard" : (cross || (!idx.everyone && idx.accounts.has(p.account))) ? "delegated" : undefined;
  if (!mode) return undefined;
  const part = callerKeyPart(model, profile, p);
  if (!part || identityMayDeny(profile, role.arn)) return undefined;
  let grants = "";
  if (mode === "delegated") {
    const g = assumeGrants(profile);
    if (!g.anyUnconditional && !g.unconditional.some((m) => m(role.arn))) {
      const c = conditionalGrants(profile, role.arn);
      if (c === undefined) return undefined;
      grants = `?${c}`;
    }
  }
  const rc = roleConditions(model, role);
  if (!rc) return undefined;
  // A boundary that certainly allows sts:AssumeRole on the role decides nothing: as if none were set.
  const boundary = profile.boundary && !boundaryCertainlyAllows(profile.boundary, role.arn) ? (profile.caller.user ?? profile.caller.role)?.permissionsBoundary ?? "?" : "";
  return `${mode === "wildcard" ? "w" : "d"}${part.id}.${boundary && intern(model, boundary)}.${grants && intern(model, grants)}.${outcomesOf(rc, part.ctx)}`;
}

/** Short numbers for the long parts of keys, per model, so that a key is cheap to build and to look up. */
const internTables = new WeakMap<AccountModel, Map<string, number>>();
function intern(model: AccountModel, text: string): number {
  let table = internTables.get(model);
  if (!table) internTables.set(model, (table = new Map()));
  let id = table.get(text);
  if (id === undefined) table.set(text, (id = table.size + 1));
  return id;
}

interface BoundaryGrants {
  /** a Deny statement may cover sts:AssumeRole */
  mayDeny: boolean;
  /** an unconditional, valid Allow covers every role */
  any: boolean;
  /** unconditional, valid Allow patterns */
  patterns: Array<(arn: string) => boolean>;
}

const boundaryCache = new WeakMap<CompiledPolicy, BoundaryGrants>();

function boundaryCertainlyAllows(boundary: CompiledPolicy, roleArn: string): boolean {
  let b = boundaryCache.get(boundary);
  if (!b) {
    b = { mayDeny: false, any: false, patterns: [] };
    for (const s of boundary.statements) {
      if (!s.coversAction("sts:assumerole")) continue;
      if (s.statement.effect === "Deny") {
        b.mayDeny = true;
        continue;
      }
      if (s.statement.effect !== "Allow" || s.conditions.length > 0 || s.statement.condition || s.invalid) continue;
      for (const m of resourceMatches(s) ?? []) {
        if (m === "*") b.any = true;
        else if (m !== "variable") b.patterns.push(m);
      }
    }
    boundaryCache.set(boundary, b);
  }
  return !b.mayDeny && (b.any || b.patterns.some((p) => p(roleArn)));
}

// ---- the callers whose identity side may allow sts:AssumeRole on a role ----------------------
//
// The identity screen inverted: instead of asking every caller a trust policy admits whether its
// Allow statements may cover the role (millions of pairs in a large organization), the callers
// are indexed once by what their statements name — every role, an exact role ARN, a wildcard
// pattern (grouped by pattern, looked up by the pattern's account) — and a role asks the index.
// What it returns is a superset of the callers the identity screen lets through (those whose
// identity policies are not all known are always in it); the screen is still applied to each.

export interface GrantIndex {
  /** callers that may be allowed on any role (Resource "*", NotResource, a variable) or whose identity is not known, by account */
  always: Map<string, KnownPrincipal[]>;
  /** exact role ARNs → callers */
  exact: Map<string, KnownPrincipal[]>;
  /** wildcard patterns by the account they name ("" when it is a wildcard) */
  patterns: Map<string, Array<{ match: (arn: string) => boolean; callers: KnownPrincipal[] }>>;
}

const ACCOUNT_OF_PATTERN = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/;

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Index callers (users and roles; `arnOf` gives the ARN each is diagnosed with) by their sts:AssumeRole grants. */
export function grantIndex(model: AccountModel, callers: Iterable<KnownPrincipal>, arnOf: (p: KnownPrincipal) => string = (p) => p.arn): GrantIndex {
  const gi: GrantIndex = { always: new Map(), exact: new Map(), patterns: new Map() };
  const groups = new Map<string, { match: (arn: string) => boolean; callers: KnownPrincipal[] }>();
  for (const p of callers) {
    if (p.kind !== "user" && p.kind !== "role") continue;
    const account = p.account ?? "";
    const profile = callerProfile(model, arnOf(p));
    if (typeof profile === "string" || profile.identityMissing.length > 0) {
      push(gi.always, account, p);
      continue;
    }
    let any = false;
    const mine = new Set<string>();
    for (const policy of profile.identity) {
      for (const s of policy.statements) {
        if (s.statement.effect !== "Allow" || !s.coversAction("sts:assumerole")) continue;
        const raw = s.statement.resource;
        if (!s.resources || s.notResource || !raw) {
          any = true;
          break;
        }
        for (const [i, pattern] of raw.entries()) {
          if (pattern === "*" || pattern.includes("${")) any = true;
          else if (!mine.has(pattern)) {
            mine.add(pattern);
            if (!/[*?]/.test(pattern)) push(gi.exact, pattern, p);
            else {
              let group = groups.get(pattern);
              if (!group) {
                const m = s.resources[i]!;
                group = { match: (arn) => m(arn, EMPTY_CONTEXT) === true, callers: [] };
                groups.set(pattern, group);
                push(gi.patterns, ACCOUNT_OF_PATTERN.exec(pattern)?.[1] ?? "", group);
              }
              group.callers.push(p);
            }
          }
        }
        if (any) break;
      }
      if (any) break;
    }
    if (any) push(gi.always, account, p);
  }
  return gi;
}

/**
 * The callers of the index whose identity side may allow sts:AssumeRole on `roleArn` (or is not
 * known), among those of `accounts` (every account when undefined), into `out`.
 */
export function mayBeGranted(gi: GrantIndex, roleArn: string, roleAccount: string, accounts: Set<string> | undefined, out: Set<KnownPrincipal>): void {
  const take = (p: KnownPrincipal) => {
    if (!accounts || accounts.has(p.account ?? "")) out.add(p);
  };
  if (accounts) {
    for (const a of accounts) for (const p of gi.always.get(a) ?? []) out.add(p);
  } else for (const list of gi.always.values()) for (const p of list) out.add(p);
  for (const p of gi.exact.get(roleArn) ?? []) take(p);
  for (const bucket of [gi.patterns.get(roleAccount), gi.patterns.get("")]) {
    for (const group of bucket ?? []) if (group.match(roleArn)) for (const p of group.callers) take(p);
  }
}
