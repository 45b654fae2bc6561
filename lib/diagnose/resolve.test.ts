// The caller and the role as a person types them: bare names resolved in every loaded account,
// and a name that matches nothing (or several) answered with "did you mean …?".
import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { AccountModel } from "@/lib/account/model";
import { loadSnapshot } from "@/lib/account/snapshot";
import { diagnoseAssumeRole } from "./diagnose";
import { DiagnoseInputError, editDistance, resolvePrincipalInput, resolveRoleInput } from "./resolve";

let model: AccountModel;
beforeAll(async () => {
  model = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
});

const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;

function refusal(f: () => unknown): DiagnoseInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof DiagnoseInputError) return e;
    throw e;
  }
  throw new Error("expected a DiagnoseInputError");
}

describe("the caller as typed", () => {
  it("a bare user name is the only principal of that name in the loaded accounts", () => {
    expect(resolvePrincipalInput(model, "bob").principal).toBe(dev("user/bob"));
    expect(resolvePrincipalInput(model, "user/bob").principal).toBe(dev("user/bob"));
    // a path is part of the ARN, not of the name
    expect(resolvePrincipalInput(model, "dana").principal).toBe(dev("user/contractors/dana"));
    expect(resolvePrincipalInput(model, "user/contractors/dana").principal).toBe(dev("user/contractors/dana"));
    // IAM names are unique case-insensitively within an account
    expect(resolvePrincipalInput(model, "Bob").principal).toBe(dev("user/bob"));
    // a bare role name in another account than the first loaded one
    expect(resolvePrincipalInput(model, "role/shared-deploy").principal).toBe("arn:aws:iam::222222222222:role/shared-deploy");
  });
  it("ARNs and service principals are kept as given", () => {
    expect(resolvePrincipalInput(model, dev("user/bob")).principal).toBe(dev("user/bob"));
    expect(resolvePrincipalInput(model, "ecs-tasks.amazonaws.com").principal).toBe("ecs-tasks.amazonaws.com");
    // an account that is not loaded: its principals are unknown, not typos
    expect(resolvePrincipalInput(model, "arn:aws:iam::999988887777:role/rc-audit-runner", true).principal).toBe("arn:aws:iam::999988887777:role/rc-audit-runner");
  });
  it("a typo is answered with the closest known principals", () => {
    const e = refusal(() => resolvePrincipalInput(model, "user/bbo"));
    expect(e.field).toBe("principal");
    expect(e.message).toMatch(/No user named "bbo".*Did you mean user\/bob \(111111111111\)\?/);
    expect(e.suggestions[0]).toEqual({ arn: dev("user/bob"), kind: "user", name: "bob", account: "111111111111" });
  });
  it("strictly, an ARN of a loaded account that does not have the user is a typo too", () => {
    const e = refusal(() => resolvePrincipalInput(model, dev("user/bbo"), true));
    expect(e.message).toMatch(/Account 111111111111 is loaded and has no user bbo\. Did you mean user\/bob/);
    expect(() => resolvePrincipalInput(model, dev("user/bbo"))).not.toThrow();
    const s = refusal(() => resolvePrincipalInput(model, "arn:aws:sts::111111111111:assumed-role/power-usr/alice", true));
    expect(s.suggestions.map((x) => x.name)).toContain("power-user");
  });
  it("a name that several principals have: ask which", () => {
    const e = refusal(() => resolvePrincipalInput(model, "orders-api-task"));
    expect(e.message).toMatch(/names 2 principals/);
    expect(e.suggestions.map((s) => s.account).sort()).toEqual(["111111111111", "333333333333"]);
  });
  it("nothing close: say what to give", () => {
    expect(refusal(() => resolvePrincipalInput(model, "zzzzzzzzzz")).message).toMatch(/Give the caller's ARN/);
    expect(refusal(() => resolvePrincipalInput(model, "arn:aws:s3:::bucket", true)).message).toMatch(/account ID must be 12 digits/);
    expect(refusal(() => resolvePrincipalInput(model, "arn:aws:s3::111111111111:bucket", true)).message).toMatch(/not a principal ARN/);
  });
  it("edit distance gives up past its bound", () => {
    expect(editDistance("bbo", "bob")).toBe(2);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("a", "abcdefghijkl", 3)).toBe(4);
  });
});

describe("the role as typed", () => {
  it("a name: the caller's account first, then every loaded account", () => {
    expect(resolveRoleInput(model, "orders-api-task", "111111111111")?.arn).toBe(dev("role/ecs/orders-api-task"));
    expect(resolveRoleInput(model, "orders-api-task", "333333333333")?.arn).toBe("arn:aws:iam::333333333333:role/ecs/orders-api-task");
    // the caller's account does not have it; one other loaded account does
    expect(resolveRoleInput(model, "shared-deploy", "111111111111")?.arn).toBe("arn:aws:iam::222222222222:role/shared-deploy");
    // the caller's account is not loaded
    expect(resolveRoleInput(model, "prod-readonly", "999988887777")?.arn).toBe("arn:aws:iam::333333333333:role/prod-readonly");
    expect(resolveRoleInput(model, "ecs/orders-api-task-official", "111111111111")?.arn).toBe(dev("role/ecs/orders-api-task-official"));
  });
  it("several accounts have it and the caller's does not: ask which", () => {
    const e = refusal(() => resolveRoleInput(model, "OrganizationAccountAccessRole", "111111111111"));
    expect(e.field).toBe("role");
    expect(e.suggestions).toHaveLength(2);
  });
  it("a role name in no loaded account fails role-exists, with the closest roles", () => {
    const r = diagnoseAssumeRole(model, { principal: dev("user/bob"), role: "power-usr" });
    expect(r.blockedBy).toEqual(["role-exists"]);
    expect(r.checks.find((c) => c.id === "role-exists")!.detail).toMatch(/Did you mean role\/power-user \(111111111111\)\?/);
    expect(r.fixes[0]).toMatchObject({ target: "role-exists", patches: [{ kind: "request", change: { role: dev("role/power-user") } }] });
  });
  it("diagnoseAssumeRole resolves a bare caller name and says so", () => {
    const r = diagnoseAssumeRole(model, { principal: "carol", role: "terraform-deployer" });
    expect(r.principal).toBe(dev("user/carol"));
    expect(r.verdict).toBe("allowed");
    expect(r.notes.join(" ")).toContain(`"carol" is ${dev("user/carol")}`);
  });
});
