import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { AccountModel } from "@/lib/account/model";
import { loadSnapshot } from "@/lib/account/snapshot";
import { assumableBy, trustIndex, whoCanAssume } from "./assumers";
import { diagnoseAssumeRole } from "./diagnose";

let model: AccountModel;
beforeAll(async () => {
  model = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
});
const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;

describe("who can assume a role", () => {
  it("orders-api-task-official: the developers, the broad roles, and ECS with its condition", () => {
    const v = whoCanAssume(model, model.findRole(dev("role/ecs/orders-api-task-official"))!);
    const by = (arn: string) => v.find((x) => x.principal === arn)!;
    expect(by(dev("user/alice")).verdict).toBe("allowed");
    expect(by(dev("user/bob")).verdict).toBe("allowed");
    expect(by(dev("user/contractors/dana"))).toMatchObject({ verdict: "denied", blockedBy: ["permission-boundary"] });
    expect(by(dev("user/eve"))).toMatchObject({ verdict: "denied", blockedBy: ["identity-policy"] });
    for (const u of ["user/carol", "user/frank", "user/grace", "user/service/ci-deployer"]) expect(by(dev(u))).toMatchObject({ verdict: "denied", blockedBy: ["identity-policy"] });
    expect(by(dev("role/power-user")).verdict).toBe("allowed");
    expect(by(dev("role/platform/terraform-deployer")).verdict).toBe("allowed");
    expect(by("ecs-tasks.amazonaws.com")).toMatchObject({ verdict: "unknown", dependsOn: ["aws:SourceAccount"], conditions: ["allowed when acting for the right account"] });
    // principals of other accounts are screened out by the index, not evaluated
    expect(by("arn:aws:iam::222222222222:user/kim")).toMatchObject({ verdict: "denied", blockedBy: ["trust-policy"], screened: true });
    expect(by("arn:aws:iam::111111111111:root")).toMatchObject({ verdict: "denied", screened: true });
    // allowed first
    expect(v[0]!.verdict).toBe("allowed");
  });

  it("says which conditions a principal depends on: power-user is allowed with MFA", () => {
    const v = whoCanAssume(model, model.findRole(dev("role/power-user"))!);
    const alice = v.find((x) => x.principal === dev("user/alice"))!;
    expect(alice).toMatchObject({ verdict: "unknown", dependsOn: ["aws:MultiFactorAuthPresent"], conditions: ["allowed with MFA"] });
  });

  it("agrees with the full diagnosis for every principal it evaluated", () => {
    const role = model.findRole(dev("role/legacy-reporting"))!;
    for (const v of whoCanAssume(model, role).filter((x) => !x.screened)) {
      const d = diagnoseAssumeRole(model, { principal: v.principal, role: role.arn });
      expect({ p: v.principal, verdict: v.verdict, blockedBy: v.blockedBy }).toEqual({ p: v.principal, verdict: d.verdict, blockedBy: d.blockedBy });
    }
  });

  it("indexes trust policies by the principals and accounts they name; deleted IDs name nobody", () => {
    const idx = trustIndex(model.findRole(dev("role/legacy-reporting"))!);
    expect([...idx.users]).toEqual([dev("user/alice")]);
    expect(idx.roles.size + idx.accounts.size).toBe(0);
    expect(trustIndex(model.findRole(dev("role/public-trust-misconfigured"))!).everyone).toBe(true);
    expect([...trustIndex(model.findRole(dev("role/ecs/orders-api-task"))!).services]).toEqual(["ecs-tasks.amazonaws.com"]);
  });
});

describe("what can a principal assume", () => {
  it("the EC2 instance session may assume app-ec2-assumed", () => {
    const v = assumableBy(model, "arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718");
    expect(v.find((x) => x.role === dev("role/app-ec2-assumed"))!.verdict).toBe("allowed");
    expect(v.find((x) => x.role === dev("role/ecs/orders-api-task"))).toMatchObject({ verdict: "denied", screened: true });
  });
  it("bob may assume the official task role and not the service-only one", () => {
    const v = assumableBy(model, dev("user/bob"));
    expect(v.find((x) => x.role === dev("role/ecs/orders-api-task-official"))!.verdict).toBe("allowed");
    expect(v.find((x) => x.role === dev("role/ecs/orders-api-task"))!.verdict).toBe("denied");
  });
});
