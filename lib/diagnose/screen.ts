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
//    denied by the identity-policy check.

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
const grantsCache = new WeakMap<CallerProfile, AssumeGrants>();

export function assumeGrants(profile: CallerProfile): AssumeGrants {
  const hit = grantsCache.get(profile);
  if (hit) return hit;
  const g: AssumeGrants = { any: false, patterns: [], anyUnconditional: false, unconditional: [] };
  for (const policy of profile.identity) {
    for (const s of policy.statements) {
      if (s.statement.effect !== "Allow" || !s.coversAction("sts:assumerole")) continue;
      const free = s.conditions.length === 0;
      const raw = s.statement.resource;
      if (!s.resources || s.notResource || !raw) {
        g.any = true;
        continue;
      }
      raw.forEach((pattern, i) => {
        if (pattern === "*") {
          g.any = true;
          if (free) g.anyUnconditional = true;
        } else if (pattern.includes("${")) g.any = true;
        else {
          const m = s.resources![i]!;
          const match = (arn: string) => m(arn, EMPTY_CONTEXT) === true;
          g.patterns.push(match);
          if (free) g.unconditional.push(match);
        }
      });
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
  const cross = p.account !== role.account;
  if (!cross && namesCaller(idx, p)) return false;
  const profile = callerProfile(model, principalArn);
  if (typeof profile === "string" || profile.identityMissing.length > 0) return false;
  return !grantsCover(assumeGrants(profile), role.arn);
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

const denyCache = new WeakMap<CallerProfile, boolean>();

/** Whether an identity Deny statement could cover sts:AssumeRole (conditions ignored). */
function identityMayDeny(profile: CallerProfile): boolean {
  let hit = denyCache.get(profile);
  if (hit === undefined) {
    hit = profile.identity.some((p) => p.statements.some((s) => s.statement.effect === "Deny" && s.coversAction("sts:assumerole")));
    denyCache.set(profile, hit);
  }
  return hit;
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

/**
 * The equivalence key of a caller for a role, or undefined when the caller must be diagnosed on
 * its own. `principalArn` is the ARN the diagnosis is made with (a role, or a session of it).
 */
export function sharedVerdictKey(model: AccountModel, role: IamRole, p: KnownPrincipal, idx: TrustIndex, principalArn = p.arn): string | undefined {
  if ((p.kind !== "user" && p.kind !== "role") || !p.account) return undefined;
  // A statement naming the caller itself grants differently (R1.10, R1.11): no sharing then.
  if (p.kind === "user" ? idx.users.has(p.arn) : idx.roles.has(`${p.account}:${p.name.toLowerCase()}`)) return undefined;
  const cross = p.account !== role.account;
  // "wildcard": only the wildcard admits a same-account caller, which needs no identity Allow.
  // "delegated": the identity side must allow (cross-account, or a trust that names only the
  // account); callers share a verdict when an unconditional Allow certainly covers the role.
  const mode = !cross && idx.everyone && !idx.accounts.has(p.account) ? "wildcard" : (cross || (!idx.everyone && idx.accounts.has(p.account))) ? "delegated" : undefined;
  if (!mode) return undefined;
  const profile = callerProfile(model, principalArn);
  if (typeof profile === "string" || profile.identityMissing.length || profile.boundaryMissing || profile.errors.length || identityMayDeny(profile)) return undefined;
  if (mode === "delegated") {
    const g = assumeGrants(profile);
    if (!g.anyUnconditional && !g.unconditional.some((m) => m(role.arn))) return undefined;
  }
  const rp = roleProfile(model, role);
  if (!rp.trust || rp.errors.length) return undefined;
  const policies: CompiledPolicy[] = [rp.trust, ...(rp.rcps?.flat() ?? []), ...(profile.scps?.flat() ?? []), ...(profile.boundary ? [profile.boundary] : [])];
  const entity = profile.caller.user ?? profile.caller.role;
  if (!entity) return undefined;
  let ctx: RequestContext | undefined;
  let outcomes = "";
  for (const policy of policies) {
    if (hasVariables(policy)) return undefined;
    for (const s of policy.statements) {
      for (const c of s.conditions) {
        if (!callerSpecific(c.lowerKey)) continue;
        if (c.lowerKey === "aws:userid") return undefined;
        if (!ctx) {
          ctx = new RequestContext();
          ctx.setDefault("aws:PrincipalArn", p.kind === "user" ? p.arn : (profile.caller.role?.arn ?? p.arn));
          if (p.kind === "user") ctx.setDefault("aws:username", p.name);
          for (const [k, v] of Object.entries(entity.tags)) ctx.setDefault(`aws:PrincipalTag/${k}`, v);
        }
        outcomes += evaluateCondition(c, ctx) === true ? "1" : "0";
      }
    }
  }
  return `${mode}|${p.kind}|${p.account}|${entity.permissionsBoundary ?? ""}|${outcomes}`;
}
