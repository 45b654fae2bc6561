import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMIT, SlidingWindowLimiter, parseRateLimit, rateLimitMessage } from "./rate-limit";

describe("ROLECALL_RATE_LIMIT", () => {
  it("reads counts per second, minute or hour; off turns it off; nonsense keeps the default", () => {
    expect(parseRateLimit(undefined)).toEqual({ requests: 30, windowMs: 60_000 });
    expect(parseRateLimit("100")).toEqual({ requests: 100, windowMs: 60_000 });
    expect(parseRateLimit("5/s")).toEqual({ requests: 5, windowMs: 1000 });
    expect(parseRateLimit("500 / hour")).toEqual({ requests: 500, windowMs: 3_600_000 });
    expect(parseRateLimit("off")).toBeNull();
    expect(parseRateLimit("0")).toBeNull();
    expect(parseRateLimit("lots")).toEqual(DEFAULT_RATE_LIMIT);
  });
});

describe("the sliding window", () => {
  it("allows N in any window, says when the oldest leaves it, and keeps users apart", () => {
    let t = 0;
    const l = new SlidingWindowLimiter(() => t);
    const limit = { requests: 3, windowMs: 60_000 };
    for (const at of [0, 10_000, 20_000]) {
      t = at;
      expect(l.take("alice", limit).ok).toBe(true);
    }
    t = 30_000;
    expect(l.take("alice", limit)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(l.take("bob", limit).ok).toBe(true);
    t = 60_001; // the first request left the window
    expect(l.take("alice", limit).ok).toBe(true);
    expect(l.take("alice", limit).ok).toBe(false);
  });
  it("forgets idle users", () => {
    let t = 0;
    const l = new SlidingWindowLimiter(() => t);
    const limit = { requests: 1, windowMs: 1000 };
    for (let i = 0; i < 100; i++) l.take(`user${i}`, limit);
    t = 5000;
    l.take("late", limit);
    expect(l.size()).toBe(1);
  });
  it("the message says the limit and when to retry", () => {
    expect(rateLimitMessage({ requests: 30, windowMs: 60_000 }, 1)).toBe("Too many requests to RoleCall's expensive views: at most 30 per minute per user. Try again in 1 second.");
  });
});
