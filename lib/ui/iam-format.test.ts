import { describe, expect, it } from "vitest";
import { arnAccount, arnName, arnPath, checkLabel, decodeSegment, formatDay, formatDuration, principalHref, relativeDay, roleHref } from "./iam-format";

describe("ARNs", () => {
  it("names", () => {
    expect(arnName("arn:aws:iam::111111111111:role/ecs/orders-api-task")).toBe("orders-api-task");
    expect(arnName("arn:aws:iam::111111111111:user/contractors/dana")).toBe("dana");
    expect(arnName("arn:aws:sts::111111111111:assumed-role/orders-api-task/4c1f")).toBe("orders-api-task/4c1f");
    expect(arnName("arn:aws:iam::111111111111:root")).toBe("account 111111111111 (root)");
    expect(arnName("ecs-tasks.amazonaws.com")).toBe("ecs-tasks.amazonaws.com");
  });
  it("paths and accounts", () => {
    expect(arnPath("arn:aws:iam::111111111111:role/ecs/orders-api-task")).toBe("/ecs/");
    expect(arnPath("arn:aws:iam::111111111111:role/a/b/c")).toBe("/a/b/");
    expect(arnPath("arn:aws:iam::111111111111:role/power-user")).toBe("/");
    expect(arnAccount("arn:aws:sts::222222222222:assumed-role/x/y")).toBe("222222222222");
    expect(arnAccount("ec2.amazonaws.com")).toBeNull();
  });
  it("links encode the ARN as one path segment, and decode back", () => {
    const arn = "arn:aws:iam::111111111111:role/ecs/orders-api-task";
    expect(roleHref(arn)).toBe("/roles/arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fecs%2Forders-api-task");
    expect(principalHref(arn)).toMatch(/^\/principals\/arn%3A/);
    expect(decodeSegment(roleHref(arn).slice("/roles/".length))).toBe(arn);
    expect(decodeSegment("%E0%A4%A")).toBe("%E0%A4%A");
  });
});

describe("durations and dates", () => {
  it("durations", () => {
    expect(formatDuration(3600)).toBe("1 hour");
    expect(formatDuration(43200)).toBe("12 hours");
    expect(formatDuration(5400)).toBe("1 h 30 min");
    expect(formatDuration(900)).toBe("15 minutes");
    expect(formatDuration(61)).toBe("61 seconds");
  });
  it("dates", () => {
    const now = new Date("2026-11-22T12:00:00Z");
    expect(formatDay("2026-11-19T10:42:51+00:00")).toBe("2026-11-19");
    expect(formatDay("nope")).toBe("nope");
    expect(relativeDay("2026-11-22T01:00:00Z", now)).toBe("today");
    expect(relativeDay("2026-11-21T01:00:00Z", now)).toBe("yesterday");
    expect(relativeDay("2026-11-19T10:42:51+00:00", now)).toBe("3 days ago");
    expect(relativeDay("2026-05-01T00:00:00Z", now)).toBe("7 months ago");
    expect(relativeDay("2024-01-22T11:18:40+00:00", now)).toBe("3 years ago");
    expect(relativeDay("2027-01-01T00:00:00Z", now)).toBe("in the future");
    expect(relativeDay("x", now)).toBe("");
  });
  it("check labels", () => {
    expect(checkLabel("permission-boundary")).toBe("permissions boundary");
    expect(checkLabel("something-new")).toBe("something-new");
  });
});
