import { readFileSync } from "node:fs";
import { parseWorkload } from "./workload";
import { evaluate } from "../lib/policy";
const w = parseWorkload(readFileSync("bench/workloads/assume-role.jsonl", "utf8"));
for (let s = 0; s < 5; s++) {
  const t0 = Date.now(); let n = 0;
  while (Date.now() - t0 < 700) for (const r of w.requests) { evaluate(r.request, r.policies); n++; }
  console.log(s, Math.round(n / 0.7), Math.round(process.memoryUsage().heapUsed / 1e6), "MB");
}
const ctx = w.requests[0]!.request.context as unknown as { entries: Map<string, unknown> };
console.log("ctx entries", ctx.entries.size);
