import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Decision } from "../lib/policy";
import { compileBodies, decisionMix, DecisionMismatchError, firstDecisions, parseWorkload, runRoundRobin, WorkloadLineError } from "./workload";

const sample = readFileSync(fileURLToPath(new URL("./workloads/assume-role.jsonl", import.meta.url)), "utf8");
const sampleLines = sample.split("\n").filter((l) => l.trim() !== "");

function lineError(text: string): string {
  try {
    parseWorkload(text);
  } catch (e) {
    expect(e).toBeInstanceOf(WorkloadLineError);
    return (e as Error).message;
  }
  throw new Error("expected a WorkloadLineError");
}

describe("workload file", () => {
  it("parses and compiles the sample", () => {
    const w = parseWorkload(sample);
    expect(sampleLines.length).toBeGreaterThanOrEqual(20);
    expect(sampleLines.length).toBeLessThanOrEqual(50);
    expect(w.requests).toHaveLength(sampleLines.length);
    expect(w.requests.map((r) => r.line)).toEqual(sampleLines.map((_, i) => i + 1));
    // lines carry the same documents in different encodings, some without boundary or SCPs:
    // identical sets are compiled to one shared set whatever the encoding
    expect(w.policyCount).toBeLessThan(w.requests.length * 9);
    expect(w.policySets).toBe(new Set(w.requests.map((r) => r.policies)).size);
    expect(w.policySets).toBeGreaterThan(1);
    expect(w.policySets).toBeLessThan(6);
    // the trust policy is compiled as a trust policy (sts:AssumeRole on a role)
    expect(w.requests[0]!.policies.resource?.kind).toBe("trust");
  });

  it("gives stable decisions, a mix of all three, over a few hundred evaluations", () => {
    const w = parseWorkload(sample);
    const first = firstDecisions(w);
    const mix = decisionMix(first);
    expect(mix.allowed).toBeGreaterThan(0);
    expect(mix.implicitDeny).toBeGreaterThan(0);
    expect(mix.explicitDeny).toBeGreaterThan(0);
    const run = runRoundRobin(w, first, { evaluations: 500 });
    expect(run.evaluations).toBe(500);
    expect(firstDecisions(w)).toEqual(first);
  });

  it("decides the same whether a policy is an object, a JSON string or URL-encoded", () => {
    type Body = { resourcePolicy: unknown; identityPolicies: unknown[]; permissionBoundary?: unknown };
    const bodies = sampleLines.map((l) => JSON.parse(l) as Body);
    expect(bodies.some((b) => typeof b.resourcePolicy === "string" && b.resourcePolicy.startsWith("%7B"))).toBe(true);
    expect(bodies.some((b) => b.identityPolicies.some((p) => typeof p === "string"))).toBe(true);
    const decode = (p: unknown) => (typeof p === "string" ? JSON.parse(p.startsWith("%") ? decodeURIComponent(p) : p) : p);
    const decoded = bodies.map((b) => ({
      ...b,
      resourcePolicy: decode(b.resourcePolicy),
      identityPolicies: b.identityPolicies.map(decode),
      ...(b.permissionBoundary === undefined ? {} : { permissionBoundary: decode(b.permissionBoundary) }),
    }));
    expect(firstDecisions(compileBodies(decoded))).toEqual(firstDecisions(parseWorkload(sample)));
  });

  it("reports a decision that changes", () => {
    const w = parseWorkload(sample);
    const wrong = firstDecisions(w).map((d): Decision => (d === "allowed" ? "implicitDeny" : "allowed"));
    expect(() => runRoundRobin(w, wrong, { evaluations: 10 })).toThrow(DecisionMismatchError);
    expect(() => runRoundRobin(w, wrong, { evaluations: 10 })).toThrow(/^line 1: decision changed from/);
  });

  it("names the bad line", () => {
    const good = sampleLines[0]!;
    expect(lineError(`${good}\n${good}\n{"principal": \n`)).toMatch(/^line 3: invalid JSON/);
    expect(lineError(`${good}\n\n[1, 2]\n`)).toMatch(/^line 3: .*expected object/);
    const body = JSON.parse(good) as Record<string, unknown>;
    expect(lineError(JSON.stringify({ ...body, extra: 1 }))).toBe("line 1: unknown field(s): extra");
    expect(lineError(`${good}\n${JSON.stringify({ ...body, action: undefined })}`)).toMatch(/^line 2: action: /);
    expect(lineError(`${good}\n${JSON.stringify({ ...body, principal: "alice" })}`)).toMatch(/^line 2: principal: "alice" is not a principal/);
    const notAPolicy = { ...body, identityPolicies: [{ Version: "2012-10-17", Statement: "Allow" }] };
    expect(lineError(`${good}\n${good}\n${JSON.stringify(notAPolicy)}`)).toBe("line 3: identity[0]: Statement: must be an object or an array of statements");
    expect(lineError("\n \n")).toMatch(/^line 1: the workload holds no request/);
  });
});
