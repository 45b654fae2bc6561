import { describe, expect, it } from "vitest";
import { fieldsTitle, placeIssues } from "./field-issues";

const fieldOf = (p: readonly (string | number)[]) => (p[0] === "principal" || p[0] === "roleSessionName" || p[0] === "sourceIp" ? (p[0] as "principal" | "roleSessionName" | "sourceIp") : null);

describe("placeIssues", () => {
  it("places every issue at its field at once, in the server's order, and keeps the rest", () => {
    const r = placeIssues(
      [
        { path: ["roleSessionName"], message: "roleSessionName: 2 to 64 of letters, digits and +=,.@-" },
        { path: ["principal"], message: "principal: \"x y\" is not a principal" },
        { path: [], message: "the body is too large" },
        { path: ["sourceIp"], message: "sourceIp: not an IP address" },
      ],
      fieldOf,
      (f, m) => (m.startsWith(`${f}: `) ? m.slice(f.length + 2) : m),
    );
    expect(r.order).toEqual(["roleSessionName", "principal", "sourceIp"]);
    expect(r.fields).toEqual({ roleSessionName: "2 to 64 of letters, digits and +=,.@-", principal: '"x y" is not a principal', sourceIp: "not an IP address" });
    expect(r.rest).toEqual([{ path: [], message: "the body is too large" }]);
  });

  it("joins two issues of one field, once each", () => {
    const r = placeIssues(
      [
        { path: ["principal"], message: "too long" },
        { path: ["principal"], message: "too long" },
        { path: ["principal", 0], message: "not an ARN" },
      ],
      fieldOf,
    );
    expect(r.fields).toEqual({ principal: "too long not an ARN" });
    expect(r.order).toEqual(["principal"]);
  });

  it("titles the alert by how many fields", () => {
    expect(fieldsTitle(1, "diagnosing")).toBe("One field needs a change before diagnosing");
    expect(fieldsTitle(3, "evaluating")).toBe("3 fields need a change before evaluating");
  });
});
