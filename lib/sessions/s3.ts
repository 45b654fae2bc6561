// Sessions from a trail's log files in S3 (ROLECALL_CLOUDTRAIL=s3, ROLECALL_CLOUDTRAIL_S3_URI). A
// trail writes `AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz`;
// the reader walks that layout down from the URI (whichever level it names), lists only the day
// prefixes of the window, and reads the objects a few at a time, each parsed as files.ts parses a
// local file (by worker threads when there are enough objects; streamed when large). The index of
// a window is kept for a while; the events of one key are read again from just the objects that
// hold them.

import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { toReadError, sdkClientDefaults } from "@/lib/account/aws";
import { addCutFile, startReaders, WorkerStopped, workerCount, type FileReaders } from "./file-workers";
import { eachLimited, recordsOfBuffer, streamRecords, WHOLE_FILE_LIMIT } from "./files";
import { SessionIndexBuilder, type SessionIndex } from "./group";
import { LiveRead, LiveReads, ReadFailed } from "./live";
import { isObj, type CloudTrailRecord } from "./parse";
import type { TimeWindow } from "./lookup";

export interface S3Location {
  bucket: string;
  prefix: string;
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri.trim());
  if (!m) throw new ReadFailed(`ROLECALL_CLOUDTRAIL_S3_URI must look like s3://bucket/AWSLogs/ (got "${uri}")`);
  const prefix = m[2] ?? "";
  return { bucket: m[1]!, prefix: prefix && !prefix.endsWith("/") ? `${prefix}/` : prefix };
}

export interface S3Object {
  key: string;
  size: number;
}

export interface S3ReaderOptions {
  location: S3Location;
  /** only these Regions' folders (default: every Region found) */
  regions?: string[];
  client?: S3Client;
  /** objects read at once (default 8) */
  concurrency?: number;
  /** objects larger than this (compressed) are streamed element by element (default 16 MiB) */
  streamAbove?: number;
  /** reading workers (file-workers.ts); by default one per core when there are enough objects, 0: none */
  workers?: number;
  ttlMs?: number;
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const DAY_MS = 86400_000;
/** a delivery's file holds events from up to ~15 minutes (and sometimes more) before its name's time */
const DELIVERY_SLACK_MS = 60 * 60_000;

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY/MM/DD/` of every UTC day the window touches. */
export function dayPrefixes(w: TimeWindow): string[] {
  const out: string[] = [];
  const start = Math.floor(w.fromMs / DAY_MS) * DAY_MS;
  // a day's folder holds files delivered that day, which may carry events from just before midnight
  const end = w.toMs + DELIVERY_SLACK_MS;
  for (let t = start; t < end; t += DAY_MS) {
    const d = new Date(t);
    out.push(`${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/`);
  }
  return out;
}

/** The delivery time in a trail file's name (`…_20261116T0615Z_…`), or null. */
export function deliveryTime(key: string): number | null {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/.exec(key);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) : null;
}

export function defaultS3Client(): S3Client {
  return new S3Client(sdkClientDefaults({ requestTimeoutMs: 30_000 }));
}

/** The records of a fetched object, in batches. */
async function* parsed(got: { stream: Readable; gz: boolean } | { bytes: Buffer }): AsyncGenerator<CloudTrailRecord[]> {
  if ("stream" in got) yield* streamRecords(got.stream, "cloudtrail-records", got.gz);
  else yield* recordsOfBuffer(got.bytes, "cloudtrail-records");
}

export class S3TrailReader {
  readonly location: S3Location;
  private readonly client: S3Client;
  private readonly regions?: Set<string>;
  private readonly concurrency: number;
  private readonly streamAbove: number;
  private readonly workers?: number;
  readonly reads: LiveReads;

  constructor(options: S3ReaderOptions) {
    this.location = options.location;
    this.client = options.client ?? defaultS3Client();
    this.regions = options.regions?.length ? new Set(options.regions) : undefined;
    this.concurrency = options.concurrency ?? 8;
    this.streamAbove = options.streamAbove ?? 16 * 1024 * 1024;
    this.workers = options.workers;
    this.reads = new LiveReads(options.ttlMs ?? 300_000, 20);
  }

  private async list(prefix: string, delimiter: boolean, onPage?: () => void): Promise<{ prefixes: string[]; objects: S3Object[] }> {
    const prefixes: string[] = [];
    const objects: S3Object[] = [];
    let token: string | undefined;
    do {
      let out;
      try {
        out = await this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, ...(delimiter ? { Delimiter: "/" } : {}), ...(token ? { ContinuationToken: token } : {}) }));
      } catch (e) {
        throw toReadError(e, "s3:ListBucket");
      }
      onPage?.();
      for (const p of out.CommonPrefixes ?? []) if (p.Prefix) prefixes.push(p.Prefix);
      for (const o of out.Contents ?? []) if (o.Key) objects.push({ key: o.Key, size: o.Size ?? 0 });
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return { prefixes, objects };
  }

  /** The Region folders (`…/CloudTrail/<region>/`) under the location, whatever level it names. */
  async regionFolders(onCall?: () => void): Promise<string[]> {
    const out: string[] = [];
    const walk = async (prefix: string, depth: number): Promise<void> => {
      const last = prefix.split("/").filter(Boolean).pop() ?? "";
      if (REGION.test(last) && prefix.includes("/CloudTrail/")) {
        if (!this.regions || this.regions.has(last)) out.push(prefix);
        return;
      }
      if (depth > 6) return;
      const { prefixes } = await this.list(prefix, true, onCall);
      await Promise.all(
        prefixes.map((p) => {
          const name = p.slice(prefix.length, -1);
          const descend = name === "AWSLogs" || /^o-[a-z0-9]{10,32}$/.test(name) || /^\d{12}$/.test(name) || name === "CloudTrail" || (REGION.test(name) && prefix.endsWith("/CloudTrail/"));
          return descend ? walk(p, depth + 1) : Promise.resolve();
        }),
      );
    };
    await walk(this.location.prefix, 0);
    return out.sort();
  }

  /** The log objects that may hold events of the window. */
  async objectsOf(window: TimeWindow, onCall?: () => void): Promise<S3Object[]> {
    const folders = await this.regionFolders(onCall);
    const days = dayPrefixes(window);
    const lists = await Promise.all(folders.flatMap((f) => days.map((d) => this.list(`${f}${d}`, false, onCall))));
    return lists
      .flatMap((l) => l.objects)
      .filter((o) => /\.json(\.gz)?$/.test(o.key))
      .filter((o) => {
        const t = deliveryTime(o.key);
        return t === null || (t >= window.fromMs && t <= window.toMs + DELIVERY_SLACK_MS);
      });
  }

  /** One object: its stream when it is to be streamed (larger than `streamAbove`), else its bytes. */
  private async get(o: S3Object): Promise<{ stream: Readable; gz: boolean } | { bytes: Buffer } | null> {
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: o.key }));
    } catch (e) {
      throw toReadError(e, "s3:GetObject");
    }
    const body = out.Body;
    if (!body) return null;
    if (o.size > this.streamAbove && body instanceof Readable) return { stream: body, gz: o.key.endsWith(".gz") || out.ContentEncoding === "gzip" };
    const bytes = await body.transformToByteArray();
    return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  /** The records of one object, in batches. */
  async *records(o: S3Object): AsyncGenerator<CloudTrailRecord[]> {
    const got = await this.get(o);
    if (got) yield* parsed(got);
  }

  /**
   * One object into `builder`; returns its number of records. An object read whole is parsed by a
   * worker when there are `readers` (file-workers.ts), as files.ts does with local files.
   */
  private async addObject(o: S3Object, source: number, builder: SessionIndexBuilder, readers?: FileReaders): Promise<number> {
    const got = await this.get(o);
    if (!got) return 0;
    if ("bytes" in got && readers) {
      // null: larger than WHOLE_FILE_LIMIT once inflated (whatever its trailer says), not JSON, or the worker stopped — read here instead
      const cut = await readers.read(got.bytes, WHOLE_FILE_LIMIT, false).catch((e: unknown) => {
        if (e instanceof WorkerStopped) return null;
        throw e;
      });
      if (cut) return addCutFile(builder, cut, source);
    }
    let n = 0;
    for await (const batch of parsed(got)) {
      for (const r of batch) builder.add(r, source);
      n += batch.length;
    }
    return n;
  }

  /** Every object of the window into one index, in the background. */
  index(window: TimeWindow): LiveRead<{ index: SessionIndex & { objects: S3Object[] }; notes: string[] }> {
    const key = `${Math.floor(window.fromMs / 60_000)} ${Math.floor(window.toMs / 60_000)}`;
    return this.reads.get(key, () => {
      const builder = new SessionIndexBuilder();
      let objects: S3Object[] = [];
      const notes: string[] = [];
      const result = () => ({ index: { ...builder.build({ activityPartial: true }), objects }, notes });
      return new LiveRead(
        async (read) => {
          const p = read.progress;
          objects = await this.objectsOf(window, () => p.calls++);
          p.total = objects.length;
          p.message = `S3: reading ${objects.length} log files from s3://${this.location.bucket}/${this.location.prefix}`;
          const readers = startReaders(workerCount(objects.length, this.workers));
          try {
            await eachLimited(objects, Math.max(this.concurrency, readers?.capacity ?? 0), async (o, i) => {
              try {
                p.events += await this.addObject(o, i, builder, readers);
              } catch (e) {
                notes.push(`${o.key}: ${toReadError(e, "s3:GetObject").reason}`);
              }
              p.calls++;
              p.done++;
            });
          } finally {
            await readers?.close();
          }
          if (objects.length && notes.length === objects.length) throw new ReadFailed(notes.slice(0, 3).join("; "));
          return { index: { ...builder.build(), objects }, notes };
        },
        result,
        `S3: listing s3://${this.location.bucket}/${this.location.prefix}`,
      );
    });
  }

  /** Every event signed with `accessKeyId`, read again from the objects that hold its events. */
  async eventsOf(index: SessionIndex & { objects: S3Object[] }, accessKeyId: string): Promise<CloudTrailRecord[]> {
    const out: CloudTrailRecord[] = [];
    for (const i of index.sourcesOf(accessKeyId)) {
      const o = index.objects[i];
      if (!o) continue;
      for await (const batch of this.records(o)) {
        for (const r of batch) if (isObj(r.userIdentity) && r.userIdentity.accessKeyId === accessKeyId) out.push(r);
      }
    }
    return out;
  }

  destroy(): void {
    this.client.destroy();
  }
}
