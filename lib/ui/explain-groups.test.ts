import { describe, expect, it } from "vitest";
import type { StatementExplanation } from "@/lib/policy/explain";
import { groupExplanations, requestLabels, unevaluatedLabels } from "./explain-groups";

const st = (policy: string, policyType: StatementExplanation["policyType"], effect: "Allow" | "Deny", applies: boolean, decisive = false): StatementExplanation => ({
  policy,
  policyType,
  statement: 0,
  effect,
  applies,
  decisive,
  reason: "r",
});

describe("groupExplanations", () => {
  it("groups by policy in order and marks the deciding Deny", () => {
    const g = groupExplanations({
      decision: "explicitDeny",
      blockedBy: ["scp"],
      explain: [st("scps[0][0]", "scp", "Allow", true), st("scps[1][0]", "scp", "Allow", true), st("scps[1][1]", "scp", "Deny", true, true), st("identity[0]", "identity", "Allow", true)],
    });
    expect(g.map((x) => x.label)).toEqual(["scps[0][0]", "scps[1][0]", "scps[1][1]", "identity[0]"]);
    expect(g.map((x) => x.blocking)).toEqual([false, false, true, false]);
    expect(g.map((x) => x.decisive)).toEqual([false, false, true, false]);
  });

  it("marks only the SCP level that allows nothing", () => {
    const g = groupExplanations({
      decision: "implicitDeny",
      blockedBy: ["scp"],
      explain: [st("scps[0][0]", "scp", "Allow", true), st("scps[1][0]", "scp", "Allow", false), st("scps[1][1]", "scp", "Allow", false), st("identity[0]", "identity", "Allow", true)],
    });
    expect(g.map((x) => x.blocking)).toEqual([false, true, true, false]);
  });

  it("marks every policy of a kind that allowed nothing", () => {
    const g = groupExplanations({ decision: "implicitDeny", blockedBy: ["resource"], explain: [st("resource", "resource", "Allow", false), st("identity[0]", "identity", "Allow", true)] });
    expect(g.map((x) => x.blocking)).toEqual([true, false]);
  });

  it("blocks nothing when allowed", () => {
    const g = groupExplanations({ decision: "allowed", blockedBy: [], explain: [st("resource", "resource", "Allow", true, true)] });
    expect(g[0]).toMatchObject({ decisive: true, blocking: false });
  });
});

describe("requestLabels", () => {
  it("lists the request's policies in evaluation order and finds those not explained", () => {
    const req = { principal: "p", action: "a:b", resource: "*", identityPolicies: [{}, {}], resourcePolicy: {}, scps: [[{}], [{}, {}]], rcps: [[{}]], sessionPolicy: {}, permissionBoundary: {} };
    expect(requestLabels(req)).toEqual(["rcps[0][0]", "scps[0][0]", "scps[1][0]", "scps[1][1]", "resource", "identity[0]", "identity[1]", "permissionBoundary", "session"]);
    expect(unevaluatedLabels(req, { explain: [st("resource", "resource", "Allow", true)] })).toHaveLength(8);
  });
});
