// Gzip bombs in a snapshot directory (issue 15 #7): a 600 KB file of 600 MB of zeros, a valid-JSON
// bomb, and a CloudTrail file whose gzip trailer claims a few bytes for 1 GB of zeros. Each is
// reported as a problem of its file, the rest loads, and the peak RSS of the process that loads
// them (a child, so that this test's own memory does not count) stays bounded.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, fstatSync, closeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MB = 1024 * 1024;
let dir: string;

/** A gzip file of `bytes` bytes: `head`, then zeros (or `fill`), generated as a stream (never in memory at once). */
async function bomb(file: string, bytes: number, head = "", fill = "\0"): Promise<void> {
  const chunk = Buffer.alloc(MB, fill);
  let left = bytes - head.length;
  const source = Readable.from(
    (function* () {
      if (head) yield Buffer.from(head);
      while (left > 0) {
        const n = Math.min(left, MB);
        left -= n;
        yield n === MB ? chunk : chunk.subarray(0, n);
      }
    })(),
  );
  await pipeline(source, createGzip({ level: 1 }), createWriteStream(file));
}

/** Claim a small uncompressed size in the gzip trailer (ISIZE, the last four bytes). */
function forgeTrailer(file: string, size: number): void {
  const fd = openSync(file, "r+");
  try {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(size);
    writeSync(fd, b, 0, 4, fstatSync(fd).size - 4);
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-bombs-"));
  const iam = { UserDetailList: [], GroupDetailList: [], Policies: [], RoleDetailList: [{ Path: "/", RoleName: "ok", RoleId: "AROAOK", Arn: "arn:aws:iam::111111111111:role/ok", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] } }] };
  writeFileSync(path.join(dir, "iam.json"), JSON.stringify(iam));
  writeFileSync(path.join(dir, "trail.json.gz"), gzipSync(JSON.stringify({ Records: [{ eventID: "e1", eventTime: "2026-01-01T00:00:00Z", eventSource: "s3.amazonaws.com", eventName: "GetObject", userIdentity: { accessKeyId: "ASIAOK" } }] })));
  await bomb(path.join(dir, "zeros.json.gz"), 600 * MB);
  // valid JSON all along: {"Roles": "aaaa…"}
  await bomb(path.join(dir, "roles.json.gz"), 600 * MB, '{"Roles": "', "a");
  await bomb(path.join(dir, "records.json.gz"), 1024 * MB, '{"Records": [');
  forgeTrailer(path.join(dir, "records.json.gz"), 1000);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("gzip bombs", () => {
  it("are problems of their files, the rest loads, and peak RSS stays bounded", () => {
    const root = process.cwd();
    const script = `
      import { loadSnapshot } from ${JSON.stringify(path.join(root, "lib/account/snapshot.ts"))};
      import { eventFilesOf, indexFiles } from ${JSON.stringify(path.join(root, "lib/sessions/files.ts"))};
      const m = await loadSnapshot(${JSON.stringify(dir)});
      const t = await indexFiles(await eventFilesOf(${JSON.stringify(dir)}), { workers: 0 });
      console.log(JSON.stringify({ roles: m.roles.size, problems: [...m.problems, ...t.problems], records: t.records, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));`;
    const file = path.join(dir, "load.mts");
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", timeout: 120_000, env: { ...process.env, ROLECALL_MAX_FILE_BYTES: "", ROLECALL_MAX_TRAIL_FILE_BYTES: "" } });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { roles: number; problems: { file: string; message: string }[]; records: number; maxRssMB: number };
    console.log(`bombs: peak RSS ${out.maxRssMB} MB`);
    expect(out.roles).toBe(1);
    expect(out.records).toBe(1);
    // unbounded, this was 2 GB and more; bounded by the default caps it stays well under
    expect(out.maxRssMB).toBeLessThan(700);
    const byFile = Object.fromEntries(out.problems.map((p) => [p.file, p.message]));
    expect(byFile["zeros.json.gz"]).toMatch(/^not readable as JSON \(gzip\)/);
    expect(byFile["roles.json.gz"]).toMatch(/larger than 256 MiB once uncompressed \(ROLECALL_MAX_FILE_BYTES\)/);
    expect(byFile["records.json.gz"]).toMatch(/^not readable as a CloudTrail file/);
  }, 180_000);
});
