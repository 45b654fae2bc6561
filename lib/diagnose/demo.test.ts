// The demo snapshot's scenarios (data/demo/README.md) run through the diagnosis: each row is a
// situation people really hit, with the verdict and failing checks AWS would produce.
import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { AccountModel } from "@/lib/account/model";
import { loadSnapshot } from "@/lib/account/snapshot";
import { diagnoseAssumeRole } from "./diagnose";
import type { CheckId, DiagnoseInput } from "./types";

let model: AccountModel;
beforeAll(async () => {
  model = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
});

const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;
const EC2_SESSION = "arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718";
const PARTNER = "arn:aws:iam::999988887777:role/rc-audit-runner";
const STS_VPCE = "vpce-0a1b2c3d4e5f67890";

type Row = [n: number, input: DiagnoseInput, verdict: "allowed" | "denied" | "unknown", fails: CheckId[], error?: string];
const rows: Row[] = [
  [1, { principal: dev("user/contractors/dana"), role: "orders-api-task" }, "denied", ["trust-policy", "permission-boundary"]],
  [2, { principal: dev("user/bob"), role: "orders-api-task" }, "denied", ["trust-policy"], "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/ecs/orders-api-task because no role trust policy allows the sts:AssumeRole action"],
  [3, { principal: dev("user/bob"), role: "orders-api-task-official" }, "allowed", []],
  [4, { principal: dev("user/contractors/dana"), role: "orders-api-task-official" }, "denied", ["permission-boundary"], "User: arn:aws:iam::111111111111:user/contractors/dana is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/ecs/orders-api-task-official because no permissions boundary allows the sts:AssumeRole action"],
  [5, { principal: dev("user/bob"), role: "orders-api-task-official", tags: { team: "web" } }, "denied", ["session-tags"]],
  [6, { principal: dev("user/alice"), role: "power-user", mfa: true }, "allowed", []],
  [6.1, { principal: dev("user/alice"), role: "power-user", mfa: true, tags: { team: "payments" }, durationSeconds: 14400 }, "allowed", []],
  [6.2, { principal: dev("user/alice"), role: "power-user" }, "unknown", []],
  [7, { principal: dev("user/alice"), role: "power-user", mfa: false }, "denied", ["trust-policy"]],
  [8, { principal: dev("user/alice"), role: "power-user", mfa: true, durationSeconds: 21600 }, "denied", ["duration"], "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."],
  [9, { principal: dev("user/eve"), role: "power-user", mfa: true }, "denied", ["identity-policy"], "User: arn:aws:iam::111111111111:user/eve is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/power-user with an explicit deny in an identity-based policy"],
  [10, { principal: dev("user/frank"), role: "power-user", mfa: true }, "denied", ["identity-policy"]],
  [11, { principal: dev("user/carol"), role: "terraform-deployer" }, "allowed", []],
  [12, { principal: dev("user/carol"), role: "terraform-deployer", durationSeconds: 7200 }, "denied", ["duration"], "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."],
  [13, { principal: dev("user/alice"), role: "terraform-deployer" }, "denied", ["trust-policy"]],
  [14, { principal: dev("user/carol"), role: "network-admin", mfa: true }, "allowed", []],
  [15, { principal: EC2_SESSION, role: "app-ec2-assumed" }, "allowed", []],
  [16, { principal: EC2_SESSION, role: "app-ec2-assumed", durationSeconds: 7200 }, "denied", ["duration"], "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."],
  [17, { principal: "ec2.amazonaws.com", role: dev("role/app-ec2-implicit") }, "allowed", []],
  [18, { principal: "ec2.amazonaws.com", role: dev("role/batch-ec2-no-profile") }, "allowed", []],
  [19, { principal: "ecs-tasks.amazonaws.com", role: dev("role/ecs/orders-api-task"), context: { "aws:SourceAccount": "111111111111" } }, "allowed", []],
  [19.1, { principal: "ecs-tasks.amazonaws.com", role: dev("role/ecs/orders-api-task") }, "unknown", []],
  [20, { principal: dev("user/service/ci-deployer"), role: "arn:aws:iam::222222222222:role/shared-deploy" }, "allowed", []],
  [21, { principal: dev("user/bob"), role: "arn:aws:iam::222222222222:role/shared-deploy" }, "denied", ["identity-policy"], "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/shared-deploy"],
  [22, { principal: "arn:aws:sts::111111111111:assumed-role/orders-api-task/4c1f7e0b2a9d4e6f8b3c5d7e9f1a2b3c", role: "arn:aws:iam::222222222222:role/artifact-reader" }, "allowed", []],
  [23, { principal: "arn:aws:sts::222222222222:assumed-role/shared-deploy/ci-deployer-build-1187", role: "arn:aws:iam::333333333333:role/prod-deploy" }, "allowed", []],
  [24, { principal: dev("user/alice"), role: "legacy-reporting" }, "allowed", []],
  // every blocker at once: bob is not named, and trusting his account would still need his Allow
  [25, { principal: dev("user/bob"), role: "legacy-reporting" }, "denied", ["trust-policy", "identity-policy"]],
  [26, { principal: PARTNER, role: dev("role/partner-audit"), externalId: "rc-7f3a9c21" }, "unknown", []],
  [27, { principal: PARTNER, role: dev("role/partner-audit"), externalId: "rc-7f3a9c2" }, "denied", ["external-id", "trust-policy"]],
  [27.1, { principal: PARTNER, role: dev("role/partner-audit") }, "denied", ["external-id", "trust-policy"]],
  [28, { principal: PARTNER, role: "arn:aws:iam::222222222222:role/vendor-scanner", externalId: "rc-vendor-5521" }, "denied", ["rcp"]],
  [29, { principal: "arn:aws:iam::444455556666:role/Admin", role: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole" }, "unknown", []],
  [30, { principal: dev("user/carol"), role: "arn:aws:iam::333333333333:role/prod-readonly", mfa: true }, "allowed", []],
  [31, { principal: dev("user/carol"), role: "arn:aws:iam::333333333333:role/prod-readonly", mfa: true, durationSeconds: 7200 }, "unknown", []],
  [32, { principal: dev("user/bob"), role: "arn:aws:iam::333333333333:role/prod-readonly", mfa: true }, "denied", ["identity-policy"]],
  [33, { principal: dev("user/frank"), role: "public-trust-misconfigured" }, "allowed", []],
  [34, { principal: dev("user/bob"), role: "github-actions-deploy" }, "denied", ["trust-policy"]],
  // through the app VPC's STS interface endpoint (dev/vpce-eu-west-1.json)
  [35, { principal: EC2_SESSION, role: "app-ec2-assumed", sourceVpce: STS_VPCE }, "allowed", []],
  [36, { principal: dev("user/alice"), role: "power-user", mfa: true, sourceVpce: STS_VPCE }, "denied", ["vpc-endpoint-policy"], `User: ${dev("user/alice")} is not authorized to perform: sts:AssumeRole on resource: ${dev("role/power-user")} with an explicit deny in a VPC endpoint policy`],
  [37, { principal: dev("user/carol"), role: "terraform-deployer", sourceVpce: STS_VPCE }, "denied", ["vpc-endpoint-policy"], `User: ${dev("user/carol")} is not authorized to perform: sts:AssumeRole on resource: ${dev("role/platform/terraform-deployer")} because no VPC endpoint policy allows the sts:AssumeRole action`],
  [38, { principal: dev("user/bob"), role: "orders-api-task-official", sourceVpce: "vpce-0fffffffffffffff0" }, "unknown", []],
  [39, { principal: dev("user/service/ci-deployer"), role: "arn:aws:iam::222222222222:role/shared-deploy", sourceVpce: STS_VPCE }, "allowed", []],
];

describe("demo scenarios (data/demo/README.md)", () => {
  it.each(rows)("scenario %s", (_n, input, verdict, fails, error) => {
    const r = diagnoseAssumeRole(model, input);
    const summary = r.checks.filter((c) => c.status !== "pass" && c.status !== "not-applicable").map((c) => `${c.id}:${c.status}: ${c.detail}`);
    expect({ verdict: r.verdict, blockedBy: r.blockedBy }, summary.join("\n")).toEqual({ verdict, blockedBy: fails });
    if (error) expect(r.error).toBe(error);
    if (verdict !== "denied") expect(r.error).toBeNull();
  });
});

describe("the STS VPC endpoint of the demo (data/demo/dev/vpce-eu-west-1.json)", () => {
  it("names the endpoint it does not know", () => {
    const r = diagnoseAssumeRole(model, { principal: dev("user/bob"), role: "orders-api-task-official", sourceVpce: "vpce-0fffffffffffffff0" });
    const c = r.checks.find((x) => x.id === "vpc-endpoint-policy")!;
    expect(c.status).toBe("unknown");
    expect(c.detail).toContain("vpce-0fffffffffffffff0");
  });
  it("an S3 gateway endpoint cannot carry sts:AssumeRole", () => {
    expect(() => diagnoseAssumeRole(model, { principal: dev("user/bob"), role: "orders-api-task-official", sourceVpce: "vpce-0b2c3d4e5f6a78901" })).toThrow(/com\.amazonaws\.eu-west-1\.s3, not for STS/);
  });
  it("the endpoint's Deny is quoted, and the fix comes in all four forms", () => {
    const r = diagnoseAssumeRole(model, { principal: dev("user/alice"), role: "power-user", mfa: true, sourceVpce: STS_VPCE });
    const c = r.checks.find((x) => x.id === "vpc-endpoint-policy")!;
    expect(c.statements.find((x) => x.decisive)?.sid).toBe("DenyAdminSessionsFromTheAppVpc");
    const fix = r.fixes.find((f) => f.target === "vpc-endpoint-policy")!;
    expect(fix.cli).toMatch(/^aws ec2 modify-vpc-endpoint --region eu-west-1 --vpc-endpoint-id vpce-0a1b2c3d4e5f67890 --policy-document '\{"Version":"2012-10-17"/);
    expect(fix.terraform).toContain('resource "aws_vpc_endpoint_policy"');
    expect(fix.terraform).toContain('vpc_endpoint_id = "vpce-0a1b2c3d4e5f67890"');
    expect(fix.cloudformation).toContain("Type: AWS::EC2::VPCEndpoint");
    expect(fix.cloudformation).toContain("ServiceName: com.amazonaws.eu-west-1.sts");
    expect(fix.statement).toMatchObject({ Sid: "DenyAdminSessionsFromTheAppVpc", Effect: "Deny", Condition: { ArnNotEquals: { "aws:PrincipalArn": dev("user/alice") } } });
  });
});
