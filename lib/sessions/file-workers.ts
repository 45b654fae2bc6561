// Worker threads that read trail log files for files.ts, one per core. Reading a trail is almost
// all gunzip and JSON.parse (bench/sessions.ts: ~5 µs of CPU per event against ~1 µs of grouping),
// and both run on whichever thread calls them; so on a machine with two or more cores the files are
// read in workers, and only the grouping (SessionIndexBuilder, on the main thread) sees every event.
//
// What a worker sends back for a file is shaped for a cheap copy between threads (a copied 1.4 KB
// record would cost as much as parsing it): the AssumeRole* records whole (parse.ts reads many of
// their fields), and of every other record only the fields SessionIndexBuilder.addFields takes, as
// rows of indices into a table of the file's distinct values (one key, event name or time is
// repeated across many events) — an Int32Array, moved rather than copied. files.test.ts checks that
// reading this way gives exactly what reading in-process gives.
//
// The worker's program is the function below, started from its own source text (so no file has to
// be found at run time, in a test, a bundle or the standalone server alike): it must use nothing
// from outside its body. Node modules come in through `load` (the worker's require).

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SessionIndexBuilder } from "./group";
import { ASSUME_ROLE_EVENT_NAMES, type CloudTrailRecord } from "./parse";

/** At most this many workers, whatever the core count: beyond it the main thread's grouping is the limit. */
export const MAX_WORKERS = 4;
/** Fewer trail files than this are read in-process: starting workers would cost more than it saves. */
export const WORKER_MIN_FILES = 8;
/** Files handed to one worker at a time: one being read, one waiting, so that it never idles. */
const IN_FLIGHT = 2;
/** Compressed sizes from which a gzip trailer's size (mod 2^32) may have wrapped: deflate packs at most 1032:1. */
export const GZIP_MAY_WRAP = Math.floor(2 ** 32 / 1032);
/** Columns of a row: the arguments of SessionIndexBuilder.addFields, in order. */
const COLUMNS = 7;

/** How many workers to read `files` trail files with (0: read in-process). */
export function workerCount(files: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.min(MAX_WORKERS, Math.floor(requested)));
  const cores = availableParallelism();
  if (cores < 2 || files < WORKER_MIN_FILES) return 0;
  return Math.min(cores, MAX_WORKERS);
}

/** Reading workers, or none when there should be none or they cannot start (files are then read in-process). */
export function startReaders(count: number): FileReaders | undefined {
  if (count === 0) return undefined;
  try {
    return new FileReaders(count);
  } catch {
    return undefined;
  }
}

/** A trail file as a worker sends it. */
export interface CutFile {
  /** the AssumeRole* records, whole */
  whole: CloudTrailRecord[];
  /** the distinct field values of the other records */
  values: unknown[];
  /** per other record, COLUMNS indices into `values` (-1: absent) */
  rows: Int32Array;
}

interface Request {
  id: number;
  /** a file's path, or its bytes (an S3 object) */
  source: string | Uint8Array;
  wholeLimit: number;
  /** send eventIDs (needed only when the builder skips some: they are all distinct, so costly to send) */
  eventIds: boolean;
}
type Reply = { id: number; cut: CutFile } | { id: number; error: string } | { id: number; tooLarge: true };

/* eslint-disable @typescript-eslint/no-explicit-any -- the worker's program is plain JavaScript at heart: it runs from its source text */
/**
 * The worker's program: reads a trail log file (gzipped or not), parses it and answers with a
 * CutFile; a file that cannot be read is answered with the reason, one too large to read whole
 * (or not JSON, whose place of error files.ts finds) with `tooLarge`: files.ts reads it in-process.
 */
function workerProgram(load: (id: string) => any, wholeNames: readonly string[], columns: number, mayWrap: number): void {
  const { parentPort } = load("node:worker_threads");
  const { readFileSync } = load("node:fs");
  const { gunzipSync } = load("node:zlib");
  const { isAscii } = load("node:buffer");
  const whole = new Set(wholeNames);
  parentPort.on("message", ({ id, source, wholeLimit, eventIds }: Request) => {
    try {
      const raw: Buffer = typeof source === "string" ? readFileSync(source) : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
      const gz = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
      // as uncompressedSize (files.ts): a gzip trailer holds the size mod 2^32, which may have wrapped in a large file
      const size = gz && raw.length >= 18 ? raw.readUInt32LE(raw.length - 4) : raw.length;
      if (size > wholeLimit || (gz && raw.length >= mayWrap && size < raw.length)) {
        parentPort.postMessage({ id, tooLarge: true } satisfies Reply);
        return;
      }
      let bytes: Buffer;
      try {
        // no further than wholeLimit: the trailer may lie (a gzip bomb), and past it the file is streamed
        bytes = gz ? gunzipSync(raw, { chunkSize: 1 << 20, maxOutputLength: wholeLimit }) : raw;
      } catch (e) {
        if (e instanceof RangeError && (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
          parentPort.postMessage({ id, tooLarge: true } satisfies Reply);
          return;
        }
        throw e;
      }
      // as decodeJsonText (lib/account/snapshot.ts)
      let text: string = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      let doc;
      try {
        doc = JSON.parse(text);
      } catch {
        // V8's message quotes the text: files.ts reads the file again in-process and says where it breaks
        parentPort.postMessage({ id, tooLarge: true } satisfies Reply);
        return;
      }
      // as recordsOfDocument (files.ts), whose messages these are
      if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("not a JSON object");
      const list = doc.Records;
      if (!Array.isArray(list)) throw new Error('"Records" is not a list');
      const wholeRecords: Record<string, unknown>[] = [];
      const values: unknown[] = [];
      const index = new Map<unknown, number>();
      const at = (v: unknown): number => {
        if (v === undefined) return -1;
        let i = index.get(v);
        if (i === undefined) {
          i = values.length;
          values.push(v);
          index.set(v, i);
        }
        return i;
      };
      let rows = new Int32Array(list.length * columns);
      let n = 0;
      for (const r of list) {
        if (typeof r !== "object" || r === null || Array.isArray(r)) continue;
        if (whole.has(r.eventName)) {
          wholeRecords.push(r);
          continue;
        }
        const ui = r.userIdentity;
        // the arguments of SessionIndexBuilder.addFields, in order
        rows[n++] = eventIds ? at(r.eventID) : -1;
        rows[n++] = at(typeof ui === "object" && ui !== null && !Array.isArray(ui) ? ui.accessKeyId : undefined);
        rows[n++] = at(r.eventTime);
        rows[n++] = at(r.sharedEventID);
        rows[n++] = at(r.eventSource);
        rows[n++] = at(r.eventName);
        rows[n++] = at(r.errorCode);
      }
      rows = rows.slice(0, n);
      parentPort.postMessage({ id, cut: { whole: wholeRecords, values, rows } } satisfies Reply, [rows.buffer]);
    } catch (e) {
      parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
}
/* eslint-enable @typescript-eslint/no-explicit-any */

// tsx (esbuild's keepNames) wraps named functions in __name(): harmless here, but it must exist
const PROGRAM = `var __name = (f) => f;\n(${workerProgram.toString()})(require, ${JSON.stringify(ASSUME_ROLE_EVENT_NAMES)}, ${COLUMNS}, ${GZIP_MAY_WRAP});`;

/** Every record of a CutFile into `builder`, as `builder.add` would take the records themselves; returns how many. */
export function addCutFile(builder: SessionIndexBuilder, cut: CutFile, source: number): number {
  for (const r of cut.whole) builder.add(r, source);
  const { values, rows } = cut;
  const v = (i: number): unknown => (i < 0 ? undefined : values[i]);
  for (let o = 0; o < rows.length; o += COLUMNS) {
    builder.addFields(v(rows[o]!), v(rows[o + 1]!), v(rows[o + 2]!), v(rows[o + 3]!), v(rows[o + 4]!), v(rows[o + 5]!), v(rows[o + 6]!), source);
  }
  return cut.whole.length + rows.length / COLUMNS;
}

interface Slot {
  worker: Worker;
  inFlight: number;
}

/** A few workers reading trail files. */
export class FileReaders {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, { resolve: (r: CutFile | null) => void; reject: (e: Error) => void; slot: Slot }>();
  private nextId = 0;
  private failed: Error | null = null;

  /** @param program the workers' source text (tests give one that fails) */
  constructor(count: number, program = PROGRAM) {
    this.slots = Array.from({ length: count }, () => {
      const slot: Slot = { worker: new Worker(program, { eval: true }), inFlight: 0 };
      slot.worker.on("message", (reply: Reply) => this.settle(reply));
      // a worker that dies takes its files with it: they fail with WorkerStopped, and are read in-process
      const die = (e: Error) => this.fail(e);
      slot.worker.on("error", die);
      slot.worker.on("exit", (code) => die(new Error(`a reading worker stopped (exit code ${code})`)));
      return slot;
    });
  }

  /** How many files may be handed over at once without any worker idling. */
  get capacity(): number {
    return this.slots.length * IN_FLIGHT;
  }

  /**
   * A trail log file (its path, or its bytes: copied to the worker), cut down; null when it is
   * larger than `wholeLimit` once uncompressed (it is to be streamed). Rejects with the reason the
   * file cannot be read, or with WorkerStopped.
   */
  read(source: string | Uint8Array, wholeLimit: number, eventIds: boolean): Promise<CutFile | null> {
    if (this.failed) return Promise.reject(this.failed);
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    slot.inFlight++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, source, wholeLimit, eventIds } satisfies Request);
    });
  }

  async close(): Promise<void> {
    this.failed ??= new WorkerStopped("the reading workers were closed");
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private settle(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    p.slot.inFlight--;
    if ("error" in reply) p.reject(new Error(reply.error));
    else p.resolve("cut" in reply ? reply.cut : null);
  }

  /** A worker died: nothing more is handed out, and every file still out fails with WorkerStopped. */
  private fail(e: Error): void {
    if (!this.failed) console.error(`rolecall: a CloudTrail reading worker stopped (${e.message}); the remaining files are read in-process`);
    this.failed ??= new WorkerStopped(e.message);
    for (const p of this.pending.values()) p.reject(this.failed);
    this.pending.clear();
  }
}

/** The worker itself failed (not the file): the file should be read another way. */
export class WorkerStopped extends Error {}
