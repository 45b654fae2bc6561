import type { AccessPath } from "@/lib/paths/types";
import { describe, expect, it, vi } from "vitest";
import type { DiagnoseResult } from "@/lib/diagnose/types";
import { renderCheck } from "./render-check";
import { renderDiagnosis, settleFlag } from "./render-diagnosis";
import { style } from "./style";

// each test starts processes (or loads a source): on a busy machine that takes seconds
vi.setConfig({ testTimeout: 60_000 });

process.env.ROLECALL_SOURCE = "demo";

const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;
const ind = (text: string) => text.split("\n").map((l) => (l ? `       ${l}` : l)).join("\n");
const diagnose = async (body: Record<string, unknown>): Promise<DiagnoseResult> => {
  const { DiagnoseRequest, diagnoseOnSource } = await import("@/lib/api/diagnose");
  return diagnoseOnSource(DiagnoseRequest.parse(body));
};

describe("a diagnosis as text", () => {
  it("the verdict first; each failing check with its detail, the deciding statement as JSON; the predicted STS error", async () => {
    const text = renderDiagnosis(await diagnose({ principal: dev("user/eve"), role: "power-user", mfa: true }));
    const lines = text.split("\n");
    expect(lines[0]).toBe(`DENIED  ${dev("user/eve")} → sts:AssumeRole → ${dev("role/power-user")}`);
    expect(text).toContain("✗ identity-policy  A Deny in the caller's identity policies matches sts:AssumeRole");
    expect(text).toContain("inline policy offboarding-deny-assume of user eve, statement DenyAssumeRoleDuringOffboarding (Deny): Denies: action, resource match");
    expect(text).toContain('{"Sid":"DenyAssumeRoleDuringOffboarding","Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}');
    expect(text).toContain(`STS would answer (AccessDenied):\n  User: ${dev("user/eve")} is not authorized to perform: sts:AssumeRole on resource: ${dev("role/power-user")} with an explicit deny in an identity-based policy`);
    expect(text).toMatch(/✓ pass: role-exists, session-name, duration, trust-policy/);
  });
  it("an implicit deny shows why each statement does not apply", async () => {
    const text = renderDiagnosis(await diagnose({ principal: dev("user/bob"), role: "orders-api-task" }));
    expect(text).toContain("✗ trust-policy  Only an AWS service may assume this role");
    expect(text).toContain("no statement allows it:");
    expect(text).toContain('"Principal":{"Service":"ecs-tasks.amazonaws.com"}');
  });
  it("fixes: the statement and the aws command by default; --fix terraform or cloudformation instead of the command", async () => {
    const r = await diagnose({ principal: dev("user/contractors/dana"), role: "orders-api-task-official" });
    const fix = r.fixes.find((f) => f.target === "permission-boundary")!;
    const cli = renderDiagnosis(r);
    expect(cli).toContain("Fixes:\n  1. ");
    expect(cli).toContain(ind(JSON.stringify(fix.statement, null, 2)));
    expect(cli).toContain(`     run:\n${ind(fix.cli!)}`);
    expect(cli).not.toContain("terraform:");
    const tf = renderDiagnosis(r, { fix: "terraform" });
    expect(tf).toContain(`     terraform:\n${ind(fix.terraform!)}`);
    expect(tf).not.toContain("aws iam create-policy-version");
    expect(renderDiagnosis(r, { fix: "cloudformation" })).toContain(fix.cloudformation!.split("\n")[0]!);
  });
  it("a fix that points at the simulate page becomes the rolecall simulate command", async () => {
    const text = renderDiagnosis(await diagnose({ principal: dev("user/bob"), role: "orders-api-task" }));
    expect(text).toContain(`rolecall simulate ${dev("role/ecs/orders-api-task")} --base-role BASE_ROLE -- COMMAND`);
  });
  it("an unknown names the exact flag that settles it", async () => {
    const text = renderDiagnosis(await diagnose({ principal: dev("user/alice"), role: "power-user" }));
    expect(text.split("\n")[0]).toMatch(/^UNKNOWN /);
    expect(text).toContain("? trust-policy");
    expect(text).toContain("settle it: --mfa or --no-mfa  (gives aws:MultiFactorAuthPresent)");
    expect(text).toContain("To decide, give: --mfa or --no-mfa");
    expect(text).not.toContain("STS would answer");
    const exec = renderDiagnosis(await diagnose({ principal: dev("user/alice"), role: "power-user" }), { flags: "exec" });
    expect(exec).toContain("settle it: --serial-number MFA_ARN (with --token-code CODE)");
  });
  it("the flag for each condition key a request sets", () => {
    expect(settleFlag("sts:ExternalId")).toBe("--external-id ID");
    expect(settleFlag("aws:SourceIp")).toBe("--source-ip IP");
    expect(settleFlag("aws:SourceVpce")).toBe("--source-vpce vpce-ID");
    expect(settleFlag("aws:RequestTag/team")).toBe("--tag team=VALUE");
    expect(settleFlag("sts:TransitiveTagKeys")).toBe("--transitive-tag-key KEY");
    expect(settleFlag("aws:PrincipalOrgID")).toBe("--context aws:PrincipalOrgID=VALUE");
    // exec can set only AssumeRole's own parameters
    expect(settleFlag("aws:SourceIp", "exec")).toBeNull();
    expect(settleFlag("sts:ExternalId", "exec")).toBe("--external-id ID");
  });
  it("colour only when asked for: plain text has no escape codes", async () => {
    const r = await diagnose({ principal: dev("user/bob"), role: "orders-api-task" });
    expect(renderDiagnosis(r, { style: style(false) })).not.toContain("\u001b[");
    const coloured = renderDiagnosis(r, { style: style(true) });
    expect(coloured).toContain("\u001b[31m");
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(renderDiagnosis(r));
  });
  it("role-chaining alternatives, when the answer has them, are listed", async () => {
    const alternative: AccessPath = {
      hops: [
        { from: dev("user/bob"), role: dev("role/a"), verdict: "allowed", requires: [], maxSessionSeconds: 3600 },
        { from: "arn:aws:sts::111111111111:assumed-role/a/bob", role: dev("role/ecs/orders-api-task"), verdict: "unknown", requires: ["aws:MultiFactorAuthPresent"], maxSessionSeconds: 3600 },
      ],
      verdict: "unknown",
      maxSessionSeconds: 3600,
      notes: [],
    };
    const r = { ...(await diagnose({ principal: dev("user/bob"), role: "orders-api-task" })), alternatives: [alternative] };
    expect(renderDiagnosis(r)).toContain(`Other routes to the role (role chaining):\n  ${dev("user/bob")} → ${dev("role/a")} → ${dev("role/ecs/orders-api-task")} (unknown) (needs aws:MultiFactorAuthPresent)`);
  });
});

describe("a check as text", () => {
  it("the verdict, the deciding statements, and for unknown keys the --context that settles them", async () => {
    const { CheckRequest, checkOnSource } = await import("@/lib/api/diagnose");
    const input = { principal: dev("user/bob"), action: "ec2:RunInstances", resource: "*" };
    const r = await checkOnSource(CheckRequest.parse(input));
    const text = renderCheck(r, input);
    expect(text.split("\n")[0]).toMatch(new RegExp(`^(ALLOWED|DENIED|UNKNOWN) \\(.+\\)  ${dev("user/bob")} → ec2:RunInstances → \\*$`));
    expect(text).toContain(r.summary);
    for (const k of r.dependsOn) expect(text).toContain(`--context ${k}=VALUE`);
  });
});
