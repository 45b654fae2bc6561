// Which roles may be minted (ROLECALL_SIMULATE_ALLOW): a role's name, or its path/name, must match a
// glob, and a glob's * never crosses a / (issue 15 #3).
import { describe, expect, it } from "vitest";
import { globMatch, roleAllowed, type MintConfig } from "./mint";

const cfg = (allow: string[]): MintConfig => ({ baseRole: "arn:aws:iam::111111111111:role/base", allow, auditLog: "/dev/null" });

describe("ROLECALL_SIMULATE_ALLOW", () => {
  const c = cfg(["ecs/*", "orders-*"]);
  it("matches a role's name, or its path and name", () => {
    expect(roleAllowed(c, "orders-api", "/")).toBe(true);
    expect(roleAllowed(c, "orders-api", "/team/")).toBe(true); // the name alone matches orders-*
    expect(roleAllowed(c, "task", "/ecs/")).toBe(true);
    expect(roleAllowed(c, "task", "/")).toBe(false);
  });
  it("a * does not cross /: /orders-team/admin and /ecs/deep/nested-admin are not minted", () => {
    expect(roleAllowed(c, "admin", "/orders-team/")).toBe(false);
    expect(roleAllowed(c, "nested-admin", "/ecs/deep/")).toBe(false);
  });
  it("** crosses /, for whoever wants a whole subtree", () => {
    expect(roleAllowed(cfg(["ecs/**"]), "nested-admin", "/ecs/deep/")).toBe(true);
    expect(roleAllowed(cfg(["ecs/**"]), "task", "/ecs/")).toBe(true);
    expect(roleAllowed(cfg(["ecs/**"]), "task", "/other/")).toBe(false);
  });
  it("? is one character other than /; other characters are literal", () => {
    expect(globMatch("dev-?", "dev-a")).toBe(true);
    expect(globMatch("dev-?", "dev-/")).toBe(false);
    expect(globMatch("a.b", "axb")).toBe(false);
    expect(globMatch("a+b(c)", "a+b(c)")).toBe(true);
  });
  it("no backtracking: a glob of many stars against a long name that does not match answers at once", () => {
    const t0 = performance.now();
    expect(globMatch("*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(512))).toBe(false);
    expect(globMatch("**a**a**a**a**a**a**a**a**a**b", "a".repeat(512))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
