// The compiled policies that govern a caller (identity, boundary, SCP levels) and a role (trust
// policy, RCP levels), gathered from the account model once and cached per model, so that
// diagnosis, /api/check and who-can-assume over thousands of principals share the work.

import type { AccountModel, IamRole } from "@/lib/account/model";
import type { CompiledPolicy } from "@/lib/policy/compile";
import { resolveCaller, type Caller } from "./caller";
import { orgKnown } from "./context";
import { boundaryOf, compileAll, compileDoc, rolePolicies, userPolicies } from "./policies";

export type OrgState = "governed" | "not-governed" | "unknown";

export interface CallerProfile {
  caller: Caller;
  identity: CompiledPolicy[];
  boundary?: CompiledPolicy;
  /** why the boundary is set but not known */
  boundaryMissing?: string;
  /** what about the identity side is not known */
  identityMissing: string[];
  scps?: CompiledPolicy[][];
  scpState: OrgState;
  /** policies that could not be parsed and were left out */
  errors: string[];
}

export interface RoleProfile {
  role: IamRole;
  trust?: CompiledPolicy;
  trustError?: string;
  rcps?: CompiledPolicy[][];
  rcpState: OrgState;
  errors: string[];
}

function orgState(model: AccountModel, account: string | undefined, kind: "scps" | "rcps"): OrgState {
  if (!account || !orgKnown(model, account)) return "unknown";
  const levels = model.accounts.get(account)?.org?.[kind];
  return levels && levels.length > 0 ? "governed" : "not-governed";
}

function compileLevels(model: AccountModel, account: string, kind: "scps" | "rcps", errors: string[]): CompiledPolicy[][] {
  const levels = model.accounts.get(account)!.org![kind]!;
  return levels.map((level, l) =>
    level.flatMap((doc, i) => {
      const c = compileDoc(doc, kind === "scps" ? "scp" : "rcp", `${kind}[${l}][${i}]`, `${kind === "scps" ? "SCP" : "RCP"} level ${l + 1} #${i + 1} of account ${account}`);
      if (c instanceof Error) {
        errors.push(c.message);
        return [];
      }
      return [c];
    }),
  );
}

const callerCache = new WeakMap<AccountModel, Map<string, CallerProfile | string>>();
const roleCache = new WeakMap<AccountModel, Map<string, RoleProfile>>();

/** The caller's profile; a string is an error message about the principal. Cached per model. */
export function callerProfile(model: AccountModel, principalArn: string, sessionName?: string): CallerProfile | string {
  let cache = callerCache.get(model);
  if (!cache) callerCache.set(model, (cache = new Map()));
  const key = `${principalArn}\u0000${sessionName ?? ""}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const caller = resolveCaller(model, principalArn, sessionName);
  if (typeof caller === "string") {
    cache.set(key, caller);
    return caller;
  }
  const errors: string[] = [];
  const gathered = caller.user ? userPolicies(model, caller.user) : caller.role ? rolePolicies(model, caller.role) : { documents: [], missing: [] };
  const entity = caller.user ?? caller.role;
  const b = entity ? boundaryOf(model, entity) : undefined;
  const boundary = b && typeof b !== "string" ? compileDoc(b.document, "permissionBoundary", "permissionBoundary", b.name) : undefined;
  if (boundary instanceof Error) errors.push(boundary.message);
  const isService = !("account" in caller.principal);
  const scpState = isService ? "not-governed" : orgState(model, caller.account, "scps");
  const profile: CallerProfile = {
    caller,
    identity: compileAll(gathered.documents, "identity", "identity", errors),
    boundary: boundary instanceof Error ? undefined : boundary,
    boundaryMissing: typeof b === "string" ? b : undefined,
    identityMissing: [...gathered.missing, ...(caller.unknownReason ? [caller.unknownReason] : [])],
    scps: scpState === "governed" ? compileLevels(model, caller.account!, "scps", errors) : undefined,
    scpState,
    errors,
  };
  cache.set(key, profile);
  return profile;
}

export function roleProfile(model: AccountModel, role: IamRole): RoleProfile {
  let cache = roleCache.get(model);
  if (!cache) roleCache.set(model, (cache = new Map()));
  const hit = cache.get(role.arn);
  if (hit && hit.role === role) return hit;
  const errors: string[] = [];
  const trust = compileDoc(role.trustPolicy, "trust", "trust policy", `trust policy of ${role.name}`);
  const rcpState = orgState(model, role.account, "rcps");
  const profile: RoleProfile = {
    role,
    trust: trust instanceof Error ? undefined : trust,
    trustError: trust instanceof Error ? trust.message : undefined,
    rcps: rcpState === "governed" ? compileLevels(model, role.account, "rcps", errors) : undefined,
    rcpState,
    errors,
  };
  cache.set(role.arn, profile);
  return profile;
}
