// A link to the policy evaluator (/evaluate) prefilled with a request — and, when the account
// model supplied them, with the very policies a check used — in the `?s=` state the evaluator
// already reads (lib/ui/share-state.ts: `z.` = base64url of deflate-raw JSON).

import { deflateRawSync } from "node:zlib";

export interface LinkPolicy {
  /** the place the check gave it: identity[0], permissionBoundary, scps[1][0], rcps[0][0], trust policy */
  label: string;
  document: unknown;
}

export function evaluatorLink(req: { principal?: string; action?: string; resource?: string; context?: Record<string, string> }, policies: LinkPolicy[] = []): string {
  const text = (d: unknown) => JSON.stringify(d, null, 2);
  const shared: Record<string, unknown> = { v: 1, p: req.principal ?? "", a: req.action ?? "", r: req.resource ?? "" };
  const context = Object.entries(req.context ?? {});
  if (context.length) shared.c = context.map(([k, v]) => [k, v, "text"]);
  const identity = policies.filter((p) => /^identity\[\d+\]$/.test(p.label)).map((p) => text(p.document));
  if (identity.length) shared.i = identity;
  const boundary = policies.find((p) => p.label === "permissionBoundary");
  if (boundary) shared.pb = text(boundary.document);
  const resource = policies.find((p) => p.label === "trust policy" || p.label === "resource");
  if (resource) shared.rp = text(resource.document);
  for (const [kind, key] of [
    ["scps", "s"],
    ["rcps", "rc"],
  ] as const) {
    const levels: string[][] = [];
    for (const p of policies) {
      const m = new RegExp(`^${kind}\\[(\\d+)\\]\\[(\\d+)\\]$`).exec(p.label);
      if (!m) continue;
      (levels[Number(m[1])] ??= []).push(text(p.document));
    }
    if (levels.length) shared[key] = Array.from(levels, (l) => l ?? []);
  }
  return `/evaluate?s=z.${deflateRawSync(Buffer.from(JSON.stringify(shared))).toString("base64url")}`;
}
