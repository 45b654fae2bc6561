// Test support: a reachability index's edges as text, and the same edges from diagnosing every
// (caller, role) pair in full, to show that the index's fast paths change no answer.

import type { AccountModel } from "@/lib/account/model";
import type { ReachabilityIndex } from "@/lib/paths/graph";
import { diagnoseHop } from "@/lib/paths/hop";

/** Every edge as "caller → role: verdict [requires]", sorted. */
export function edgeList(g: ReachabilityIndex): string[] {
  return g.out.flatMap((list, from) => list.map((e) => `${g.nodes[from]!.arn} → ${g.nodes[e.to]!.arn}: ${e.verdict} [${[...e.requires].sort().join(",")}]`)).sort();
}

/** The same, from diagnosing every caller node against every role node. */
export function bruteForceEdges(model: AccountModel, g: ReachabilityIndex): string[] {
  const out: string[] = [];
  for (const t of g.nodes) {
    if (t.kind !== "role") continue;
    for (const c of g.nodes) {
      if (c.id === t.id || c.kind === "service") continue;
      const o = diagnoseHop(model, c.callerArn, t.role!);
      if (o) out.push(`${c.arn} → ${t.arn}: ${o.verdict} [${[...o.requires].sort().join(",")}]`);
    }
  }
  return out.sort();
}

