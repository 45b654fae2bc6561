// GET /api/principals?q=: the principals the model knows (users, roles, account roots), for a
// typeahead. There is no other list of users: roles come from /api/roles as well, users only here.

import { z } from "zod";
import type { AccountModel } from "@/lib/account/model";
import { knownPrincipals, type KnownPrincipal } from "@/lib/diagnose/assumers";

const PAGE = 50;

export const PrincipalsQuery = z.strictObject({
  q: z.string().max(256).optional(),
  kind: z.enum(["user", "role", "root"]).optional(),
  account: z.string().regex(/^\d{12}$/, "expected a 12-digit account ID").optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type PrincipalsQuery = z.infer<typeof PrincipalsQuery>;

export interface PrincipalSummary {
  arn: string;
  kind: "user" | "role" | "root";
  name: string;
  account: string;
}

export interface PrincipalsResponse {
  principals: PrincipalSummary[];
  /** how many matched before `limit` cut the list */
  total: number;
}

const KIND_ORDER: Record<PrincipalSummary["kind"], number> = { user: 0, role: 1, root: 2 };

const cache = new WeakMap<AccountModel, PrincipalSummary[]>();

function all(model: AccountModel): PrincipalSummary[] {
  let out = cache.get(model);
  if (!out) {
    out = knownPrincipals(model)
      .filter((p): p is KnownPrincipal & { kind: PrincipalSummary["kind"]; account: string } => p.kind !== "service" && p.account !== undefined)
      .map((p) => ({ arn: p.arn, kind: p.kind, name: p.name, account: p.account }));
    cache.set(model, out);
  }
  return out;
}

/** A closer match first: the name itself, then a name that starts with the text, then the rest. */
function rank(p: PrincipalSummary, needle: string): number {
  if (!needle) return 0;
  const name = p.name.toLowerCase();
  if (name === needle || p.arn.toLowerCase() === needle) return 0;
  if (name.startsWith(needle)) return 1;
  return 2;
}

export function listPrincipals(model: AccountModel, q: PrincipalsQuery): PrincipalsResponse {
  const needle = q.q?.trim().toLowerCase() ?? "";
  const matches = all(model).filter(
    (p) => (!needle || p.name.toLowerCase().includes(needle) || p.arn.toLowerCase().includes(needle)) && (!q.kind || p.kind === q.kind) && (!q.account || p.account === q.account),
  );
  matches.sort(
    (a, b) =>
      rank(a, needle) - rank(b, needle) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) ||
      a.account.localeCompare(b.account),
  );
  return { principals: matches.slice(0, q.limit ?? PAGE), total: matches.length };
}
