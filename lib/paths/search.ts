// Searches over the reachability index: who can reach a role (backwards from it), what a caller
// can reach (forwards from it), and the paths from one caller to one role. Breadth first, so that
// every answer is a shortest path; among paths of the same length an `allowed` one is preferred to
// one that is `unknown`. Cycles end: a node is visited once, and a path never repeats a node.

import type { AccountModel } from "@/lib/account/model";
import { parseArn, splitIamResource } from "@/lib/policy/arn";
import type { KnownPrincipal } from "@/lib/diagnose/assumers";
import { adHocFirstHops, type Edge, type ReachabilityIndex } from "./graph";
import { CHAINED_MAX_SECONDS, maxSessionOf, sessionArn, sessionNameFor, type CallerKind } from "./hop";
import type { AccessPath, HopVerdict, PathHop, PathRequest } from "./types";

const RANK: Record<HopVerdict, number> = { allowed: 0, unknown: 1 };
const VERDICT: HopVerdict[] = ["allowed", "unknown"];

/** Where a path starts: a node of the index, or a caller the index does not hold. */
export interface Start {
  /** as given (a user, role or session ARN, or a service principal) */
  arn: string;
  kind: CallerKind;
  node?: number;
  /** the session name later hops' callers carry */
  sessionName: string;
  principal: KnownPrincipal;
}

export function resolveStart(g: ReachabilityIndex, arn: string): Start {
  const id = g.byArn.get(arn);
  if (id !== undefined) {
    const n = g.nodes[id]!;
    return { arn, kind: n.kind === "user" ? "user" : n.kind === "service" ? "service" : "session", node: id, sessionName: sessionNameFor(n.kind === "service" ? "SESSION" : n.name), principal: { arn: n.arn, kind: n.kind, name: n.name, account: n.account } };
  }
  const a = parseArn(arn);
  if (!a) return { arn, kind: "service", sessionName: "SESSION", principal: { arn, kind: "service", name: arn } };
  if (a.service === "sts" && a.resource.startsWith("assumed-role/")) {
    const [, roleName = "", session = ""] = a.resource.split("/");
    const role = g.nodes.find((n) => n.kind === "role" && n.account === a.account && n.name.toLowerCase() === roleName.toLowerCase());
    return { arn, kind: "session", node: role?.id, sessionName: sessionNameFor(session), principal: { arn, kind: "role", name: roleName, account: a.account } };
  }
  const r = splitIamResource(a.resource);
  if (a.resource === "root") return { arn, kind: "user", sessionName: "SESSION", principal: { arn, kind: "root", name: `${a.account} root user`, account: a.account } };
  const kind = r.type === "role" ? "role" : "user";
  // A role ARN without its path still names the role.
  const role = kind === "role" ? g.nodes.find((n) => n.kind === "role" && n.account === a.account && n.name === r.name) : undefined;
  return { arn, kind: kind === "role" ? "session" : "user", node: role?.id, sessionName: sessionNameFor(r.name), principal: { arn, kind, name: r.name, account: a.account } };
}

/** The first hops from a start: a node's edges, or computed for a caller the index lacks (roots: none, R1.16). */
export function firstEdges(model: AccountModel, g: ReachabilityIndex, s: Start): Edge[] {
  if (s.node !== undefined) return g.out[s.node]!;
  if (s.principal.kind === "root") return [];
  return adHocFirstHops(model, g, s.principal, s.arn);
}

/** Turn a list of edges from a start into the API's path. */
export function materialize(g: ReachabilityIndex, s: Start, edges: Edge[], request: PathRequest = {}): AccessPath {
  const hops: PathHop[] = [];
  let from = s.arn;
  let kind: CallerKind = s.kind;
  let rank = 0;
  for (const e of edges) {
    const role = g.nodes[e.to]!.role!;
    const hop: PathHop = { from, role: role.arn, verdict: e.verdict, requires: e.requires, maxSessionSeconds: maxSessionOf(kind, role) };
    if (e.missing.length) hop.missing = e.missing;
    hops.push(hop);
    rank = Math.max(rank, RANK[e.verdict]);
    from = sessionArn(role, s.sessionName);
    kind = "session";
  }
  const last = hops[hops.length - 1];
  const maxSessionSeconds = last?.maxSessionSeconds ?? null;
  const notes: string[] = [];
  const wanted = request.durationSeconds;
  if (wanted !== undefined && last) {
    const chained = edges.length > 1 || s.kind === "session";
    if (maxSessionSeconds !== null && wanted > maxSessionSeconds) {
      notes.push(
        chained
          ? `DurationSeconds ${wanted} cannot survive this path: its last hop is role chaining, which STS limits to ${CHAINED_MAX_SECONDS} seconds ("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.").`
          : `DurationSeconds ${wanted} is more than the role's MaxSessionDuration of ${maxSessionSeconds} seconds.`,
      );
    } else if (maxSessionSeconds === null && wanted > CHAINED_MAX_SECONDS && s.kind !== "service") {
      notes.push(`Whether DurationSeconds ${wanted} fits is not known: the role's MaxSessionDuration is not loaded.`);
    }
  }
  return { hops, verdict: VERDICT[rank]!, maxSessionSeconds, notes };
}

interface Best {
  dist: number;
  rank: number;
  /** backwards search: the edge towards the target; forwards: the edge that reached the node */
  edge: Edge;
}

/** Backwards from the target: each node that reaches it, by its shortest (and, among those, best) path. */
export function reachersBfs(g: ReachabilityIndex, target: number, maxHops: number): Map<number, Best> {
  const best = new Map<number, Best>();
  let frontier = [target];
  for (let k = 1; k <= maxHops && frontier.length; k++) {
    const next: number[] = [];
    for (const w of frontier) {
      const wr = w === target ? 0 : best.get(w)!.rank;
      for (const e of g.in[w]!) {
        const v = e.from;
        if (v === target) continue;
        const r = Math.max(wr, RANK[e.verdict]);
        const b = best.get(v);
        if (!b) {
          best.set(v, { dist: k, rank: r, edge: e });
          if (g.nodes[v]!.kind === "role") next.push(v);
        } else if (b.dist === k && r < b.rank) {
          b.rank = r;
          b.edge = e;
        }
      }
    }
    frontier = next;
  }
  return best;
}

export function pathToTarget(best: Map<number, Best>, from: number, target: number): Edge[] {
  const edges: Edge[] = [];
  let v = from;
  while (v !== target) {
    const e = best.get(v)!.edge;
    edges.push(e);
    v = e.to;
  }
  return edges;
}

/** Forwards from a start: each role it reaches, by its shortest (and, among those, best) path. */
export function reachableBfs(model: AccountModel, g: ReachabilityIndex, s: Start, maxHops: number): Map<number, Best> {
  const best = new Map<number, Best>();
  let frontier: Array<{ edges: Edge[]; rank: number }> = [{ edges: firstEdges(model, g, s), rank: 0 }];
  for (let k = 1; k <= maxHops && frontier.length; k++) {
    const next: number[] = [];
    for (const f of frontier) {
      for (const e of f.edges) {
        const w = e.to;
        if (w === s.node) continue;
        const r = Math.max(f.rank, RANK[e.verdict]);
        const b = best.get(w);
        if (!b) {
          best.set(w, { dist: k, rank: r, edge: e });
          next.push(w);
        } else if (b.dist === k && r < b.rank) {
          b.rank = r;
          b.edge = e;
        }
      }
    }
    frontier = next.map((w) => ({ edges: g.out[w]!, rank: best.get(w)!.rank }));
  }
  return best;
}

export function pathFromStart(best: Map<number, Best>, to: number): Edge[] {
  const edges: Edge[] = [];
  let e: Edge | undefined = best.get(to)!.edge;
  for (;;) {
    edges.push(e);
    // the start's own edges have from -1 (ad hoc) or the start node, which has no Best entry
    const prev: Best | undefined = best.get(e.from);
    if (!prev || prev.dist >= best.get(e.to)!.dist) break;
    e = prev.edge;
  }
  return edges.reverse();
}

/** The most paths of one length looked at before sorting (keeps a dense graph's enumeration bounded). */
const PER_LENGTH = 400;

/**
 * Up to `limit` simple paths from the start to the target, shortest first, `allowed` before
 * `unknown` within a length. Only nodes that can still reach the target within the hops left
 * are entered, so the search stays on paths that lead somewhere.
 */
export function enumeratePaths(model: AccountModel, g: ReachabilityIndex, s: Start, target: number, maxHops: number, limit: number, minHops = 1): Edge[][] {
  const toTarget = reachersBfs(g, target, maxHops);
  const first = firstEdges(model, g, s);
  const out: Edge[][] = [];
  for (let len = Math.max(1, minHops); len <= maxHops && out.length < limit; len++) {
    const found: Array<{ edges: Edge[]; rank: number }> = [];
    const onPath = new Set<number>(s.node !== undefined ? [s.node] : []);
    const stack: Edge[] = [];
    const walk = (edges: Edge[], depth: number, rank: number): void => {
      for (const e of edges) {
        if (found.length >= PER_LENGTH) return;
        const w = e.to;
        const r = Math.max(rank, RANK[e.verdict]);
        if (w === target) {
          if (depth + 1 === len) found.push({ edges: [...stack, e], rank: r });
          continue;
        }
        if (onPath.has(w)) continue;
        const d = toTarget.get(w)?.dist;
        if (d === undefined || depth + 1 + d > len) continue;
        onPath.add(w);
        stack.push(e);
        walk(g.out[w]!, depth + 1, r);
        stack.pop();
        onPath.delete(w);
      }
    };
    walk(first, 0, 0);
    found.sort((a, b) => a.rank - b.rank);
    for (const f of found) {
      if (out.length >= limit) break;
      out.push(f.edges);
    }
  }
  return out;
}
