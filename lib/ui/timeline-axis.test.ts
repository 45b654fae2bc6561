import { describe, expect, it } from "vitest";
import { bucketLabel, bucketWidthLabel, plural, timeTicks, yScale } from "./timeline-axis";

describe("y scale", () => {
  it("whole numbers, a few ticks", () => {
    expect(yScale(0)).toEqual({ max: 1, step: 1 });
    expect(yScale(3)).toEqual({ max: 3, step: 1 });
    expect(yScale(5)).toEqual({ max: 6, step: 2 });
    expect(yScale(17)).toEqual({ max: 20, step: 5 });
    expect(yScale(120)).toEqual({ max: 150, step: 50 });
    expect(yScale(1234)).toEqual({ max: 1500, step: 500 });
  });
});

describe("time ticks", () => {
  const t = (s: string) => Date.parse(s);
  it("days for the demo's week", () => {
    const ticks = timeTicks(t("2026-11-16T06:00:00Z"), t("2026-11-21T18:00:00Z"), 8);
    expect(ticks.map((x) => x.label)).toEqual(["Nov 17", "Nov 18", "Nov 19", "Nov 20", "Nov 21"]);
    expect(ticks.every((x) => x.major)).toBe(true);
  });
  it("hours within a day, the date at midnight", () => {
    const ticks = timeTicks(t("2026-11-16T18:00:00Z"), t("2026-11-17T06:00:00Z"), 6);
    expect(ticks.map((x) => x.label)).toEqual(["18:00", "21:00", "Nov 17", "03:00"]);
    expect(ticks.map((x) => x.major)).toEqual([false, false, true, false]);
  });
  it("minutes around a single session", () => {
    const ticks = timeTicks(t("2026-11-17T09:58:00Z"), t("2026-11-17T10:34:00Z"), 18);
    expect(ticks.map((x) => x.label)).toEqual(["Nov 17, 10:00", "10:05", "10:10", "10:15", "10:20", "10:25", "10:30"]);
  });
  it("months for long spans", () => {
    const ticks = timeTicks(t("2026-01-10T00:00:00Z"), t("2026-12-20T00:00:00Z"), 12);
    expect(ticks[0]!.label).toBe("Feb");
    expect(ticks.length).toBeLessThanOrEqual(12);
  });
  it("nothing for an empty span", () => {
    expect(timeTicks(5, 5, 4)).toEqual([]);
  });
});

describe("words", () => {
  it("a bar", () => {
    expect(bucketLabel("2026-11-17T09:00:00Z", 10800)).toBe("Nov 17, 09:00–12:00 UTC");
    expect(bucketLabel("2026-11-17T21:00:00Z", 10800)).toBe("Nov 17, 21:00–24:00 UTC");
    expect(bucketLabel("2026-11-17T00:00:00Z", 86400)).toBe("Nov 17 UTC");
    expect(bucketLabel("2026-11-16T00:00:00Z", 7 * 86400)).toBe("Nov 16 – Nov 23 UTC");
  });
  it("bar widths and counts", () => {
    expect(bucketWidthLabel(10800)).toBe("3-hour bars");
    expect(bucketWidthLabel(3600)).toBe("hourly bars");
    expect(bucketWidthLabel(86400)).toBe("daily bars");
    expect(bucketWidthLabel(900)).toBe("15-minute bars");
    expect(plural(1, "session")).toBe("1 session");
    expect(plural(1200, "session")).toBe("1,200 sessions");
  });
});
