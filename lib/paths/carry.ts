// What a path carries from hop to hop when a request gives session parameters (the diagnose
// page's alternatives): each hop is diagnosed again with the parameters that reach it.
//
// - The caller's MFA state: a session made with MFA is an MFA session; the later callers are
//   sessions descended from it (rules reference R3.9).
// - The source identity: once set it cannot change and is carried into every chained call, which
//   then needs sts:SetSourceIdentity as well (R3.S, R4.11).
// - Transitive session tags: the chained sessions carry them as principal tags (R3.4, R3.T).
// - The caller's network (aws:SourceIp) and the context the request states.
// - External ID, session name and the session tags themselves are the last hop's: they are what the
//   request asks of the role it names. DurationSeconds is never diagnosed on the way: a path says
//   when it cannot survive the chaining (materialize).

import type { AccountModel } from "@/lib/account/model";
import type { DiagnoseInput } from "@/lib/diagnose/types";
import type { Edge, ReachabilityIndex } from "./graph";
import { diagnoseHop, sessionArn } from "./hop";
import type { Start } from "./search";
import type { PathRequest } from "./types";

export function hasParameters(r: PathRequest): boolean {
  return (
    r.mfa !== undefined ||
    r.sourceIp !== undefined ||
    r.sourceIdentity !== undefined ||
    r.externalId !== undefined ||
    r.roleSessionName !== undefined ||
    r.tags !== undefined ||
    r.transitiveTagKeys !== undefined ||
    (r.context !== undefined && Object.keys(r.context).length > 0)
  );
}

/** The parameters hop `i` of `n` is diagnosed with. */
export function hopRequest(r: PathRequest, i: number, n: number): Omit<DiagnoseInput, "principal" | "role"> {
  const last = i === n - 1;
  const context: NonNullable<DiagnoseInput["context"]> = { ...(r.context ?? {}) };
  if (i > 0) for (const k of r.transitiveTagKeys ?? []) if (r.tags?.[k] !== undefined) context[`aws:PrincipalTag/${k}`] = r.tags[k];
  return {
    ...(r.mfa !== undefined ? { mfa: r.mfa } : {}),
    ...(r.sourceIp !== undefined ? { sourceIp: r.sourceIp } : {}),
    ...(r.sourceIdentity !== undefined ? { sourceIdentity: r.sourceIdentity } : {}),
    ...(last && r.externalId !== undefined ? { externalId: r.externalId } : {}),
    ...(last && r.roleSessionName !== undefined ? { roleSessionName: r.roleSessionName } : {}),
    ...(last && r.tags !== undefined ? { tags: r.tags } : {}),
    ...(last && r.transitiveTagKeys !== undefined ? { transitiveTagKeys: r.transitiveTagKeys } : {}),
    ...(Object.keys(context).length ? { context } : {}),
  };
}

/** Diagnose every hop of a path again with the request's parameters; null when one is then denied. */
export function rediagnose(model: AccountModel, g: ReachabilityIndex, s: Start, edges: Edge[], r: PathRequest): Edge[] | null {
  const out: Edge[] = [];
  let caller = s.arn;
  for (const [i, e] of edges.entries()) {
    const role = g.nodes[e.to]!.role!;
    const o = diagnoseHop(model, caller, role, hopRequest(r, i, edges.length));
    if (!o) return null;
    out.push({ ...e, ...o });
    caller = sessionArn(role, s.sessionName);
  }
  return out;
}
