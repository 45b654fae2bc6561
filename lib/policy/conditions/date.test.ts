import { describe, expect, it } from "vitest";
import { RequestContext, type ContextInput } from "../context";
import { dateOperators, parseDate } from "./date";
import { compileConditions, evaluateConditions } from "./evaluate";

// Date condition operators: ISO 8601 or epoch (UNIX) seconds.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date

function holds(op: string, key: string, values: string | string[], ctx: ContextInput = {}): boolean {
  const conds = compileConditions({ [op]: { [key]: Array.isArray(values) ? values : [values] } }, true);
  return evaluateConditions(conds, new RequestContext(ctx)).length === 0;
}

const T = "2026-01-31T10:00:00Z";
const T_MS = Date.UTC(2026, 0, 31, 10, 0, 0);

describe("parseDate", () => {
  it("reads ISO 8601 date-times in UTC", () => {
    expect(parseDate(T)).toBe(T_MS);
    expect(parseDate("2026-01-31T10:00:00.250Z")).toBe(T_MS + 250);
    expect(parseDate("2026-01-31T10:00Z")).toBe(T_MS);
  });

  it("reads a date alone as midnight UTC", () => {
    expect(parseDate("2026-01-31")).toBe(Date.UTC(2026, 0, 31));
  });

  it("reads a date-time without a zone as UTC, not local time (whatever the machine's zone)", () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = "America/New_York";
      expect(new Date(2026, 0, 31).getTimezoneOffset()).not.toBe(0); // the zone change took effect
      expect(parseDate("2026-01-31T10:00:00")).toBe(T_MS);
      expect(parseDate("2026-01-31T10:00")).toBe(T_MS);
      expect(parseDate("2026-01-31")).toBe(Date.UTC(2026, 0, 31));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("honours zone offsets with or without a colon", () => {
    expect(parseDate("2026-01-31T11:00:00+01:00")).toBe(T_MS);
    expect(parseDate("2026-01-31T11:00:00+0100")).toBe(T_MS);
    expect(parseDate("2026-01-31T05:00:00-05:00")).toBe(T_MS);
  });

  it("reads epoch seconds", () => {
    expect(parseDate(String(T_MS / 1000))).toBe(T_MS);
    expect(parseDate("0")).toBe(0);
  });

  it.each(["", "yesterday", "2026-13-01", "2026-00-10", "2026-01-32", "2026-01-31T25:00:00Z", "31/01/2026", "-5", "1.5", "2026-1-31"])("rejects %j", (s) => {
    expect(parseDate(s)).toBeNull();
  });

  it("rejects days that do not exist in the month instead of rolling over", () => {
    expect(parseDate("2026-02-30")).toBeNull();
    expect(parseDate("2026-02-29T00:00:00Z")).toBeNull(); // 2026 is not a leap year
    expect(parseDate("2028-02-29T00:00:00Z")).toBe(Date.UTC(2028, 1, 29));
    expect(parseDate("2026-04-31")).toBeNull();
    expect(parseDate("2026-12-31")).toBe(Date.UTC(2026, 11, 31));
  });
});

describe("date operators", () => {
  it("only DateNotEquals is negated", () => {
    expect(dateOperators.filter((o) => o.negated).map((o) => o.name)).toEqual(["DateNotEquals"]);
  });

  const now = (t: string) => ({ "aws:CurrentTime": t });

  it.each([
    ["DateEquals", T, T, true],
    ["DateEquals", T, "2026-01-31T10:00:01Z", false],
    ["DateNotEquals", T, "2026-01-31T10:00:01Z", true],
    ["DateNotEquals", T, T, false],
    ["DateLessThan", T, "2026-01-31T09:59:59Z", true],
    ["DateLessThan", T, T, false],
    ["DateLessThanEquals", T, T, true],
    ["DateLessThanEquals", T, "2026-01-31T10:00:01Z", false],
    ["DateGreaterThan", T, "2026-01-31T10:00:01Z", true],
    ["DateGreaterThan", T, T, false],
    ["DateGreaterThanEquals", T, T, true],
    ["DateGreaterThanEquals", T, "2026-01-31T09:59:59Z", false],
  ] as const)("%s %s vs request %s → %s", (op, policy, request, want) => {
    expect(holds(op, "aws:CurrentTime", policy, now(request))).toBe(want);
  });

  it("compares ISO and epoch forms as the same instant, either side", () => {
    const epoch = String(T_MS / 1000);
    expect(holds("DateEquals", "aws:EpochTime", T, { "aws:EpochTime": epoch })).toBe(true);
    expect(holds("DateEquals", "aws:CurrentTime", epoch, now(T))).toBe(true);
    expect(holds("DateLessThan", "aws:EpochTime", "2027-01-01T00:00:00Z", { "aws:EpochTime": epoch })).toBe(true);
  });

  it("compares instants across time zones", () => {
    expect(holds("DateEquals", "aws:CurrentTime", "2026-01-31T11:00:00+01:00", now(T))).toBe(true);
  });

  it("missing key: positive false, DateNotEquals true, IfExists true", () => {
    expect(holds("DateLessThan", "aws:TokenIssueTime", T)).toBe(false);
    expect(holds("DateNotEquals", "aws:TokenIssueTime", T)).toBe(true);
    expect(holds("DateLessThanIfExists", "aws:TokenIssueTime", T)).toBe(true);
    expect(holds("DateGreaterThanIfExists", "aws:TokenIssueTime", T, { "aws:TokenIssueTime": "2020-01-01T00:00:00Z" })).toBe(false);
  });

  it("a request value that is not a date does not match", () => {
    expect(holds("DateLessThan", "aws:CurrentTime", T, now("soon"))).toBe(false);
  });

  it("a policy value that is not a date makes the condition invalid", () => {
    const [c] = compileConditions({ DateLessThan: { "aws:CurrentTime": ["2026-02-30T00:00:00Z"] } }, true);
    expect(c?.invalid).toMatch(/is not a date/);
    expect(holds("DateNotEquals", "aws:CurrentTime", "tomorrow", now(T))).toBe(false);
  });

  it("several policy values OR", () => {
    expect(holds("DateEquals", "aws:CurrentTime", ["2020-01-01", T], now(T))).toBe(true);
  });
});
