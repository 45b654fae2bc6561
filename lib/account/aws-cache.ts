// A small TTL cache of promises keyed by string. Identical calls made while one is in flight share
// its promise (one request, several readers); a settled success is kept for `ttlMs` from the moment
// it settled; a failure is dropped at once, so the next caller tries again.

interface Entry {
  value: Promise<unknown>;
  /** when the entry stops being served; Infinity while the call is in flight */
  expires: number;
}

export interface TtlCacheOptions {
  ttlMs: number;
  /** upper bound on the number of entries kept (expired and then oldest are dropped first) */
  maxEntries?: number;
  /** clock, for tests */
  now?: () => number;
}

export class TtlCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(options: TtlCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? (() => Date.now());
  }

  /** The cached (or in-flight) value of `key`, else the result of `load()`, shared with concurrent callers. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    this.sweep();
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value as Promise<T>;
    if (hit) this.entries.delete(key);

    let value: Promise<T>;
    try {
      value = load();
    } catch (e) {
      value = Promise.reject(e);
    }
    const entry: Entry = { value, expires: Infinity };
    this.entries.set(key, entry);
    value.then(
      () => {
        if (this.entries.get(key) === entry) entry.expires = this.now() + this.ttlMs;
      },
      () => {
        // a failed call is not cached
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.evict();
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drop expired answers (at most once per TTL), so that large ones are not kept until evicted. */
  private sweep(): void {
    const t = this.now();
    if (t - this.lastSweep < this.ttlMs) return;
    this.lastSweep = t;
    for (const [k, e] of this.entries) if (e.expires <= t) this.entries.delete(k);
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const t = this.now();
    for (const [k, e] of this.entries) if (e.expires <= t) this.entries.delete(k);
    // Still too many: drop the oldest settled entries (Map keeps insertion order); in-flight ones stay.
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      if (e.expires !== Infinity) this.entries.delete(k);
    }
  }
}
