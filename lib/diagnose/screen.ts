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
import { RequestContext } from "@/lib/policy/context";
import type { CallerProfile } from "./profile";
import { callerProfile } from "./profile";
import type { KnownPrincipal, TrustIndex } from "./assumers";

/** The role ARNs an identity's Allow statements for sts:AssumeRole may cover. */
export interface AssumeGrants {
  /** a statement covers every role (Resource "*", NotResource, a policy variable, …) */
  any: boolean;
  patterns: Array<(arn: string) => boolean>;
}

const EMPTY_CONTEXT = new RequestContext();
const grantsCache = new WeakMap<CallerProfile, AssumeGrants>();

export function assumeGrants(profile: CallerProfile): AssumeGrants {
  const hit = grantsCache.get(profile);
  if (hit) return hit;
  const g: AssumeGrants = { any: false, patterns: [] };
  for (const policy of profile.identity) {
    for (const s of policy.statements) {
      if (s.statement.effect !== "Allow" || !s.coversAction("sts:assumerole")) continue;
      const raw = s.statement.resource;
      if (!s.resources || s.notResource || !raw) {
        g.any = true;
        continue;
      }
      raw.forEach((pattern, i) => {
        if (pattern === "*" || pattern.includes("${")) g.any = true;
        else {
          const m = s.resources![i]!;
          g.patterns.push((arn) => m(arn, EMPTY_CONTEXT) === true);
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
