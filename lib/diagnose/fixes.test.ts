// Every fix is applied to its policy and the diagnosis re-run: the check it targets must then pass.
import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { AccountModel } from "@/lib/account/model";
import { loadSnapshot } from "@/lib/account/snapshot";
import { applyFix } from "./apply";
import { diagnoseAssumeRole } from "./diagnose";
import type { DiagnoseInput } from "./types";

let model: AccountModel;
beforeAll(async () => {
  model = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
});

const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;
const denied: [string, DiagnoseInput][] = [
  ["dana → ECS task role (service-only trust, boundary)", { principal: dev("user/contractors/dana"), role: "orders-api-task" }],
  ["bob → ECS task role", { principal: dev("user/bob"), role: "orders-api-task" }],
  ["dana → official (boundary)", { principal: dev("user/contractors/dana"), role: "orders-api-task-official" }],
  ["bob with session tags", { principal: dev("user/bob"), role: "orders-api-task-official", tags: { team: "web" } }],
  ["alice without MFA", { principal: dev("user/alice"), role: "power-user", mfa: false }],
  ["alice asks 6 h on a 4 h role", { principal: dev("user/alice"), role: "power-user", mfa: true, durationSeconds: 21600 }],
  ["eve's explicit deny", { principal: dev("user/eve"), role: "power-user", mfa: true }],
  ["frank has no allow", { principal: dev("user/frank"), role: "power-user", mfa: true }],
  ["carol asks 2 h", { principal: dev("user/carol"), role: "terraform-deployer", durationSeconds: 7200 }],
  ["alice wrong team tag", { principal: dev("user/alice"), role: "terraform-deployer" }],
  ["role chaining > 1 h", { principal: "arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718", role: "app-ec2-assumed", durationSeconds: 7200 }],
  ["bob cross-account without allow", { principal: dev("user/bob"), role: "arn:aws:iam::222222222222:role/shared-deploy" }],
  ["bob → legacy (deleted principal)", { principal: dev("user/bob"), role: "legacy-reporting" }],
  ["partner wrong external ID", { principal: "arn:aws:iam::999988887777:role/rc-audit-runner", role: dev("role/partner-audit"), externalId: "rc-7f3a9c2" }],
  ["partner vendor-scanner RCP", { principal: "arn:aws:iam::999988887777:role/rc-audit-runner", role: "arn:aws:iam::222222222222:role/vendor-scanner", externalId: "rc-vendor-5521" }],
  ["bad session name", { principal: dev("user/bob"), role: "orders-api-task-official", roleSessionName: "bob debug!" }],
  ["source identity without sts:SetSourceIdentity", { principal: dev("user/bob"), role: "orders-api-task-official", sourceIdentity: "bob" }],
  ["the STS endpoint policy denies power-user", { principal: dev("user/alice"), role: "power-user", mfa: true, sourceVpce: "vpce-0a1b2c3d4e5f67890" }],
  ["the STS endpoint policy does not allow terraform-deployer", { principal: dev("user/carol"), role: "terraform-deployer", sourceVpce: "vpce-0a1b2c3d4e5f67890" }],
  ["every blocker at once: not trusted, no Allow, through an endpoint that does not allow it", { principal: dev("user/frank"), role: "terraform-deployer", sourceVpce: "vpce-0a1b2c3d4e5f67890", durationSeconds: 7200 }],
];

describe("every fix makes its check pass", () => {
  it.each(denied)("%s", (_name, input) => {
    const before = diagnoseAssumeRole(model, input);
    expect(before.verdict).toBe("denied");
    const patched = before.fixes.filter((f) => f.patches?.length);
    // every failing check has at least one fix
    for (const id of before.blockedBy) expect(before.fixes.flatMap((f) => [f.target, ...(f.covers ?? [])]), `a fix for ${id}`).toContain(id);
    expect(patched.length).toBeGreaterThan(0);
    for (const fix of patched) {
      const after = applyFix(model, input, fix.patches!);
      const r = diagnoseAssumeRole(after.model, after.input);
      for (const id of [fix.target, ...(fix.covers ?? [])]) {
        const c = r.checks.find((x) => x.id === id)!;
        expect(c.status, `${fix.title} → ${id}: ${c.detail}`).toMatch(/^(pass|not-applicable)$/);
      }
    }
  });

  it("a fix is ready to paste: statement, CLI, Terraform and CloudFormation", () => {
    const r = diagnoseAssumeRole(model, { principal: dev("user/frank"), role: "power-user", mfa: true });
    const fix = r.fixes.find((f) => f.target === "identity-policy")!;
    expect(fix.statement).toEqual({ Sid: "AllowAssumepoweruser", Effect: "Allow", Action: "sts:AssumeRole", Resource: dev("role/power-user") });
    expect(fix.cli).toMatch(/^aws iam put-user-policy --user-name frank --policy-name \S+ --policy-document '\{"Version":"2012-10-17"/);
    expect(fix.terraform).toContain('data "aws_iam_policy_document"');
    expect(fix.terraform).toContain('resource "aws_iam_user_policy"');
    expect(fix.cloudformation).toContain("Type: AWS::IAM::Policy");
    expect(fix.cloudformation).toContain("Users:\n      - frank");
  });

  it("a service-only role offers the official fix and simulation", () => {
    const r = diagnoseAssumeRole(model, { principal: dev("user/bob"), role: "orders-api-task" });
    const titles = r.fixes.map((f) => f.title);
    expect(titles.some((t) => /official/i.test(t))).toBe(true);
    const sim = r.fixes.find((f) => f.link);
    // the simulate link keeps the caller, and lists the base roles the caller may assume
    expect(sim?.link).toBe(`/simulate?role=${encodeURIComponent(dev("role/ecs/orders-api-task"))}&caller=${encodeURIComponent(dev("user/bob"))}`);
    expect(sim?.baseRoles?.map((b) => b.name)).toContain("orders-api-task-official");
    expect(sim?.baseRoles?.every((b) => b.link.includes("&base=") && b.link.includes(encodeURIComponent(dev("user/bob"))))).toBe(true);
    expect(r.fixes.find((f) => /official/i.test(f.title))!.explanation).toContain("aws:ResourceTag/env");
  });

  it("role chaining: says no setting lifts the cap", () => {
    const r = diagnoseAssumeRole(model, { principal: "arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718", role: "app-ec2-assumed", durationSeconds: 7200 });
    const fix = r.fixes.find((f) => f.target === "duration")!;
    expect(fix.title).toMatch(/no setting lifts/);
    expect(r.fixes.some((f) => f.patches?.some((p) => p.kind === "max-session-duration"))).toBe(false);
  });

  it("MaxSessionDuration: a shorter duration, or update-role", () => {
    const r = diagnoseAssumeRole(model, { principal: dev("user/carol"), role: "terraform-deployer", durationSeconds: 7200 });
    const clis = r.fixes.filter((f) => f.target === "duration").map((f) => f.cli);
    expect(clis).toContain(`aws iam update-role --role-name terraform-deployer --max-session-duration 7200`);
    expect(clis.some((c) => c?.includes("--duration-seconds 3600"))).toBe(true);
  });
});
