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

/** The starts of the index's nodes, made once per index (reachers start a path from thousands of them). */
const nodeStarts = new WeakMap<ReachabilityIndex, Start[]>();

export function resolveStart(g: ReachabilityIndex, arn: string): Start {
  const id = g.byArn.get(arn);
  if (id !== undefined) return nodeStart(g, id);
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

/** The start of a node of the index (as resolveStart makes it from the node's ARN); do not change it. */
export function nodeStart(g: ReachabilityIndex, id: number): Start {
  let starts = nodeStarts.get(g);
  if (!starts) nodeStarts.set(g, (starts = []));
  let s = starts[id];
  if (!s) {
    const n = g.nodes[id]!;
    s = starts[id] = { arn: n.arn, kind: n.kind === "user" ? "user" : n.kind === "service" ? "service" : "session", node: id, sessionName: sessionNameFor(n.kind === "service" ? "SESSION" : n.name), principal: { arn: n.arn, kind: n.kind, name: n.name, account: n.account } };
  }
  return s;
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

/** The result of a breadth-first search: per node, its distance (-1: not reached), rank and edge. */
export interface Bfs {
  dist: Int16Array;
  /** 0 allowed, 1 unknown: the best path's */
  rank: Uint8Array;
  /** backwards search: the edge towards the target; forwards: the edge that reached the node */
  edge: Array<Edge | undefined>;
  /** the nodes reached, in the order found */
  reached: number[];
}

function emptyBfs(n: number): Bfs {
  return { dist: new Int16Array(n).fill(-1), rank: new Uint8Array(n), edge: new Array<Edge | undefined>(n), reached: [] };
}

const roleFlagCache = new WeakMap<ReachabilityIndex, Uint8Array>();

/** 1 for the role nodes; redone when the index gained nodes (extendIndex). */
function roleFlags(g: ReachabilityIndex): Uint8Array {
  let f = roleFlagCache.get(g);
  if (!f || f.length !== g.nodes.length) {
    f = new Uint8Array(g.nodes.length);
    for (const n of g.nodes) if (n.kind === "role") f[n.id] = 1;
    roleFlagCache.set(g, f);
  }
  return f;
}

/** Backwards from the target: each node that reaches it, by its shortest (and, among those, best) path. */
export function reachersBfs(g: ReachabilityIndex, target: number, maxHops: number): Bfs {
  const b = emptyBfs(g.nodes.length);
  const isRole = roleFlags(g);
  b.dist[target] = 0;
  let frontier = [target];
  for (let k = 1; k <= maxHops && frontier.length; k++) {
    const next: number[] = [];
    for (const w of frontier) {
      const wr = b.rank[w]!;
      for (const e of g.in[w]!) {
        const v = e.from;
        const r = wr === 1 || e.verdict !== "allowed" ? 1 : 0;
        const d = b.dist[v]!;
        if (d === -1) {
          b.dist[v] = k;
          b.rank[v] = r;
          b.edge[v] = e;
          b.reached.push(v);
          if (isRole[v] === 1) next.push(v);
        } else if (d === k && r < b.rank[v]!) {
          b.rank[v] = r;
          b.edge[v] = e;
        }
      }
    }
    frontier = next;
  }
  return b;
}

export function pathToTarget(b: Bfs, from: number, target: number): Edge[] {
  const edges: Edge[] = [];
  let v = from;
  while (v !== target) {
    const e = b.edge[v]!;
    edges.push(e);
    v = e.to;
  }
  return edges;
}

/** Forwards from a start: each role it reaches, by its shortest (and, among those, best) path. */
export function reachableBfs(model: AccountModel, g: ReachabilityIndex, s: Start, maxHops: number): Bfs {
  const b = emptyBfs(g.nodes.length);
  if (s.node !== undefined) b.dist[s.node] = 0;
  let frontier: Array<{ edges: Edge[]; rank: number }> = [{ edges: firstEdges(model, g, s), rank: 0 }];
  for (let k = 1; k <= maxHops && frontier.length; k++) {
    const next: number[] = [];
    for (const f of frontier) {
      const fr = f.rank;
      for (const e of f.edges) {
        const w = e.to;
        const r = fr === 1 || e.verdict !== "allowed" ? 1 : 0;
        const d = b.dist[w]!;
        if (d === -1) {
          b.dist[w] = k;
          b.rank[w] = r;
          b.edge[w] = e;
          b.reached.push(w);
          next.push(w);
        } else if (d === k && r < b.rank[w]!) {
          b.rank[w] = r;
          b.edge[w] = e;
        }
      }
    }
    frontier = next.map((w) => ({ edges: g.out[w]!, rank: b.rank[w]! }));
  }
  return b;
}

export function pathFromStart(b: Bfs, to: number): Edge[] {
  const edges: Edge[] = [];
  let e = b.edge[to]!;
  for (;;) {
    edges.push(e);
    // the start's own edges come from the start node (distance 0) or from outside the index (-1)
    if (e.from < 0 || b.dist[e.from]! <= 0) break;
    e = b.edge[e.from]!;
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
        const d = toTarget.dist[w]!;
        if (d < 0 || depth + 1 + d > len) continue;
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
