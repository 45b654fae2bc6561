import { describe, expect, it } from "vitest";
import { prettyPolicy } from "./policy-lines";

const doc = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "A", Effect: "Allow", Action: "s3:*", Resource: "*" },
    { Sid: "B", Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] } } },
    {},
  ],
};

describe("prettyPolicy", () => {
  it("finds each statement's lines", () => {
    const p = prettyPolicy(doc);
    expect(p.statements).toHaveLength(3);
    const text = (i: number) => {
      const [a, b] = p.statements[i]!;
      return p.lines.slice(a, b + 1).join("\n");
    };
    expect(text(0)).toContain('"Sid": "A"');
    expect(text(0)).not.toContain('"Sid": "B"');
    expect(text(1)).toContain('"Sid": "B"');
    expect(text(1)).toContain("aws:RequestedRegion");
    expect(text(1).trim().endsWith("},")).toBe(true);
    expect(text(2).trim()).toBe("{}");
  });

  it("takes a single Statement object as statement 0", () => {
    const p = prettyPolicy({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } });
    expect(p.statements).toEqual([[2, 6]]);
  });

  it("accepts JSON and URL-encoded strings", () => {
    const s = JSON.stringify(doc);
    expect(prettyPolicy(s).statements).toHaveLength(3);
    expect(prettyPolicy(encodeURIComponent(s)).statements).toHaveLength(3);
  });

  it("ignores a nested key named Statement", () => {
    const p = prettyPolicy({ Version: "2012-10-17", Id: "x", Statement: [{ Effect: "Allow", Condition: { StringEquals: { Statement: "x" } } }] });
    expect(p.statements).toHaveLength(1);
  });

  it("has no statements for an empty array or an unparsable string", () => {
    expect(prettyPolicy({ Statement: [] }).statements).toEqual([]);
    expect(prettyPolicy("{nope").statements).toEqual([]);
  });
});
