// Writes bench/workloads/assume-role.jsonl from the built-in scenario: one POST /api/evaluate body
// per line. Policy documents come in the three forms the API accepts: decoded objects, JSON
// strings, and URL-encoded JSON strings (as IAM's API returns them). A few callers have no
// permissions boundary, and a few accounts are outside the organization (no SCPs).
//
//   npx tsx bench/make-workload.ts > bench/workloads/assume-role.jsonl

import { assumeRoleBodies } from "./scenario";
import type { EvaluateBody } from "./workload";

const LINES = 30;

type Policy = NonNullable<EvaluateBody["resourcePolicy"]>;

function encode(doc: Policy, form: number): Policy {
  if (typeof doc === "string" || form === 0) return doc;
  const json = JSON.stringify(doc);
  return form === 1 ? json : encodeURIComponent(json);
}

const all = assumeRoleBodies();
// Every request kind of the scenario, spread evenly over the file.
const picked = Array.from({ length: LINES }, (_, i) => all[Math.floor((i * all.length) / LINES)]!);

const lines = picked.map((b, i) => {
  const out: EvaluateBody = {
    ...b,
    resourcePolicy: b.resourcePolicy && encode(b.resourcePolicy, i % 3),
    identityPolicies: b.identityPolicies?.map((d, j) => encode(d, (i + j) % 4 === 0 ? 1 : 0)),
    permissionBoundary: b.permissionBoundary && i % 7 !== 3 ? encode(b.permissionBoundary, i % 5 === 0 ? 2 : 0) : undefined,
    scps: i % 6 === 4 ? undefined : b.scps,
  };
  return JSON.stringify(out);
});
process.stdout.write(`${lines.join("\n")}\n`);
