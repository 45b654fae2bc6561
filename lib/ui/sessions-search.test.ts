import { describe, expect, it } from "vitest";
import {
  emptySentence,
  apiParams,
  describeSearch,
  effectiveRange,
  emptySearch,
  hasFilters,
  inputToIso,
  isoToInput,
  normalizeIso,
  rangeStart,
  searchFromQuery,
  searchToQuery,
  validateSearch,
} from "./sessions-search";

const ROLE = "arn:aws:iam::111111111111:role/ecs/orders-api-task";
const BOB = "arn:aws:iam::111111111111:user/bob";

describe("times (UTC)", () => {
  it("normalizes what links and inputs hold", () => {
    expect(normalizeIso("2026-11-17")).toBe("2026-11-17T00:00:00Z");
    expect(normalizeIso("2026-11-17T10:20")).toBe("2026-11-17T10:20:00Z");
    expect(normalizeIso("2026-11-17T10:20:44Z")).toBe("2026-11-17T10:20:44Z");
    expect(normalizeIso("2026-11-17T12:20:44+02:00")).toBe("2026-11-17T10:20:44Z");
    expect(normalizeIso("2026-11-17T10:20:44.5Z")).toBe("2026-11-17T10:20:44.500Z");
    expect(normalizeIso("yesterday")).toBeNull();
    expect(normalizeIso("2026-13-45")).toBeNull();
  });
  it("datetime-local inputs are read and written as UTC", () => {
    expect(isoToInput("2026-11-17T10:20:00Z")).toBe("2026-11-17T10:20");
    expect(isoToInput("2026-11-17T10:20:44Z")).toBe("2026-11-17T10:20:44");
    expect(isoToInput("nonsense")).toBe("");
    expect(inputToIso("2026-11-17T10:20")).toBe("2026-11-17T10:20:00Z");
    expect(inputToIso("")).toBeNull();
  });
});

describe("the address bar", () => {
  it("reads the deep links other pages build", () => {
    const s = searchFromQuery(`principal=${encodeURIComponent(BOB)}&role=${encodeURIComponent(ROLE)}&outcome=failure`);
    expect(s).toEqual({ ...emptySearch(), principal: BOB, role: ROLE, outcome: "failure" });
    expect(hasFilters(s)).toBe(true);
    expect(hasFilters(emptySearch())).toBe(false);
  });
  it("ignores unknown values and keeps invalid times for the API to explain", () => {
    const s = searchFromQuery("outcome=maybe&label=robot&range=3y&from=2026-11-17&to=soon");
    expect(s.outcome).toBe("");
    expect(s.label).toBe("");
    expect(s.range).toBe("");
    expect(s.from).toBe("2026-11-17T00:00:00Z");
    expect(s.to).toBe("soon");
    expect(validateSearch(s).to).toMatch(/Not a time/);
  });
  it("round-trips, with the open session last", () => {
    const s = { ...emptySearch(), roleSessionName: "carol", from: "2026-11-17T00:00:00Z", to: "2026-11-18T00:00:00Z", label: "cross-account" as const };
    const q = searchToQuery(s, "ASIAS4NWNQF4WZP076AC");
    expect(q).toBe("roleSessionName=carol&from=2026-11-17T00%3A00%3A00Z&to=2026-11-18T00%3A00%3A00Z&label=cross-account&session=ASIAS4NWNQF4WZP076AC");
    expect(searchFromQuery(q)).toEqual(s);
  });
  it("a rolling window replaces from and to", () => {
    const s = { ...emptySearch(), range: "7d" as const, from: "2026-11-17T00:00:00Z" };
    expect(searchToQuery(s)).toBe("range=7d");
  });
});

describe("the API query", () => {
  const now = Date.parse("2026-11-22T08:18:22.123Z");
  it("resolves a rolling window against now, to the minute", () => {
    expect(rangeStart("24h", now)).toBe("2026-11-21T08:18:00Z");
    expect(rangeStart("30d", now)).toBe("2026-10-23T08:18:00Z");
    const s = { ...emptySearch(), range: "7d" as const, outcome: "failure" as const };
    expect(effectiveRange(s, now)).toEqual({ from: "2026-11-15T08:18:00Z", to: "" });
    expect(apiParams(s, now).toString()).toBe("from=2026-11-15T08%3A18%3A00Z&outcome=failure");
  });
  it("passes filters through, trimmed", () => {
    const s = { ...emptySearch(), role: ` ${ROLE} `, accessKeyId: "ASIAS4NWNQF4WZP076AC", label: "ECS task" as const };
    expect(Object.fromEntries(apiParams(s, now))).toEqual({ role: ROLE, accessKeyId: "ASIAS4NWNQF4WZP076AC", label: "ECS task" });
  });
});

describe("validation and words", () => {
  it("catches a malformed key and a backwards range", () => {
    expect(validateSearch({ ...emptySearch(), accessKeyId: "asia123" }).accessKeyId).toMatch(/access key ID/);
    expect(validateSearch({ ...emptySearch(), accessKeyId: "ASIAS4NWNQF4WZP076AC" })).toEqual({});
    expect(validateSearch({ ...emptySearch(), from: "2026-11-18T00:00:00Z", to: "2026-11-17T00:00:00Z" }).to).toMatch(/after the start/);
  });
  it("describes the filters", () => {
    expect(describeSearch({ ...emptySearch(), role: ROLE, principal: BOB, outcome: "failure" })).toEqual(["role ecs/orders-api-task", "caller user/bob", "failed attempts"]);
    expect(describeSearch({ ...emptySearch(), range: "24h" })).toEqual(["last 24 h"]);
    expect(describeSearch({ ...emptySearch(), range: "7d" })).toEqual(["last 7 days"]);
    expect(describeSearch({ ...emptySearch(), from: "2026-11-17T09:00:00Z" })).toEqual(["from 2026-11-17 09:00 UTC"]);
  });
});

describe("emptySentence", () => {
  const base = { ...emptySearch() };
  it("reads naturally, the window counted from a snapshot's latest event", () => {
    expect(emptySentence({ ...base, range: "7d" }, "2026-11-21T16:40:12Z")).toBe("No sessions in the last 7 days of the CloudTrail read (up to its latest event, 2026-11-21 16:40:12 UTC).");
    expect(emptySentence({ ...base, range: "24h" }, null)).toBe("No sessions in the last 24 h.");
    expect(emptySentence({ ...base, outcome: "failure", role: "arn:aws:iam::111111111111:role/deploy", principal: "arn:aws:iam::111111111111:user/bob" }, null)).toBe("No failed attempts of role deploy by user/bob.");
  });
});
