// Reading trail files in worker threads (file-workers.ts) must give exactly what reading them
// in-process gives: the same sessions, activity, sources, record count and problems.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileReaders, WORKER_MIN_FILES, WorkerStopped, workerCount } from "./file-workers";
import { eventFilesOf, indexFiles, type FilesIndex } from "./files";

const DEMO = path.join(process.cwd(), "data", "demo");

/** What an index says, in a form two indexes can be compared by (sources as sorted sets). */
function summary(index: FilesIndex) {
  const keys = [...new Set(index.sessions.map((s) => s.accessKeyId).filter((k): k is string => k !== null))].sort();
  return {
    sessions: index.sessions,
    records: index.records,
    problems: [...index.problems].sort((a, b) => a.file.localeCompare(b.file)),
    sources: keys.map((k) => [k, [...index.sourcesOf(k)].sort((a, b) => a - b)]),
  };
}

const assume = (id: string, key: string, name: string, over: Record<string, unknown> = {}) => ({
  eventVersion: "1.09",
  eventID: id,
  eventTime: "2026-11-17T14:00:09Z",
  eventSource: "sts.amazonaws.com",
  eventName: "AssumeRole",
  awsRegion: "eu-west-1",
  recipientAccountId: "111111111111",
  userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111111111111:user/ana", accountId: "111111111111", accessKeyId: "AKIAANA" },
  requestParameters: { roleArn: "arn:aws:iam::111111111111:role/app", roleSessionName: name, durationSeconds: 3600 },
  responseElements: { credentials: { accessKeyId: key, expiration: "Nov 17, 2026, 3:00:09 PM" }, assumedRoleUser: { arn: `arn:aws:sts::111111111111:assumed-role/app/${name}` } },
  ...over,
});
const call = (id: string, key: unknown, over: Record<string, unknown> = {}) => ({
  eventID: id,
  eventTime: "2026-11-17T14:05:00Z",
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  userIdentity: { type: "AssumedRole", accessKeyId: key },
  requestParameters: { bucketName: "b", key: "k" },
  ...over,
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "rolecall-files-test-"));
  const write = (name: string, body: unknown, gz = true) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    writeFileSync(path.join(dir, name), gz ? gzipSync(text) : text);
  };
  // a lookup-events file whose events a trail file also holds: counted once
  write("lookup.json", { Events: [{ EventId: "a1", CloudTrailEvent: JSON.stringify(assume("a1", "ASIAONE0000000000001", "josé-東京")) }, { EventId: "c1", CloudTrailEvent: JSON.stringify(call("c1", "ASIAONE0000000000001")) }] }, false);
  write("t01.json.gz", { Records: [assume("a1", "ASIAONE0000000000001", "josé-東京"), call("c1", "ASIAONE0000000000001"), call("c2", "ASIAONE0000000000001", { eventTime: "2026-11-17T14:06:00.000Z", errorCode: "AccessDenied" })] });
  // a chain: a session's key assumes another role; the AssumeRole is also the parent's activity
  write("t02.json.gz", { Records: [assume("a2", "ASIATWO0000000000002", "child", { userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111111111111:assumed-role/app/josé-東京", accountId: "111111111111", accessKeyId: "ASIAONE0000000000001" } })] });
  // the two copies of a cross-account call's activity (sharedEventID): counted once
  write("t03.json.gz", { Records: [call("x1", "ASIATWO0000000000002", { sharedEventID: "sh1", eventSource: "kms.amazonaws.com", eventName: "Decrypt" })] });
  write("t04.json", { Records: [call("x2", "ASIATWO0000000000002", { sharedEventID: "sh1", eventSource: "kms.amazonaws.com", eventName: "Decrypt" })] }, false);
  // odd records: no identity, an identity that is a list, a long-term key, a time as epoch seconds, no time, not objects
  write("t05.json.gz", { Records: [{ eventID: "o1", eventName: "ConsoleLogin" }, call("o2", "ASIATWO0000000000002", { userIdentity: ["x"] }), call("o3", "AKIALONGTERM"), call("o4", "ASIATWO0000000000002", { eventTime: 1794924000 }), call("o5", "ASIATWO0000000000002", { eventTime: undefined }), 7, null, "s"] });
  // a failed attempt
  write("t06.json.gz", { Records: [assume("f1", "", "denied", { responseElements: null, errorCode: "AccessDenied", errorMessage: "no" })] });
  // files that cannot be read
  write("t07.json.gz", "{ not json");
  write("t08.json.gz", { Records: "nope" });
  writeFileSync(path.join(dir, "t09.json.gz"), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
  // a BOM and UTF-8 text, ungzipped
  writeFileSync(path.join(dir, "t10.json"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ Records: [call("u1", "ASIAONE0000000000001", { eventName: "PutObject", requestParameters: { key: "é" } })] }), "utf8")]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("reading trail files in workers", () => {
  it("gives the same index as reading in-process: sessions, activity, sources, records, problems", async () => {
    // the snapshot scan does not take t07 and t09 for CloudTrail files (it cannot peek into them): given anyway
    const files = [...(await eventFilesOf(dir)), ...["t07.json.gz", "t09.json.gz"].map((file) => ({ file, absolute: path.join(dir, file), kind: "cloudtrail-records" as const }))];
    const here = summary(await indexFiles(files, { workers: 0 }));
    const workers = summary(await indexFiles(files, { workers: 2 }));
    expect(workers).toEqual(here);
    // and what both say is right
    expect(here.records).toBe(2 + 3 + 1 + 1 + 1 + 5 + 1 + 1);
    expect(here.problems.map((p) => p.file)).toEqual(["t07.json.gz", "t08.json.gz", "t09.json.gz"]);
    expect(here.problems[0]!.message).toMatch(/^not readable as a CloudTrail file: .*JSON/);
    expect(here.problems[1]!.message).toBe('not readable as a CloudTrail file: "Records" is not a list');
    expect(here.problems[2]!.message).toMatch(/^not readable as a CloudTrail file: /);
    const one = here.sessions.find((s) => s.accessKeyId === "ASIAONE0000000000001")!;
    expect(one.roleSessionName).toBe("josé-東京");
    // c1 once (lookup + trail), c2, the child's AssumeRole, u1
    expect(one.activity).toMatchObject({ count: 4, errors: 1, first: "2026-11-17T14:00:09Z", last: "2026-11-17T14:06:00Z" });
    const two = here.sessions.find((s) => s.accessKeyId === "ASIATWO0000000000002")!;
    expect(two.chain.parent?.accessKeyId).toBe("ASIAONE0000000000001");
    // Decrypt once (two copies), o4 (epoch seconds); not o2 (identity a list) nor o5 (no time)
    expect(two.activity).toMatchObject({ count: 2, top: [{ eventName: "Decrypt", count: 1 }, { eventName: "GetObject", count: 1 }] });
    expect(here.sessions.find((s) => s.outcome === "failure")?.errorCode).toBe("AccessDenied");
  });

  it("gives the same index for the demo, read with its default of workers", async () => {
    const files = await eventFilesOf(DEMO);
    expect(files.length).toBeGreaterThanOrEqual(WORKER_MIN_FILES);
    expect(summary(await indexFiles(files))).toEqual(summary(await indexFiles(files, { workers: 0 })));
  });

  it("streams a file too large to read whole, in either mode", async () => {
    const files = await eventFilesOf(dir);
    const whole = summary(await indexFiles(files, { workers: 0 }));
    expect(summary(await indexFiles(files, { workers: 2, wholeLimit: 200 }))).toEqual(whole);
    expect(summary(await indexFiles(files, { workers: 0, wholeLimit: 200 }))).toEqual(whole);
  });

  it("reads a file's bytes (an S3 object) as it reads the file", async () => {
    const readers = new FileReaders(1);
    try {
      const file = path.join(dir, "t01.json.gz");
      const byPath = await readers.read(file, 1 << 20, true);
      expect(byPath!.whole).toHaveLength(1);
      expect(byPath!.rows.length).toBe(2 * 7);
      expect(await readers.read(readFileSync(file), 1 << 20, true)).toEqual(byPath);
      // too large once uncompressed: to be streamed
      expect(await readers.read(readFileSync(file), 100, true)).toBeNull();
      // not JSON: read again in-process, where the place of the error is found (V8's message quotes the text)
      expect(await readers.read(Buffer.from("{ not json"), 1 << 20, true)).toBeNull();
    } finally {
      await readers.close();
    }
  });

  it("a worker that dies fails its files with WorkerStopped (files.ts then reads them in-process)", async () => {
    const readers = new FileReaders(1, "process.exit(3)");
    try {
      await expect(readers.read(path.join(dir, "t01.json.gz"), 1 << 20, false)).rejects.toBeInstanceOf(WorkerStopped);
      await expect(readers.read(path.join(dir, "t01.json.gz"), 1 << 20, false)).rejects.toBeInstanceOf(WorkerStopped);
    } finally {
      await readers.close();
    }
  });

  it("uses workers only with enough files and cores, never more than asked or MAX_WORKERS", () => {
    expect(workerCount(WORKER_MIN_FILES - 1)).toBe(0);
    expect(workerCount(1000, 0)).toBe(0);
    expect(workerCount(1, 2)).toBe(2);
    expect(workerCount(1000, 64)).toBe(4);
  });
});

describe("the byte budget of a CloudTrail file (issue 15 #7; bombs.test.ts has the forged trailers)", () => {
  afterAll(() => {
    delete process.env.ROLECALL_MAX_TRAIL_FILE_BYTES;
  });
  it("a file past ROLECALL_MAX_TRAIL_FILE_BYTES once uncompressed is a problem of its own; the rest loads, in-process and in workers", async () => {
    const big = mkdtempSync(path.join(tmpdir(), "rolecall-budget-"));
    try {
      const records = Array.from({ length: 2000 }, (_, i) => call(`b${i}`, "ASIATWO0000000000002"));
      writeFileSync(path.join(big, "big.json.gz"), gzipSync(JSON.stringify({ Records: records })));
      writeFileSync(path.join(big, "big-plain.json"), JSON.stringify({ Records: records }));
      // and enough small files for the worker path
      for (let i = 0; i < 8; i++) writeFileSync(path.join(big, `ok${i}.json.gz`), gzipSync(JSON.stringify({ Records: [call(`k${i}`, "ASIAONE0000000000001")] })));
      process.env.ROLECALL_MAX_TRAIL_FILE_BYTES = "64KiB";
      const files = await eventFilesOf(big);
      for (const workers of [0, 2]) {
        const index = await indexFiles(files, { workers, wholeLimit: 16 * 1024 });
        expect(index.problems.sort((a, b) => a.file.localeCompare(b.file)), `workers: ${workers}`).toEqual([
          { file: "big-plain.json", message: expect.stringMatching(/larger than 64 KiB \(ROLECALL_MAX_TRAIL_FILE_BYTES\)/) },
          { file: "big.json.gz", message: expect.stringMatching(/larger than 64 KiB once uncompressed \(ROLECALL_MAX_TRAIL_FILE_BYTES\)/) },
        ]);
        expect(index.records, `workers: ${workers}`).toBe(8);
      }
      // within the budget, the same files are streamed in full
      process.env.ROLECALL_MAX_TRAIL_FILE_BYTES = "10MiB";
      for (const workers of [0, 2]) expect((await indexFiles(files, { workers, wholeLimit: 16 * 1024 })).records).toBe(4008);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
  it("a file that is not JSON is reported by line and column, never by quoting it", async () => {
    const index = await indexFiles([{ file: "t07.json.gz", absolute: path.join(dir, "t07.json.gz"), kind: "cloudtrail-records" }], { workers: 0 });
    expect(index.problems).toEqual([{ file: "t07.json.gz", message: "not readable as a CloudTrail file: invalid JSON at line 1, column 3 (a key must be a string in double quotes)" }]);
  });
});
