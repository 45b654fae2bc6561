// Long reads from a live account (LookupEvents at 2 calls/s, thousands of S3 objects, an Athena
// query) run in the background as a LiveRead, shared by every request that asks the same question
// and kept for a short while once finished.
//
// How the page shows progress: `GET /api/sessions` waits up to `wait` ms (default 5 s) for the
// read. If it is not finished by then, the answer holds what has been read so far with
// `"partial": true` and `"progress": {"done", "total", "calls", "events", "message", "startedAt"}`;
// the page shows the progress and asks again with the same query until `partial` is false. Asking
// again joins the read under way; it never starts a second one.

/** A live read that could not be done (every Region failed, the query failed): its message says what to do. */
export class ReadFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReadFailed";
  }
}

export interface ReadProgress {
  /** units of work finished: lookup streams (a Region × a lookup attribute), S3 objects, query steps */
  done: number;
  /** units planned so far (a lookup may plan more as it learns); null when unknown */
  total: number | null;
  /** AWS calls made */
  calls: number;
  /** events (or result rows) read */
  events: number;
  /** for people: what is being read */
  message: string;
  startedAt: string;
}

export class LiveRead<T> {
  readonly promise: Promise<T>;
  finished = false;
  failed = false;
  readonly progress: ReadProgress;

  constructor(
    run: (read: LiveRead<T>) => Promise<T>,
    /** what has been read so far, while the read is under way */
    readonly snapshot: () => T,
    message = "starting",
  ) {
    this.progress = { done: 0, total: null, calls: 0, events: 0, message, startedAt: new Date().toISOString() };
    this.promise = Promise.resolve()
      .then(() => run(this))
      .then(
        (v) => {
          this.finished = true;
          return v;
        },
        (e: unknown) => {
          this.finished = true;
          this.failed = true;
          throw e;
        },
      );
    // a failure is reported to whoever awaits it; never an unhandled rejection
    this.promise.catch(() => undefined);
  }

  /** The result if the read finishes within `ms`; else undefined (it goes on). Rejects if the read failed. */
  async within(ms: number): Promise<T | undefined> {
    if (this.finished) return this.promise;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
    });
    try {
      return await Promise.race([this.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

interface Entry {
  read: LiveRead<unknown>;
  /** when a finished read stops being served */
  expires: number;
}

/** Reads by question: one read per key at a time, a finished one reused for `ttlMs`, a failed one dropped. */
export class LiveReads {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 200,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string, start: () => LiveRead<T>): LiveRead<T> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && (!hit.read.finished || hit.expires > t) && !hit.read.failed) return hit.read as LiveRead<T>;
    const read = start();
    const entry: Entry = { read: read as LiveRead<unknown>, expires: Infinity };
    this.entries.set(key, entry);
    read.promise.then(
      () => {
        entry.expires = this.now() + this.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    if (this.entries.size > this.maxEntries) {
      for (const [k, e] of this.entries) {
        if (this.entries.size <= this.maxEntries) break;
        if (e.read.finished) this.entries.delete(k);
      }
    }
    return read;
  }

  /** Reads under way, for a status view. */
  running(): ReadProgress[] {
    return [...this.entries.values()].filter((e) => !e.read.finished).map((e) => ({ ...e.read.progress }));
  }

  clear(): void {
    this.entries.clear();
  }
}
