import { describe, expect, it } from "vitest";
import { TtlCache } from "./aws-cache";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("TtlCache", () => {
  it("merges identical in-flight calls into one", async () => {
    const cache = new TtlCache({ ttlMs: 1000 });
    const d = deferred<number>();
    let calls = 0;
    const load = () => {
      calls++;
      return d.promise;
    };
    const a = cache.get("k", load);
    const b = cache.get("k", load);
    const c = cache.get("other", () => Promise.resolve(7));
    expect(calls).toBe(1);
    d.resolve(42);
    expect(await Promise.all([a, b, c])).toEqual([42, 42, 7]);
    // settled and fresh: still served from the cache
    expect(await cache.get("k", load)).toBe(42);
    expect(calls).toBe(1);
  });

  it("keeps an in-flight call past the TTL, then expires the settled value after the TTL", async () => {
    let now = 0;
    const cache = new TtlCache({ ttlMs: 100, now: () => now });
    const d = deferred<string>();
    let calls = 0;
    const first = cache.get("k", () => {
      calls++;
      return d.promise;
    });
    now = 500; // in flight for longer than the TTL: still merged
    const second = cache.get("k", () => {
      calls++;
      return Promise.resolve("x");
    });
    expect(calls).toBe(1);
    d.resolve("v1");
    expect(await first).toBe("v1");
    expect(await second).toBe("v1");
    await tick();
    now = 599; // the TTL runs from the moment the call settled (500)
    expect(await cache.get("k", () => Promise.resolve("v2"))).toBe("v1");
    now = 600;
    expect(await cache.get("k", () => Promise.resolve("v2"))).toBe("v2");
  });

  it("drops expired answers without waiting for the size bound", async () => {
    let now = 1_000;
    const cache = new TtlCache({ ttlMs: 100, now: () => now });
    await cache.get("big", () => Promise.resolve("x".repeat(1000)));
    await tick();
    expect(cache.size).toBe(1);
    now += 150;
    await cache.get("other", () => Promise.resolve(1));
    expect(cache.size).toBe(1); // "big" expired and was dropped
  });

  it("does not cache failures", async () => {
    const cache = new TtlCache({ ttlMs: 60_000 });
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error("AccessDenied"));
    };
    const [a, b] = [cache.get("k", failing), cache.get("k", failing)];
    await expect(a).rejects.toThrow("AccessDenied");
    await expect(b).rejects.toThrow("AccessDenied");
    expect(calls).toBe(1); // merged while in flight
    await tick();
    expect(cache.size).toBe(0);
    expect(await cache.get("k", () => Promise.resolve("ok"))).toBe("ok");
  });

  it("turns a synchronous throw into a rejection that is not cached", async () => {
    const cache = new TtlCache({ ttlMs: 60_000 });
    await expect(
      cache.get("k", () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await tick();
    expect(await cache.get("k", () => Promise.resolve(1))).toBe(1);
  });

  it("bounds its size, dropping settled entries first", async () => {
    const cache = new TtlCache({ ttlMs: 60_000, maxEntries: 3 });
    const pending = deferred<number>();
    const p = cache.get("pending", () => pending.promise);
    for (let i = 0; i < 5; i++) {
      await cache.get(`k${i}`, () => Promise.resolve(i));
      await tick();
    }
    expect(cache.size).toBeLessThanOrEqual(3);
    let calls = 0;
    void cache.get("pending", () => {
      calls++;
      return Promise.resolve(0);
    });
    expect(calls).toBe(0); // the in-flight entry was kept
    pending.resolve(1);
    expect(await p).toBe(1);
  });
});
