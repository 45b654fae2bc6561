// Per-user limits on the expensive routes (who-can-assume matrices, a role's actions on a
// resource, session searches): one person's script must not make the dashboard unusable for the
// team. A sliding window in memory per process: RoleCall runs as one Node process.

export interface RateLimit {
  requests: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 30, windowMs: 60_000 };

/**
 * ROLECALL_RATE_LIMIT: "30" (per minute), "30/min", "100/hour", "5/s"; "off" or "0" turns it off.
 * A value it cannot read falls back to the default rather than to no limit.
 */
export function parseRateLimit(text: string | undefined): RateLimit | null {
  const s = text?.trim().toLowerCase();
  if (!s) return DEFAULT_RATE_LIMIT;
  if (s === "off" || s === "0") return null;
  const m = /^(\d{1,6})\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?$/.exec(s);
  if (!m) return DEFAULT_RATE_LIMIT;
  const unit = m[2] ?? "min";
  const windowMs = unit.startsWith("s") ? 1000 : unit.startsWith("h") ? 3_600_000 : 60_000;
  return { requests: Number(m[1]), windowMs };
}

function per(limit: RateLimit): string {
  return limit.windowMs === 1000 ? "second" : limit.windowMs === 3_600_000 ? "hour" : "minute";
}

export class SlidingWindowLimiter {
  /** start times of the requests still inside the window, oldest first, per key */
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Count a request of `key`; when over the limit, the seconds until one may be made again. */
  take(key: string, limit: RateLimit): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const t = this.now();
    this.sweep(t, limit.windowMs);
    const from = t - limit.windowMs;
    const list = (this.hits.get(key) ?? []).filter((x) => x > from);
    if (list.length >= limit.requests) {
      this.hits.set(key, list);
      const retryAfterSeconds = Math.max(1, Math.ceil((list[0]! + limit.windowMs - t) / 1000));
      return { ok: false, retryAfterSeconds };
    }
    list.push(t);
    this.hits.set(key, list);
    return { ok: true };
  }

  /** Forget keys whose requests all left the window, so memory stays bounded by active users. */
  private sweep(t: number, windowMs: number): void {
    if (t - this.lastSweep < windowMs) return;
    this.lastSweep = t;
    for (const [k, v] of this.hits) if (!v.length || v[v.length - 1]! <= t - windowMs) this.hits.delete(k);
  }

  size(): number {
    return this.hits.size;
  }

  /** Without counting: is `key` at its limit? Then the seconds until it is not. */
  blocked(key: string, limit: RateLimit): number | null {
    const t = this.now();
    const list = (this.hits.get(key) ?? []).filter((x) => x > t - limit.windowMs);
    return list.length >= limit.requests ? Math.max(1, Math.ceil((list[0]! + limit.windowMs - t) / 1000)) : null;
  }

  /** Count one event of `key` (a failed sign-in), whatever the limit. */
  record(key: string, limit: RateLimit): void {
    const t = this.now();
    this.sweep(t, limit.windowMs);
    const list = (this.hits.get(key) ?? []).filter((x) => x > t - limit.windowMs);
    list.push(t);
    this.hits.set(key, list);
  }
}

const limiter = new SlidingWindowLimiter();

/** The 429 message: what the limit is and when to retry. */
export function rateLimitMessage(limit: RateLimit, retryAfterSeconds: number): string {
  return `Too many requests to RoleCall's expensive views: at most ${limit.requests} per ${per(limit)} per user. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`;
}

/** Failed token sign-ins allowed per address (ROLECALL_SIGNIN_RATE_LIMIT, same syntax): 10 a minute by default. */
export const DEFAULT_SIGNIN_LIMIT: RateLimit = { requests: 10, windowMs: 60_000 };

/** One per process, shared by the proxy's bundle and the routes' (separate module graphs). */
function signinFailures(): SlidingWindowLimiter {
  const g = globalThis as { __rolecallSigninFailures?: SlidingWindowLimiter };
  g.__rolecallSigninFailures ??= new SlidingWindowLimiter();
  return g.__rolecallSigninFailures;
}

function signinLimit(env: NodeJS.ProcessEnv): RateLimit | null {
  return env.ROLECALL_SIGNIN_RATE_LIMIT?.trim() ? parseRateLimit(env.ROLECALL_SIGNIN_RATE_LIMIT) : DEFAULT_SIGNIN_LIMIT;
}

/**
 * Token guessing: once an address has failed `limit` sign-ins in the window, no token from it is
 * checked at all (so a guess learns nothing) until the window frees up. The message, or null.
 */
export function signinBlocked(peer: string | null, env: NodeJS.ProcessEnv = process.env): { retryAfterSeconds: number; message: string } | null {
  const limit = signinLimit(env);
  if (!limit) return null;
  const wait = signinFailures().blocked(`signin:${peer ?? "unknown"}`, limit);
  if (wait === null) return null;
  return { retryAfterSeconds: wait, message: `Too many failed sign-ins from ${peer ?? "this address"}: at most ${limit.requests} per ${per(limit)}. Try again in ${wait} second${wait === 1 ? "" : "s"}.` };
}

export function signinFailed(peer: string | null, env: NodeJS.ProcessEnv = process.env): void {
  const limit = signinLimit(env);
  if (limit) signinFailures().record(`signin:${peer ?? "unknown"}`, limit);
}

/** Count a request for `who` against ROLECALL_RATE_LIMIT. */
export function takeExpensive(who: string, env: NodeJS.ProcessEnv = process.env): { ok: true } | { ok: false; retryAfterSeconds: number; message: string } {
  const limit = parseRateLimit(env.ROLECALL_RATE_LIMIT);
  if (!limit) return { ok: true };
  const r = limiter.take(who, limit);
  return r.ok ? r : { ...r, message: rateLimitMessage(limit, r.retryAfterSeconds) };
}
