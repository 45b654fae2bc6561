// Access paths (role chaining): how a caller reaches a role directly or through other roles, who
// can reach a role by any chain, what a principal can reach. ../shared/API.md, "Access paths".

import type { AccountModel, IamRole } from "@/lib/account/model";
import { diagnoseAssumeRole } from "@/lib/diagnose/diagnose";
import { hasParameters, rediagnose } from "./carry";
import { buildIndex, extendIndex, type ReachabilityIndex } from "./graph";
import { enumeratePaths, materialize, nodeStart, pathFromStart, pathToTarget, reachableBfs, reachersBfs, resolveStart } from "./search";
import type { AccessPath, PathRequest, PathsResponse, Reacher, ReachableRole } from "./types";

export type * from "./types";
export type { ReachabilityIndex } from "./graph";

export const DEFAULT_MAX_HOPS = 4;
/** The most paths one answer lists. */
export const MAX_PATHS = 20;

const indexes = new WeakMap<AccountModel, ReachabilityIndex>();

/** The model's reachability index: built on first use, extended when a lazy source loaded more. */
export function reachabilityIndex(model: AccountModel): ReachabilityIndex {
  let g = indexes.get(model);
  if (g && extendIndex(model, g)) return g;
  g = buildIndex(model);
  indexes.set(model, g);
  return g;
}

/** Drop the model's index (its policies changed): the next question builds it again. */
export function invalidateReachability(model: AccountModel): void {
  indexes.delete(model);
}

function targetNode(g: ReachabilityIndex, role: IamRole): number | undefined {
  return g.byArn.get(role.arn);
}

/** GET /api/roles/{role}/paths?from=: the direct verdict, and the paths shortest first. */
export function pathsTo(model: AccountModel, role: IamRole, from: string, maxHops = DEFAULT_MAX_HOPS, request: PathRequest = {}): PathsResponse {
  const direct = diagnoseAssumeRole(model, { principal: from, role: role.arn }, { lean: true }).verdict;
  return { direct, paths: findPaths(model, role, from, maxHops, request, 1) };
}

function findPaths(model: AccountModel, role: IamRole, from: string, maxHops: number, request: PathRequest, minHops: number): AccessPath[] {
  const g = reachabilityIndex(model);
  const t = targetNode(g, role);
  if (t === undefined) return [];
  const s = resolveStart(g, from);
  if (!hasParameters(request)) return enumeratePaths(model, g, s, t, maxHops, MAX_PATHS, minHops).map((edges) => materialize(g, s, edges, request));
  // With session parameters, the index's paths (default parameters) are the candidates: each hop
  // is diagnosed again with what reaches it, and a path with a hop that is then denied is dropped.
  const out: AccessPath[] = [];
  for (const edges of enumeratePaths(model, g, s, t, maxHops, MAX_PATHS * 3, minHops)) {
    const again = rediagnose(model, g, s, edges, request);
    if (again) out.push(materialize(g, s, again, request));
    if (out.length >= MAX_PATHS) break;
  }
  const rank = (p: AccessPath) => p.hops.length * 2 + (p.verdict === "allowed" ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b));
}

/**
 * /api/diagnose's `alternatives`: when the caller cannot assume the role directly, the routes
 * through other roles (two hops or more), shortest first; [] when there is none.
 */
export function alternativesFor(model: AccountModel, input: PathRequest & { principal: string; role: string }, maxHops = DEFAULT_MAX_HOPS): AccessPath[] {
  const role = model.findRole(input.role, /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(input.principal)?.[1]);
  if (!role) return [];
  const request: PathRequest = { ...input };
  delete (request as { principal?: string }).principal;
  delete (request as { role?: string }).role;
  return findPaths(model, role, input.principal, maxHops, request, 2);
}

/** GET /api/roles/{role}/reachers: every known principal that reaches the role, by its shortest path. */
export function reachersOf(model: AccountModel, role: IamRole, maxHops = DEFAULT_MAX_HOPS): Reacher[] {
  const g = reachabilityIndex(model);
  const t = targetNode(g, role);
  if (t === undefined) return [];
  const best = reachersBfs(g, t, maxHops);
  const out: Reacher[] = [];
  for (const id of best.reached) {
    const n = g.nodes[id]!;
    const s = nodeStart(g, id);
    const path = materialize(g, s, pathToTarget(best, id, t));
    out.push({ principal: n.arn, kind: n.kind, name: n.name, hops: best.dist[id]!, verdict: path.verdict, path });
  }
  return out.sort((a, b) => a.hops - b.hops || (a.verdict === b.verdict ? 0 : a.verdict === "allowed" ? -1 : 1) || (a.principal < b.principal ? -1 : 1));
}

/** GET /api/principals/{arn}/reachable: every role the principal reaches, by its shortest path. */
export function reachableFrom(model: AccountModel, principal: string, maxHops = DEFAULT_MAX_HOPS): ReachableRole[] {
  const g = reachabilityIndex(model);
  const s = resolveStart(g, principal);
  const best = reachableBfs(model, g, s, maxHops);
  const out: ReachableRole[] = [];
  for (const id of best.reached) {
    const role = g.nodes[id]!.role!;
    const path = materialize(g, s, pathFromStart(best, id));
    out.push({ role: role.arn, name: role.name, account: role.account, hops: best.dist[id]!, verdict: path.verdict, path });
  }
  return out.sort((a, b) => a.hops - b.hops || (a.verdict === b.verdict ? 0 : a.verdict === "allowed" ? -1 : 1) || (a.role < b.role ? -1 : 1));
}
