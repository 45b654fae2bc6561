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
import { admits, admittedPrincipals, principalIndex, trustIndex, type KnownPrincipal, type TrustIndex } from "@/lib/diagnose/assumers";
import { roleProfile } from "@/lib/diagnose/profile";
import { identityScreensOut, sharedVerdictKey } from "@/lib/diagnose/screen";
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

/** Diagnose every candidate caller of `role` and add the edges that are not denied. */
function addInEdges(model: AccountModel, g: ReachabilityIndex, target: GraphNode, onlyCallers?: Set<number>): void {
  const role = target.role!;
  const idx = trustIndex(role);
  roleProfile(model, role);
  const pi = principalIndex(model);
  const add = (caller: GraphNode, outcome: HopOutcome | null) => {
    if (!outcome) return;
    const e: Edge = { from: caller.id, to: target.id, ...outcome };
    g.out[caller.id]!.push(e);
    g.in[target.id]!.push(e);
  };
  // callers that must get the same verdict share one diagnosis (screen.ts sharedVerdictKey)
  const shared = new Map<string, HopOutcome | null>();
  for (const p of admittedPrincipals(pi, idx)) {
    const id = g.byArn.get(p.arn);
    if (id === undefined || id === target.id || (onlyCallers && !onlyCallers.has(id))) continue;
    const caller = g.nodes[id]!;
    if (identityScreensOut(model, role, p, idx, caller.callerArn)) continue;
    const key = sharedVerdictKey(model, role, p, idx, caller.callerArn);
    if (key !== undefined && shared.has(key)) {
      g.shared += 1;
      add(caller, shared.get(key)!);
      continue;
    }
    g.diagnosed += 1;
    const outcome = diagnoseHop(model, caller.callerArn, role);
    if (key !== undefined) shared.set(key, outcome);
    add(caller, outcome);
  }
  for (const s of idx.services) {
    if (!serviceMayStart(s, role)) continue;
    let id = g.byArn.get(s);
    if (id === undefined) id = addNode(g, { arn: s, kind: "service", name: s, callerArn: s }).id;
    if (onlyCallers && !onlyCallers.has(id)) continue;
    g.diagnosed += 1;
    add(g.nodes[id]!, diagnoseHop(model, s, role));
  }
}

function sortEdges(g: ReachabilityIndex): void {
  const byTarget = (a: Edge, b: Edge) => (g.nodes[a.to]!.arn < g.nodes[b.to]!.arn ? -1 : 1);
  const bySource = (a: Edge, b: Edge) => (g.nodes[a.from]!.arn < g.nodes[b.from]!.arn ? -1 : 1);
  for (const list of g.out) list.sort(byTarget);
  for (const list of g.in) list.sort(bySource);
}

export function buildIndex(model: AccountModel): ReachabilityIndex {
  const g: ReachabilityIndex = { nodes: [], byArn: new Map(), out: [], in: [], diagnosed: 0, shared: 0, size: sizeOf(model), adHoc: new Map() };
  for (const u of model.users.values()) addNode(g, { arn: u.arn, kind: "user", name: u.name, account: u.account, callerArn: u.arn });
  const targets = [...model.roles.values()].filter(isTarget);
  const roleNodes = targets.map((r) => addNode(g, roleNode(r)));
  for (const t of roleNodes) addInEdges(model, g, t);
  sortEdges(g);
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
  for (const n of g.nodes) if (n.kind === "role" && !added.has(n.id)) addInEdges(model, g, n, added);
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
