// The reachability index: who can assume which role, for every known caller and role of the
// model, as a graph. Nodes are the callers (users, the AWS services that trust policies name, and
// roles — a role as a caller is a session of it) and the roles; an edge is one sts:AssumeRole
// whose full diagnosis, with default session parameters, is `allowed` or `unknown`.
//
// Built once per model, fast: candidates come from each trust policy's index (the principals and
// accounts it names), the identity side screens out callers whose policies cannot allow
// sts:AssumeRole on the role (lib/diagnose/screen.ts), and only the rest are diagnosed — each
// (caller, role) pair once, whatever path it lies on. A lazy source that loads more principals
// or roles extends it (extendIndex); anything else that changes calls invalidateReachability.

import type { AccountModel, IamRole } from "@/lib/account/model";
import { admits, admittedPrincipals, principalIndex, screenedCandidates, trustIndex, type KnownPrincipal, type TrustIndex } from "@/lib/diagnose/assumers";
import { callerProfile, roleProfile, type CallerProfile } from "@/lib/diagnose/profile";
import { grantIndex, identityScreensOut, screenPair, type GrantIndex, type PairMemo } from "@/lib/diagnose/screen";
import { DEFAULT_SESSION, diagnoseHop, sessionArn, type HopOutcome } from "./hop";

export type NodeKind = "user" | "role" | "service";

export interface GraphNode {
  id: number;
  /** user or role ARN, or the service principal */
  arn: string;
  kind: NodeKind;
  name: string;
  account?: string;
  /** for role nodes */
  role?: IamRole;
  /** the ARN diagnosed as this node's caller: a session of the role for role nodes */
  callerArn: string;
}

export interface Edge extends HopOutcome {
  from: number;
  to: number;
}

export interface ReachabilityIndex {
  nodes: GraphNode[];
  byArn: Map<string, number>;
  /** out-edges of each node (to role nodes), sorted by target ARN */
  out: Edge[][];
  /** in-edges of each role node */
  in: Edge[][];
  /** how many (caller, role) pairs were diagnosed in full while building */
  diagnosed: number;
  /** pairs that took the verdict of an equivalent caller instead */
  shared: number;
  /** the model's size when built (users, roles, loaded accounts), to notice a lazy source's additions */
  size: { users: number; roles: number; accounts: string };
  /** first hops of callers that are not nodes (an external principal, an unknown user), computed on demand */
  adHoc: Map<string, Edge[]>;
}

const EC2 = "ec2.amazonaws.com";

function isTarget(r: IamRole): boolean {
  return !r.path.startsWith("/aws-service-role/");
}

function sizeOf(model: AccountModel): ReachabilityIndex["size"] {
  return { users: model.users.size, roles: model.roles.size, accounts: model.loadedAccounts().join(",") };
}

function addNode(g: ReachabilityIndex, n: Omit<GraphNode, "id">): GraphNode {
  const node = { ...n, id: g.nodes.length };
  g.nodes.push(node);
  g.byArn.set(n.arn, node.id);
  g.out.push([]);
  g.in.push([]);
  return node;
}

function roleNode(r: IamRole): Omit<GraphNode, "id"> {
  return { arn: r.arn, kind: "role", name: r.name, account: r.account, role: r, callerArn: sessionArn(r, DEFAULT_SESSION) };
}

function asPrincipal(n: GraphNode): KnownPrincipal {
  return { arn: n.arn, kind: n.kind, name: n.name, account: n.account };
}

/** EC2 gets a role only through an instance profile (rules reference R6.1): without one, ec2.amazonaws.com is no way in. */
function serviceMayStart(service: string, role: IamRole): boolean {
  return service !== EC2 || role.instanceProfiles.length > 0;
}

/** Whether buildIndex screens candidates through the grant index (false: every admitted caller is screened one by one; tests compare the two). */
export interface BuildOptions {
  screens?: boolean;
}

/** The ARN a caller node is diagnosed with: a session of its role for a role. */
function callerArnOf(g: ReachabilityIndex): (p: KnownPrincipal) => string {
  return (p) => {
    const id = g.byArn.get(p.arn);
    return id === undefined ? p.arn : g.nodes[id]!.callerArn;
  };
}

/** Diagnose every candidate caller of `role` and add the edges that are not denied. */
/** Each caller node's profile, looked up once per build (a caller is asked about many roles). */
type Profiles = Array<CallerProfile | string | undefined>;

function addInEdges(model: AccountModel, g: ReachabilityIndex, target: GraphNode, onlyCallers?: { ids: Set<number>; gi: GrantIndex }, o: BuildOptions = {}, profiles: Profiles = []): void {
  const role = target.role!;
  const idx = trustIndex(role);
  roleProfile(model, role);
  const pi = principalIndex(model);
  const candidates =
    o.screens === false
      ? admittedPrincipals(pi, idx)
      : screenedCandidates(model, pi, idx, role, { name: "session", arnOf: callerArnOf(g), ...(onlyCallers ? { gi: onlyCallers.gi } : {}) });
  const to = target.id;
  const into = g.in[to]!;
  const add = (from: number, outcome: HopOutcome | null) => {
    if (!outcome) return;
    const e: Edge = { from, to, verdict: outcome.verdict, requires: outcome.requires, missing: outcome.missing };
    g.out[from]!.push(e);
    into.push(e);
  };
  // callers that must get the same verdict share one diagnosis (screen.ts sharedVerdictKey)
  const shared = new Map<string, HopOutcome | null>();
  const memo: PairMemo = new Map();
  for (const p of candidates) {
    const id = g.byArn.get(p.arn);
    if (id === undefined || id === to || (onlyCallers && !onlyCallers.ids.has(id))) continue;
    const caller = g.nodes[id]!;
    // denied for certain (no Allow can cover the role, or an unconditional identity Deny does): no edge
    const profile = (profiles[id] ??= callerProfile(model, caller.callerArn));
    const key = screenPair(model, role, p, idx, profile, o.screens !== false, o.screens === false ? undefined : memo);
    if (key === false) continue;
    if (key !== undefined) {
      const hit = shared.get(key);
      if (hit !== undefined) {
        g.shared += 1;
        add(id, hit);
        continue;
      }
    }
    g.diagnosed += 1;
    const outcome = diagnoseHop(model, caller.callerArn, role);
    if (key !== undefined) shared.set(key, outcome);
    add(id, outcome);
  }
  for (const s of idx.services) {
    if (!serviceMayStart(s, role)) continue;
    let id = g.byArn.get(s);
    if (id === undefined) id = addNode(g, { arn: s, kind: "service", name: s, callerArn: s }).id;
    if (onlyCallers && !onlyCallers.ids.has(id)) continue;
    g.diagnosed += 1;
    add(id, diagnoseHop(model, s, role));
  }
}

/** Nodes ranked by ARN, so that edge lists sort on numbers. */
function arnRanks(g: ReachabilityIndex): Int32Array {
  const order = g.nodes.map((n) => n.id).sort((a, b) => (g.nodes[a]!.arn < g.nodes[b]!.arn ? -1 : g.nodes[a]!.arn > g.nodes[b]!.arn ? 1 : 0));
  const rank = new Int32Array(g.nodes.length);
  order.forEach((id, i) => (rank[id] = i));
  return rank;
}

/** Out-edges by target ARN, in-edges by source ARN; `outSorted`: the out-lists are in order already. */
function sortEdges(g: ReachabilityIndex, outSorted = false): void {
  const rank = arnRanks(g);
  const byTarget = (a: Edge, b: Edge) => rank[a.to]! - rank[b.to]!;
  const bySource = (a: Edge, b: Edge) => rank[a.from]! - rank[b.from]!;
  if (!outSorted) for (const list of g.out) list.sort(byTarget);
  for (const list of g.in) list.sort(bySource);
}

export function buildIndex(model: AccountModel, o: BuildOptions = {}): ReachabilityIndex {
  const g: ReachabilityIndex = { nodes: [], byArn: new Map(), out: [], in: [], diagnosed: 0, shared: 0, size: sizeOf(model), adHoc: new Map() };
  for (const u of model.users.values()) addNode(g, { arn: u.arn, kind: "user", name: u.name, account: u.account, callerArn: u.arn });
  const targets = [...model.roles.values()].filter(isTarget);
  const roleNodes = targets.map((r) => addNode(g, roleNode(r)));
  const profiles: Profiles = [];
  // the roles in ARN order: each caller's out-edges then come sorted by target
  roleNodes.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  for (const t of roleNodes) addInEdges(model, g, t, undefined, o, profiles);
  sortEdges(g, true);
  return g;
}

/**
 * Add what a lazy source loaded since the index was built: new roles (their callers) and new
 * users and roles as callers (their first hops). Returns false when the loaded accounts changed,
 * which changes diagnoses already made (identity sides that were unknown): rebuild then.
 */
export function extendIndex(model: AccountModel, g: ReachabilityIndex): boolean {
  const now = sizeOf(model);
  if (now.accounts !== g.size.accounts) return false;
  if (now.users === g.size.users && now.roles === g.size.roles) return true;
  const added = new Set<number>();
  for (const u of model.users.values()) {
    if (!g.byArn.has(u.arn)) added.add(addNode(g, { arn: u.arn, kind: "user", name: u.name, account: u.account, callerArn: u.arn }).id);
  }
  const newRoles: GraphNode[] = [];
  for (const r of model.roles.values()) {
    if (isTarget(r) && !g.byArn.has(r.arn)) {
      const n = addNode(g, roleNode(r));
      added.add(n.id);
      newRoles.push(n);
    }
  }
  // Who can assume the new roles: every caller.
  for (const t of newRoles) addInEdges(model, g, t);
  // What the new callers can assume among the roles that were there before.
  const gi = grantIndex(model, principalIndex(model).all.filter((p) => added.has(g.byArn.get(p.arn) ?? -1)), callerArnOf(g));
  for (const n of g.nodes) if (n.kind === "role" && !added.has(n.id)) addInEdges(model, g, n, { ids: added, gi });
  g.size = now;
  sortEdges(g);
  return true;
}

/**
 * The first hops of a caller that is not a node of the index (a principal of an account that is
 * not loaded, a user the model lacks): every role whose trust policy could admit it, diagnosed.
 */
export function adHocFirstHops(model: AccountModel, g: ReachabilityIndex, caller: KnownPrincipal, callerArn: string): Edge[] {
  const hit = g.adHoc.get(callerArn);
  if (hit) return hit;
  const out: Edge[] = [];
  for (const n of g.nodes) {
    if (n.kind !== "role") continue;
    const idx: TrustIndex = trustIndex(n.role!);
    if (caller.kind === "service" ? !idx.services.has(caller.arn.toLowerCase()) || !serviceMayStart(caller.arn, n.role!) : !admits(idx, caller)) continue;
    if (identityScreensOut(model, n.role!, caller, idx, callerArn)) continue;
    const o = diagnoseHop(model, callerArn, n.role!);
    if (o) out.push({ from: -1, to: n.id, ...o });
  }
  if (g.adHoc.size >= 256) g.adHoc.delete(g.adHoc.keys().next().value!);
  g.adHoc.set(callerArn, out);
  return out;
}

export { asPrincipal };
