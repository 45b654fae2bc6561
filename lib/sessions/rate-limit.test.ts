import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("lets 2 calls per window per key, counting from when each call ended", async () => {
    let now = 0;
    const limiter = new RateLimiter({ calls: 2, windowMs: 1000, marginMs: 0, now: () => now, sleep: async (ms) => void (now += ms) });
    const starts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const done = await limiter.acquire("r");
      starts.push(now);
      now += 100; // the call takes 100 ms
      done();
    }
    // the third starts a window after the first ended (at 100)
    expect(starts).toEqual([0, 100, 1100, 1200, 2200, 2300]);
    // another key is not held back
    const done = await limiter.acquire("other");
    expect(now).toBe(2400);
    done();
  });
  it("pauses a key after throttling", async () => {
    let now = 0;
    const limiter = new RateLimiter({ now: () => now, sleep: async (ms) => void (now += ms) });
    limiter.pause("r", 5000);
    (await limiter.acquire("r"))();
    expect(now).toBe(5000);
  });
  it("waits for calls in flight before counting a third", async () => {
    const limiter = new RateLimiter({ calls: 2, windowMs: 20, marginMs: 0 });
    const a = await limiter.acquire("k");
    await limiter.acquire("k");
    let third = false;
    const p = limiter.acquire("k").then(() => (third = true));
    await new Promise((r) => setTimeout(r, 40));
    expect(third).toBe(false);
    a();
    await p;
    expect(third).toBe(true);
  });
});
