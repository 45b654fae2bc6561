// LookupEvents allows 2 requests per second per account and Region and throttles beyond (R7.6).
// Every LookupEvents call of the process goes through one shared limiter keyed by account and
// Region, so parallel reads (several lookups, several page requests) together stay under the limit.
// The SDK's own retries would bypass it, so CloudTrail clients are built with maxAttempts 1 and the
// retries of throttled calls come back through the limiter (lookup.ts).
//
// A call counts from the moment it ends, not the moment it was allowed to start: AWS counts a
// request when it arrives, which is some time after it was let go (the first request of a client
// also resolves credentials and opens a connection) but never after its answer came back. Counting
// from the answer costs one round trip per window and can never let three calls land in one second.

export interface RateLimiterOptions {
  /** calls allowed per window (default 2) */
  calls?: number;
  /** the window (default 1000 ms) */
  windowMs?: number;
  /** added to the window so that network jitter cannot make AWS see three calls in one second (default 50 ms) */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Slot {
  endedAt: number | undefined;
  ended: Promise<void>;
}

/** A sliding-window limiter: at most `calls` calls in any `windowMs + marginMs`, per key. */
export class RateLimiter {
  private readonly calls: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** the last `calls` calls per key: when each ended (undefined while in flight) */
  private readonly slots = new Map<string, Slot[]>();
  /** calls of one key take their turn one after another */
  private readonly tails = new Map<string, Promise<void>>();
  /** no call of the key before this time (after a throttling answer) */
  private readonly pausedUntil = new Map<string, number>();

  constructor(options: RateLimiterOptions = {}) {
    this.calls = options.calls ?? 2;
    this.windowMs = (options.windowMs ?? 1000) + (options.marginMs ?? 50);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Resolves when a call of `key` may start, with the function to call once it has ended. */
  acquire(key: string): Promise<() => void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const turn = prev.then(() => this.take(key));
    const tail: Promise<void> = turn.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // forget the chain once idle, so keys do not accumulate
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return turn;
  }

  /** Hold back every call of `key` for `ms` (AWS answered "throttled"). */
  pause(key: string, ms: number): void {
    this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, this.now() + ms));
  }

  private async take(key: string): Promise<() => void> {
    for (;;) {
      const slots = this.slots.get(key) ?? [];
      const oldest = slots.length >= this.calls ? slots[slots.length - this.calls]! : undefined;
      if (oldest && oldest.endedAt === undefined) {
        await oldest.ended;
        continue;
      }
      const t = this.now();
      const paused = (this.pausedUntil.get(key) ?? 0) - t;
      const wait = Math.max(paused, oldest ? oldest.endedAt! + this.windowMs - t : 0);
      if (wait <= 0) {
        let end!: () => void;
        const slot: Slot = { endedAt: undefined, ended: new Promise<void>((r) => (end = r)) };
        slots.push(slot);
        if (slots.length > this.calls) slots.splice(0, slots.length - this.calls);
        this.slots.set(key, slots);
        return () => {
          if (slot.endedAt === undefined) {
            slot.endedAt = this.now();
            end();
          }
        };
      }
      await this.sleep(wait);
    }
  }
}

/** The process-wide limiter of LookupEvents calls. */
export const lookupLimiter = new RateLimiter();
