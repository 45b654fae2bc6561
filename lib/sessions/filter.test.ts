import { describe, expect, it } from "vitest";
import { bucketSecondsFor, csvField, decodePageToken, encodePageToken, fingerprintOf, sessionFilter, timeline, toCsv } from "./filter";
import type { RoleSession } from "./group";

const s = (over: Partial<RoleSession>): RoleSession =>
  ({
    roleSessionName: "alice", roleArn: "arn:aws:iam::111111111111:role/team/power-user", assumedRoleArn: null, caller: "arn:aws:iam::111111111111:user/alice", callerAccount: "111111111111",
    sourceIp: null, userAgent: null, eventTime: "2026-11-16T09:12:04Z", expiration: null, durationSeconds: 3600, accessKeyId: "ASIAEXAMPLE0000001", sourceIdentity: null, region: "us-east-1",
    outcome: "success", errorCode: null, errorMessage: null, eventId: "e", activity: null, eventName: "AssumeRole", roleAccount: "111111111111", callerType: "IAMUser", sessionTags: null,
    transitiveTagKeys: null, label: null, chain: { parent: null, children: [] }, sharedEventId: null, loggedIn: [], ...over,
  }) as RoleSession;

describe("filters", () => {
  it("are exact and combine; role by ARN or by name; from inclusive, to exclusive", () => {
    const f = (x: Parameters<typeof sessionFilter>[0]) => sessionFilter(x)(s({}));
    expect(f({ role: "arn:aws:iam::111111111111:role/team/power-user" })).toBe(true);
    expect(f({ role: "power-user" })).toBe(true);
    expect(f({ role: "power" })).toBe(false);
    expect(f({ roleSessionName: "alice", principal: "arn:aws:iam::111111111111:user/alice", outcome: "success" })).toBe(true);
    expect(f({ roleSessionName: "alice", outcome: "failure" })).toBe(false);
    expect(f({ from: "2026-11-16T09:12:04Z" })).toBe(true);
    expect(f({ to: "2026-11-16T09:12:04Z" })).toBe(false);
    expect(f({ from: "2026-11-16T10:12:04+01:00", to: "2026-11-16T09:12:05Z" })).toBe(true);
  });
  it("page tokens are tied to their filters", () => {
    const fp = fingerprintOf({ role: "x" });
    expect(decodePageToken(encodePageToken(20, fp), fp)).toBe(20);
    expect(decodePageToken(encodePageToken(20, fp), fingerprintOf({ role: "y" }))).toBeNull();
    expect(decodePageToken("%%%", fp)).toBeNull();
  });
});

describe("timeline and CSV", () => {
  it("buckets successes and failures, empty buckets included", () => {
    const t = timeline([s({ eventTime: "2026-11-16T09:10:00Z", outcome: "failure" }), s({ eventTime: "2026-11-16T09:12:00Z" }), s({ eventTime: "2026-11-16T12:00:00Z" })], { bucketSeconds: 3600 });
    expect(t.buckets).toEqual([
      { start: "2026-11-16T09:00:00Z", success: 1, failure: 1 },
      { start: "2026-11-16T10:00:00Z", success: 0, failure: 0 },
      { start: "2026-11-16T11:00:00Z", success: 0, failure: 0 },
      { start: "2026-11-16T12:00:00Z", success: 1, failure: 0 },
    ]);
    expect(bucketSecondsFor(7 * 86400_000)).toBe(3 * 3600);
    expect(timeline([]).buckets).toEqual([]);
  });
  it("writes RFC 4180 CSV and defuses spreadsheet formulas", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(null)).toBe("");
    const csv = toCsv([s({ roleSessionName: "x,y" })]).split("\r\n");
    expect(csv[0]).toMatch(/^eventTime,outcome,roleArn,roleSessionName,caller,/);
    expect(csv[1]).toContain('"x,y"');
  });
});
