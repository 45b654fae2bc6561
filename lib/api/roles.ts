// GET /api/roles, /api/roles/{arn-or-name}, /api/roles/{…}/assumers, /api/principals/{arn}/assumable.

import { z } from "zod";
import type { AccountModel, IamRole } from "@/lib/account/model";
import { admitsOf, rolePolicyFindings, roleWarnings, trustPrincipals, type Admits, type RolePolicyFinding, type RoleWarning, type TrustPrincipal } from "@/lib/account/role-view";
import { assumableBy, assumersPage, type AssumeVerdict } from "@/lib/diagnose/assumers";
import { ApiError } from "./http";

const PAGE = 100;

export const RolesQuery = z.strictObject({
  q: z.string().max(256).optional(),
  account: z.string().regex(/^\d{12}$/, "expected a 12-digit account ID").optional(),
  admits: z.enum(["service", "own-account", "other-account", "federated", "anyone"]).optional(),
  sort: z.enum(["name", "account", "maxSessionDuration", "lastUsed"]).optional(),
  nextToken: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export interface RoleSummary {
  arn: string;
  name: string;
  account: string;
  path: string;
  MaxSessionDuration: number | null;
  description: string | null;
  lastUsed: string | null;
  admits: Admits[];
  warnings: number;
}

const summaryCache = new WeakMap<AccountModel, RoleSummary[]>();

function summaries(model: AccountModel): RoleSummary[] {
  let s = summaryCache.get(model);
  if (!s) {
    s = [...model.roles.values()].map((r) => {
      const principals = trustPrincipals(model, r);
      return {
        arn: r.arn,
        name: r.name,
        account: r.account,
        path: r.path,
        MaxSessionDuration: r.maxSessionDuration,
        description: r.description ?? null,
        lastUsed: r.lastUsed?.lastUsedDate ?? null,
        admits: admitsOf(r, principals),
        warnings: roleWarnings(model, r, principals).filter((w) => w.code !== "unknown-max-session").length,
      };
    });
    summaryCache.set(model, s);
  }
  return s;
}

export function listRoles(model: AccountModel, q: z.infer<typeof RolesQuery>): { roles: RoleSummary[]; nextToken: string | null; total: number } {
  const needle = q.q?.trim().toLowerCase();
  let roles = summaries(model).filter(
    (r) => (!needle || r.name.toLowerCase().includes(needle) || r.arn.toLowerCase().includes(needle) || (r.description ?? "").toLowerCase().includes(needle)) && (!q.account || r.account === q.account) && (!q.admits || r.admits.includes(q.admits)),
  );
  const sort = q.sort ?? "name";
  roles = [...roles].sort((a, b) => {
    switch (sort) {
      case "account":
        return a.account.localeCompare(b.account) || a.name.localeCompare(b.name);
      case "maxSessionDuration":
        return (b.MaxSessionDuration ?? -1) - (a.MaxSessionDuration ?? -1) || a.name.localeCompare(b.name);
      case "lastUsed":
        return (b.lastUsed ?? "").localeCompare(a.lastUsed ?? "") || a.name.localeCompare(b.name);
      default:
        return a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.account.localeCompare(b.account);
    }
  });
  const start = q.nextToken ? decodeToken(q.nextToken) : 0;
  const limit = q.limit ?? PAGE;
  const page = roles.slice(start, start + limit);
  return { roles: page, nextToken: start + limit < roles.length ? encodeToken(start + limit) : null, total: roles.length };
}

function encodeToken(n: number): string {
  return Buffer.from(`o:${n}`).toString("base64url");
}
function decodeToken(t: string): number {
  const m = /^o:(\d+)$/.exec(Buffer.from(t, "base64url").toString());
  if (!m) throw new ApiError(400, "invalid_request", "nextToken: not a token this API gave out", [{ path: ["nextToken"], message: "invalid token" }]);
  return Number(m[1]);
}

/** `{arn-or-name}`: a percent-encoded ARN, or a role name (unique across loaded accounts). */
export function findRoleParam(model: AccountModel, param: string): IamRole {
  let id: string;
  try {
    id = decodeURIComponent(param);
  } catch {
    throw new ApiError(400, "invalid_request", "the role is not valid percent-encoding");
  }
  if (id.startsWith("arn:") && !/^arn:[^:]+:iam::\d{12}:role\/.+/.test(id)) {
    throw new ApiError(400, "invalid_request", `"${id}" is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
  }
  const role = model.findRole(id);
  if (role) return role;
  if (!id.startsWith("arn:")) {
    const matches = [...model.roles.values()].filter((r) => r.name === id || `${r.path.slice(1)}${r.name}` === id);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw new ApiError(400, "ambiguous", `${matches.length} roles are named ${id} (${matches.map((r) => r.account).join(", ")}): use the ARN`);
  }
  throw new ApiError(404, "not_found", `No role ${id} in the loaded accounts (${model.loadedAccounts().join(", ") || "none"}).`);
}

export interface RoleDetail {
  arn: string;
  name: string;
  account: string;
  path: string;
  description: string | null;
  createDate: string | null;
  trustPolicy: unknown;
  inlinePolicies: { name: string; document: unknown }[];
  managedPolicies: { arn: string; name: string; document: unknown | null }[];
  permissionBoundary: { arn: string; document: unknown | null } | null;
  MaxSessionDuration: number | null;
  lastUsed: { lastUsedDate: string | null; region: string | null } | null;
  tags: Record<string, string>;
  instanceProfiles: { arn: string; name: string; path: string }[];
  unknowns: { fact: string; reason: string }[];
  trustPrincipals: TrustPrincipal[];
  admits: Admits[];
  warnings: RoleWarning[];
  /** what IAM's policy validation reports for the role's loaded policies (`[]` when clean) */
  findings: RolePolicyFinding[];
}

export function roleDetail(model: AccountModel, role: IamRole): RoleDetail {
  const principals = trustPrincipals(model, role);
  return {
    arn: role.arn,
    name: role.name,
    account: role.account,
    path: role.path,
    description: role.description ?? null,
    createDate: role.createDate ?? null,
    trustPolicy: role.trustPolicy,
    inlinePolicies: role.inlinePolicies.map((p) => ({ name: p.name, document: p.document })),
    managedPolicies: role.attachedPolicies.map((p) => ({ arn: p.arn, name: p.name, document: model.managedDocument(p.arn) ?? null })),
    permissionBoundary: role.permissionsBoundary ? { arn: role.permissionsBoundary, document: model.managedDocument(role.permissionsBoundary) ?? null } : null,
    MaxSessionDuration: role.maxSessionDuration,
    lastUsed: role.lastUsed ? { lastUsedDate: role.lastUsed.lastUsedDate ?? null, region: role.lastUsed.region ?? null } : null,
    tags: role.tags,
    instanceProfiles: role.instanceProfiles,
    unknowns: [...model.unknownsFor(role.arn), ...role.attachedPolicies.flatMap((p) => model.unknownsFor(p.arn))].map((u) => ({ fact: u.fact, reason: u.reason })),
    trustPrincipals: principals,
    admits: admitsOf(role, principals),
    warnings: roleWarnings(model, role, principals),
    findings: rolePolicyFindings(model, role),
  };
}

export const AssumersQuery = z.strictObject({
  verdict: z.enum(["denied"], { message: 'verdict: only "denied" (the default lists the principals who can: allowed or unknown)' }).optional(),
  nextToken: z.string().max(64).optional(),
});

export interface AssumersResponse {
  role: string;
  principals: AssumeVerdict[];
  counts: { allowed: number; unknown: number; denied: number };
  nextToken: string | null;
}

export function assumers(model: AccountModel, role: IamRole, q: z.infer<typeof AssumersQuery> = {}): AssumersResponse {
  const page = assumersPage(model, role, { verdict: q.verdict, offset: q.nextToken ? decodeToken(q.nextToken) : 0 });
  return { role: page.role, principals: page.principals, counts: page.counts, nextToken: page.nextOffset === null ? null : encodeToken(page.nextOffset) };
}

export const PrincipalParam = z.string().transform((s, ctx) => {
  try {
    const v = decodeURIComponent(s);
    if (!/^arn:[^:]+:(iam|sts)::\d{12}:.+/.test(v) && !/\.amazonaws\.com$/.test(v)) throw new Error();
    return v;
  } catch {
    ctx.addIssue({ code: "custom", message: "expected a percent-encoded principal ARN (user, role, assumed-role session) or a service principal" });
    return z.NEVER;
  }
});

export function assumable(model: AccountModel, principal: string): { principal: string; roles: AssumeVerdict[] } {
  return { principal, roles: assumableBy(model, principal) };
}
