// Simulating the demo's ECS task role on the power-user base role, and its caveats.
import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { AccountModel } from "@/lib/account/model";
import { loadSnapshot } from "@/lib/account/snapshot";
import { mfaSerial, planSimulation, sampleResource, sessionName } from "./simulate";

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
    expect(p.maxDurationSeconds).toBe(14400);
    expect(p.commands.assumeRole).toContain(`--role-arn ${dev("role/power-user")} --role-session-name rolecall-orders-api-task --policy '{`);
    expect(p.commands.assumeRole).toContain(`--policy-arns arn=${dev("policy/orders-data-access")}`);
    expect(p.commands.profile).toContain("credential_process = aws sts assume-role");
    expect(p.commands.profile).toContain("--policy file://~/.aws/rolecall/orders-api-task.json");
  });

  it("a base role the caller may assume only with MFA: that caveat first, and commands that pass MFA", () => {
    const p = planSimulation(model, model.findRole(dev("role/ecs/orders-api-task"))!, model.findRole(dev("role/power-user"))!, { caller: dev("user/alice"), sourceProfile: "dev" });
    expect(p.caveats[0]).toMatch(/^arn:aws:iam::111111111111:user\/alice may assume the base role power-user only with MFA/);
    expect(p.commands.mfa).toEqual({ serialNumber: dev("mfa/alice"), sessionProfile: "dev-mfa" });
    expect(p.commands.assumeRole).toMatch(/^aws sts assume-role --profile dev .* --serial-number arn:aws:iam::111111111111:mfa\/alice --token-code 123456 --duration-seconds 3600$/);
    // credential_process cannot prompt: it calls AssumeRole with the MFA session's profile, set up in a step
    expect(p.commands.profile).toMatch(/^\[profile rolecall-orders-api-task\]\ncredential_process = aws sts assume-role --profile dev-mfa /);
    expect(p.commands.profile).not.toContain("#");
    expect(p.commands.profileSetup.map((s) => s.title)).toEqual(["Save the session policy", expect.stringMatching(/^Get an MFA session as profile dev-mfa/)]);
    expect(p.commands.profileSetup[0]!.command).toBe(`mkdir -p ~/.aws/rolecall && cat > ~/.aws/rolecall/orders-api-task.json <<'EOF'\n${p.sessionPolicy}\nEOF`);
    expect(p.commands.profileSetup[1]!.command).toContain("aws sts get-session-token --profile dev --serial-number arn:aws:iam::111111111111:mfa/alice --token-code 123456");
    expect(p.commands.profileSetup[1]!.command).toContain('aws configure set aws_session_token "$ST" --profile dev-mfa');
  });

  it("a caller who may not assume the base role hears it first; one who needs no MFA gets no MFA arguments", () => {
    const frank = planSimulation(model, model.findRole(dev("role/ecs/orders-api-task"))!, model.findRole(dev("role/power-user"))!, { caller: dev("user/frank") });
    expect(frank.caveats[0]).toMatch(/user\/frank may not assume the base role .*power-user \(blocked by identity-policy\): these commands will fail/);
    expect(frank.commands.mfa).toBeUndefined();
    const carol = planSimulation(model, model.findRole(dev("role/ecs/orders-api-task"))!, model.findRole(dev("role/platform/terraform-deployer"))!, { caller: dev("user/carol") });
    expect(carol.commands.assumeRole).not.toContain("--serial-number");
    expect(carol.commands.profile).toContain("credential_process = aws sts assume-role --profile default ");
    expect(carol.commands.profileSetup.map((s) => s.title)).toEqual(["Save the session policy"]);
  });

  it("names the MFA device after an IAM user, whatever its path", () => {
    expect(mfaSerial(dev("user/contractors/dana"))).toBe(dev("mfa/dana"));
    expect(mfaSerial("arn:aws:sts::111111111111:assumed-role/x/y")).toBe(dev("mfa/YOUR-MFA-DEVICE"));
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
