// CloudTrail events from files: trail log files (`{"Records": [...]}`) and `aws cloudtrail
// lookup-events` output (`{"Events": [...]}`, each record a `CloudTrailEvent` JSON string), plain or
// gzipped, as found in a snapshot directory or the embedded demo (lib/account/snapshot.ts lists them).
//
// How a file is read: a trail delivers one file per account, Region and ~5–15 minutes, at most a few
// MB uncompressed, so a file is read whole, gunzipped and parsed with JSON.parse (several times
// faster than a token-level streaming parser) — several files at a time, with bounded concurrency.
// With enough trail files and two cores or more, worker threads do that (file-workers.ts) and this
// thread only groups: gunzip and JSON.parse are ~5 µs of CPU per 1.4 KB event, grouping under 1.
// Only the files being read are in memory, so memory stays flat however many files there are
// (bench/sessions.ts: 1.1× the peak for 4× the events). A file too large to read whole (a
// `lookup-events` dump of months, a hand-merged log) is streamed element by element through
// stream-json instead, so one huge file cannot exhaust memory.

import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { createGunzip, gunzip } from "node:zlib";
import { parser } from "stream-json";
import { pick } from "stream-json/filters/pick.js";
import { streamArray } from "stream-json/streamers/stream-array.js";
import { decodeJsonText, scanSnapshot, type SnapshotFile } from "@/lib/account/snapshot";
import { jsonSyntaxProblem } from "@/lib/account/json-error";
import { FileTooLarge, isOutputTooLarge, maxTrailFileBytes } from "@/lib/account/limits";
import { addCutFile, GZIP_MAY_WRAP, startReaders, WorkerStopped, workerCount, type FileReaders } from "./file-workers";
import { SessionIndexBuilder, type SessionIndex } from "./group";
import { isObj, recordOfLookupEvent, type CloudTrailRecord } from "./parse";

const gunzipAsync = promisify(gunzip);

export type RecordsKind = "cloudtrail-records" | "cloudtrail-events";

export interface EventFile {
  /** shown in problems: relative to the snapshot directory */
  file: string;
  absolute: string;
  kind: RecordsKind;
}

export interface FileProblem {
  file: string;
  message: string;
}

/** Files whose uncompressed size is above this are streamed rather than parsed whole. */
export const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;
/** Files read at the same time. */
export const FILE_CONCURRENCY = 4;
/** Records handed on at a time by the streaming path. */
const BATCH = 500;

const topKey = (kind: RecordsKind) => (kind === "cloudtrail-records" ? "Records" : "Events");

/** The records of a parsed file (lookup-events entries unwrapped from their CloudTrailEvent strings). */
export function recordsOfDocument(doc: unknown, kind: RecordsKind): CloudTrailRecord[] {
  if (!isObj(doc)) throw new Error("not a JSON object");
  const list = doc[topKey(kind)];
  if (!Array.isArray(list)) throw new Error(`"${topKey(kind)}" is not a list`);
  if (kind === "cloudtrail-records") return list.filter(isObj);
  const out: CloudTrailRecord[] = [];
  for (const e of list) {
    const r = recordOfLookupEvent(e);
    if (r) out.push(r);
  }
  return out;
}

/** Inflated past the whole-file limit although its gzip trailer said otherwise: to be streamed. */
export class NeedsStreaming extends Error {}

const isGzip = (buf: Buffer) => buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b;

/**
 * Parse a whole file's bytes (gzipped or not). Inflating stops at `wholeLimit`: a gzip trailer
 * can lie about the size, and past the limit the bytes are for streamRecords (NeedsStreaming).
 */
export async function parseBuffer(buf: Buffer, kind: RecordsKind, wholeLimit = WHOLE_FILE_LIMIT): Promise<CloudTrailRecord[]> {
  let bytes = buf;
  if (isGzip(buf)) {
    try {
      // 1 MiB output chunks instead of zlib's 16 KiB: a trail file inflates to a few MB, and fewer
      // chunks mean fewer callbacks and less copying when zlib joins them.
      bytes = await gunzipAsync(buf, { chunkSize: 1 << 20, maxOutputLength: wholeLimit });
    } catch (e) {
      if (isOutputTooLarge(e)) throw new NeedsStreaming();
      throw e;
    }
  } else if (buf.length > wholeLimit) throw new NeedsStreaming();
  const text = decodeJsonText(bytes);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the text: say where it breaks instead
    if (e instanceof SyntaxError) throw new Error(jsonSyntaxProblem(text));
    throw e;
  }
  return recordsOfDocument(doc, kind);
}

/** The records of bytes in memory (an S3 object): parsed whole, or streamed when they inflate past `wholeLimit`. */
export async function* recordsOfBuffer(buf: Buffer, kind: RecordsKind, wholeLimit = WHOLE_FILE_LIMIT): AsyncGenerator<CloudTrailRecord[]> {
  let records: CloudTrailRecord[];
  try {
    records = await parseBuffer(buf, kind, wholeLimit);
  } catch (e) {
    if (!(e instanceof NeedsStreaming)) throw e;
    yield* streamRecords(Readable.from([buf]), kind, isGzip(buf));
    return;
  }
  yield records;
}

/** Counts the bytes that pass, and fails the stream past `limit` (ROLECALL_MAX_TRAIL_FILE_BYTES). */
function byteBudget(limit: number, compressed: boolean): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(new FileTooLarge(limit, "ROLECALL_MAX_TRAIL_FILE_BYTES", compressed));
      else done(null, chunk);
    },
  });
}

/** The records of a JSON stream, element by element (stream-json), in batches; at most `budget` bytes once uncompressed. */
export async function* streamRecords(input: Readable, kind: RecordsKind, gzipped: boolean, budget = maxTrailFileBytes()): AsyncGenerator<CloudTrailRecord[]> {
  const items = streamArray.asStream();
  const done = pipeline([input, ...(gzipped ? [createGunzip()] : []), byteBudget(budget, gzipped), parser.asStream(), pick.asStream({ filter: topKey(kind) }), items]);
  let failed: unknown;
  done.catch((e: unknown) => {
    failed = e;
  });
  let batch: CloudTrailRecord[] = [];
  for await (const item of items as AsyncIterable<{ value: unknown }>) {
    const r = kind === "cloudtrail-records" ? (isObj(item.value) ? item.value : null) : recordOfLookupEvent(item.value);
    if (r) batch.push(r);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  await done.catch(() => undefined);
  if (failed) throw failed;
  if (batch.length) yield batch;
}

/** Uncompressed size: a gzip member's trailer holds it (mod 2^32); a plain file's is its size. */
async function uncompressedSize(file: string): Promise<number> {
  const { size } = await stat(file);
  if (!file.endsWith(".gz") || size < 18) return size;
  const fh = await open(file, "r");
  try {
    const tail = Buffer.alloc(4);
    await fh.read(tail, 0, 4, size - 4);
    const isize = tail.readUInt32LE(0);
    // deflate packs at most 1032:1, so a file below 2^32/1032 bytes cannot have wrapped (a tiny
    // file's trailer is often below its compressed size); above, a trailer below the compressed
    // size means it wrapped past 4 GiB
    return size >= GZIP_MAY_WRAP && isize < size ? Number.MAX_SAFE_INTEGER : isize;
  } finally {
    await fh.close();
  }
}

/**
 * Every record of one file, in batches (one batch for a file read whole). A file whose gzip
 * trailer says it fits is read whole, but inflated no further than `wholeLimit`: past it (a forged
 * trailer, a gzip bomb) it is streamed like any large file, within ROLECALL_MAX_TRAIL_FILE_BYTES.
 */
export async function* readEventFile(file: EventFile, wholeLimit = WHOLE_FILE_LIMIT): AsyncGenerator<CloudTrailRecord[]> {
  const budget = maxTrailFileBytes();
  const { size } = await stat(file.absolute);
  if (!file.absolute.endsWith(".gz") && size > budget) throw new FileTooLarge(budget, "ROLECALL_MAX_TRAIL_FILE_BYTES", false);
  if ((await uncompressedSize(file.absolute)) <= wholeLimit) {
    let records: CloudTrailRecord[] | null = null;
    try {
      records = await parseBuffer(await readFile(file.absolute), file.kind, wholeLimit);
    } catch (e) {
      if (!(e instanceof NeedsStreaming)) throw e;
    }
    if (records) {
      yield records;
      return;
    }
  }
  const head = Buffer.alloc(2);
  const fh = await open(file.absolute, "r");
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  yield* streamRecords(createReadStream(file.absolute, { highWaterMark: 1 << 20 }), file.kind, head[0] === 0x1f && head[1] === 0x8b, budget);
}

/** Run `work` over `items`, at most `limit` at a time, in order of start. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface FilesIndex extends SessionIndex {
  files: EventFile[];
  problems: FileProblem[];
}

export interface ReadFilesOptions {
  /** files read at once in-process (FILE_CONCURRENCY) */
  concurrency?: number;
  /** reading workers for the trail files (file-workers.ts); by default one per core when there are enough files, 0: none */
  workers?: number;
  wholeLimit?: number;
  /** called after each file */
  onFile?: (done: number, total: number) => void;
}

/**
 * Read every file into one session index. lookup-events files go first: their event IDs are
 * remembered, so an event also found in a trail file counts once (trail files do not overlap
 * one another, so their own event IDs need not be kept — memory stays flat).
 */
export async function indexFiles(files: EventFile[], options: ReadFilesOptions = {}): Promise<FilesIndex> {
  const ordered = [...files.filter((f) => f.kind === "cloudtrail-events"), ...files.filter((f) => f.kind === "cloudtrail-records")];
  const lookupIds = new Set<string>();
  const builder = new SessionIndexBuilder(lookupIds);
  const problems: FileProblem[] = [];
  let done = 0;
  const readOne = async (file: EventFile, index: number, readers?: FileReaders) => {
    try {
      // null: no workers, too large to read whole (streamed below), or the worker stopped (read here)
      const cut =
        readers && file.kind === "cloudtrail-records"
          ? await readers.read(file.absolute, options.wholeLimit ?? WHOLE_FILE_LIMIT, lookupIds.size > 0).catch((e: unknown) => {
              if (e instanceof WorkerStopped) return null;
              throw e;
            })
          : null;
      if (cut) addCutFile(builder, cut, index);
      else {
        for await (const batch of readEventFile(file, options.wholeLimit)) {
          for (const r of batch) {
            if (builder.add(r, index) && file.kind === "cloudtrail-events" && typeof r.eventID === "string") lookupIds.add(r.eventID);
          }
        }
      }
    } catch (e) {
      problems.push({ file: file.file, message: `not readable as a CloudTrail file: ${(e as Error).message}` });
    }
    options.onFile?.(++done, ordered.length);
  };
  // lookup-events first, completely, so that the trail files can be checked against their IDs
  const lookups = ordered.filter((f) => f.kind === "cloudtrail-events");
  await eachLimited(lookups, options.concurrency ?? FILE_CONCURRENCY, (f, i) => readOne(f, i));
  const trail = ordered.slice(lookups.length);
  const readers = startReaders(workerCount(trail.length, options.workers));
  try {
    await eachLimited(trail, readers?.capacity ?? options.concurrency ?? FILE_CONCURRENCY, (f, i) => readOne(f, i + lookups.length, readers));
  } finally {
    await readers?.close();
  }
  return { ...builder.build(), files: ordered, problems };
}

/** The CloudTrail files of a snapshot directory. */
export async function eventFilesOf(dir: string): Promise<EventFile[]> {
  const { files } = await scanSnapshot(dir);
  return files.filter((f: SnapshotFile): f is SnapshotFile & { kind: RecordsKind } => f.kind === "cloudtrail-records" || f.kind === "cloudtrail-events").map((f) => ({ file: f.file, absolute: f.absolute, kind: f.kind }));
}

/** Every record signed with `accessKeyId`, read again from the files that hold its events. */
export async function eventsOfKey(index: FilesIndex, accessKeyId: string, wholeLimit?: number): Promise<CloudTrailRecord[]> {
  const out: CloudTrailRecord[] = [];
  const seen = new Set<string>();
  for (const i of index.sourcesOf(accessKeyId)) {
    const file = index.files[i];
    if (!file) continue;
    for await (const batch of readEventFile(file, wholeLimit)) {
      for (const r of batch) {
        const ui = r.userIdentity;
        if (!isObj(ui) || ui.accessKeyId !== accessKeyId) continue;
        const id = typeof r.eventID === "string" ? r.eventID : typeof r.sharedEventID === "string" ? r.sharedEventID : null;
        if (id) {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        out.push(r);
      }
    }
  }
  return out;
}

