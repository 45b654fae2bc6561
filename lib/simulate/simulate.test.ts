// Simulating the demo's ECS task role on the power-user base role, and its caveats.
import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { AccountModel } from "@/lib/account/model";
import { loadSnapshot } from "@/lib/account/snapshot";
import { planSimulation, sampleResource, sessionName } from "./simulate";

let model: AccountModel;
beforeAll(async () => {
  model = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
});
const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;

describe("planSimulation on the demo", () => {
  it("orders-api-task on power-user: inline merged, the managed policy by ARN, the differences named", () => {
    const p = planSimulation(model, model.findRole(dev("role/ecs/orders-api-task"))!, model.findRole(dev("role/power-user"))!, { caller: dev("user/alice") });
    expect(p.policyArns).toEqual([dev("policy/orders-data-access")]);
    expect(p.sessionPolicyChars).toBe(p.sessionPolicy!.length);
    expect(p.sessionPolicyChars).toBeLessThan(2048);
    expect(JSON.parse(p.sessionPolicy!).Statement.length).toBeGreaterThan(1);
    const c = p.caveats.join("\n");
    // the base role (PowerUserAccess) cannot reach the cross-account role that trusts the task role by ARN
    expect(c).toMatch(/artifact-reader trusts orders-api-task by ARN/);
    expect(c).toMatch(/base role power-user may not do 1 thing .* sts:AssumeRole on arn:aws:iam::222222222222:role\/artifact-reader/);
    expect(c).toMatch(/aws:PrincipalTag see power-user's tags/);
    expect(c).toMatch(/depends on aws:MultiFactorAuthPresent \(sign in with MFA\)/);
    expect(p.maxDurationSeconds).toBe(14400);
    expect(p.commands.assumeRole).toContain(`--role-arn ${dev("role/power-user")} --role-session-name rolecall-orders-api-task --policy '{`);
    expect(p.commands.assumeRole).toContain(`--policy-arns arn=${dev("policy/orders-data-access")}`);
    expect(p.commands.profile).toContain("credential_process = aws sts assume-role");
    expect(p.commands.profile).toContain("--policy file://~/.aws/rolecall/orders-api-task.json");
  });

  it("a role session caller gets the one-hour cap", () => {
    const p = planSimulation(model, model.findRole(dev("role/ecs/orders-api-task"))!, model.findRole(dev("role/power-user"))!, { caller: "arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718" });
    expect(p.maxDurationSeconds).toBe(3600);
    expect(p.caveats.join("\n")).toMatch(/at most one hour \(role chaining\)/);
  });

  it("a caller who may assume the role itself gets the plain role profile", () => {
    const p = planSimulation(model, model.findRole(dev("role/ecs/orders-api-task-official"))!, model.findRole(dev("role/power-user"))!, { caller: dev("user/bob") });
    expect(p.commands.direct?.profile).toBe(`[profile orders-api-task-official]\nrole_arn = ${dev("role/ecs/orders-api-task-official")}\nsource_profile = default\nrole_session_name = rolecall-orders-api-task-official`);
    expect(p.caveats[0]).toMatch(/may assume orders-api-task-official directly/);
  });

  it("the target's permissions boundary cannot be reproduced, and says what it would have limited", () => {
    const m = model;
    const role = structuredClone(m.findRole(dev("role/ecs/orders-api-task"))!);
    role.permissionsBoundary = dev("policy/developer-boundary");
    const p = planSimulation(m, role, m.findRole(dev("role/power-user"))!);
    expect(p.caveats.join("\n")).toMatch(/permissions boundary arn:aws:iam::111111111111:policy\/developer-boundary, which a session policy cannot reproduce.*would have denied .*sqs:SendMessage/);
  });

  it("data-pipeline-worker does not fit: the overflow names each part", () => {
    const p = planSimulation(model, model.findRole(dev("role/data-pipeline-worker"))!, model.findRole(dev("role/power-user"))!);
    expect(p.overflow!.chars).toBeGreaterThan(2048);
    expect(p.overflow!.parts.map((x) => x.name)).toContain("inline policy pipeline-ingest");
  });

  it("session names carry the portal user and stay within STS's rules", () => {
    expect(sessionName("alice@example.com", "orders-api-task")).toBe("rc-alice@example.com-orders-api-task");
    expect(sessionName(undefined, "x")).toBe("rolecall-x");
    expect(sessionName("a b/c", "r".repeat(80))).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(sampleResource("arn:aws:s3:::b/*")).toBe("arn:aws:s3:::b/rolecall-sample");
  });
});
