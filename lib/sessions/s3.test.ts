// The s3 mode against moto's S3, holding the demo's trail files gzipped under the layout a trail writes.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventFilesOf, indexFiles } from "./files";
import { S3SessionSource } from "./index";
import { dayPrefixes, deliveryTime, parseS3Uri, S3TrailReader } from "./s3";
import { motoAvailable, startMoto, type Moto } from "./test-endpoint";

process.env.AWS_EC2_METADATA_DISABLED = "true";
const DEMO = path.join(process.cwd(), "data", "demo");
const hasMoto = motoAvailable();
if (!hasMoto && process.env.CI) throw new Error("moto is required in CI (python3 -m pip install 'moto[server]')");
if (!hasMoto) console.warn("skipping the S3 tests: python3 has no moto (pip install 'moto[server]')");

describe("S3 layout helpers", () => {
  it("parses the URI and the trail's names", () => {
    expect(parseS3Uri("s3://trail-bucket/AWSLogs")).toEqual({ bucket: "trail-bucket", prefix: "AWSLogs/" });
    expect(parseS3Uri("s3://trail-bucket")).toEqual({ bucket: "trail-bucket", prefix: "" });
    expect(() => parseS3Uri("https://x")).toThrow(/s3:\/\/bucket/);
    expect(deliveryTime("AWSLogs/1/CloudTrail/us-east-1/2026/11/16/111111111111_CloudTrail_us-east-1_20261116T0615Z_4MLY.json.gz")).toBe(Date.UTC(2026, 10, 16, 6, 15));
    expect(dayPrefixes({ fromMs: Date.UTC(2026, 10, 16, 12), toMs: Date.UTC(2026, 10, 18) })).toEqual(["2026/11/16/", "2026/11/17/", "2026/11/18/"]);
  });
});

describe.skipIf(!hasMoto)("s3 mode against moto", () => {
  let moto: Moto;
  let client: S3Client;
  const bucket = "rc-trail-logs";
  beforeAll(async () => {
    moto = await startMoto();
    client = new S3Client({ region: "us-east-1", endpoint: moto.url, forcePathStyle: true, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "dummy" }, maxAttempts: 1 });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    // an organization trail's layout: AWSLogs/o-…/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz
    for (const name of readdirSync(path.join(DEMO, "cloudtrail")).filter((n) => n.includes("_CloudTrail_"))) {
      const m = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T/.exec(name)!;
      const key = `AWSLogs/o-rc7demo01xx/${m[1]}/CloudTrail/${m[2]}/${m[3]}/${m[4]}/${m[5]}/${name}.gz`;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipSync(readFileSync(path.join(DEMO, "cloudtrail", name))) }));
    }
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: "AWSLogs/o-rc7demo01xx/111111111111/CloudTrail-Digest/us-east-1/2026/11/16/digest.json.gz", Body: gzipSync("{}") }));
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  const WINDOW = { from: "2026-11-16T00:00:00Z", to: "2026-11-22T00:00:00Z" };

  it("finds the Region folders under the URI and reads the window's gzipped files: the trail's 35 sessions", async () => {
    const reader = new S3TrailReader({ location: parseS3Uri(`s3://${bucket}/AWSLogs/`), client, concurrency: 4 });
    expect(await reader.regionFolders()).toEqual([
      "AWSLogs/o-rc7demo01xx/111111111111/CloudTrail/eu-west-1/",
      "AWSLogs/o-rc7demo01xx/111111111111/CloudTrail/us-east-1/",
      "AWSLogs/o-rc7demo01xx/111111111111/CloudTrail/us-west-2/",
      "AWSLogs/o-rc7demo01xx/222222222222/CloudTrail/us-east-1/",
      "AWSLogs/o-rc7demo01xx/333333333333/CloudTrail/us-east-1/",
    ]);
    const source = new S3SessionSource(reader);
    const answer = await source.sessions(WINDOW, { waitMs: 60_000 });
    expect(answer.partial).toBe(false);
    expect(answer.notes).toEqual([]);
    // the same as reading the trail files from disk
    const files = await indexFiles((await eventFilesOf(DEMO)).filter((f) => f.kind === "cloudtrail-records"));
    const brief = (s: { eventId: string; caller: string; outcome: string; activity: { count: number } | null }) => `${s.eventId} ${s.caller} ${s.outcome} ${s.activity?.count ?? "-"}`;
    expect(answer.sessions.map(brief)).toEqual(files.sessions.map(brief));
    expect(answer.sessions).toHaveLength(35);
    // its 34 objects were parsed by reading workers: in-process parsing gives the very same sessions
    const inProcess = await new S3SessionSource(new S3TrailReader({ location: parseS3Uri(`s3://${bucket}/AWSLogs/`), client, workers: 0 })).sessions(WINDOW, { waitMs: 60_000 });
    expect(inProcess.sessions).toEqual(answer.sessions);
    const events = await source.events("ASIA2OQVN2YADLWVYJ82", { waitMs: 60_000, ...WINDOW });
    expect(events.events).toHaveLength(9);
  });

  it("lists only the days of the window, and only the configured Regions when set", async () => {
    const reader = new S3TrailReader({ location: parseS3Uri(`s3://${bucket}/AWSLogs/o-rc7demo01xx/111111111111/CloudTrail/`), client, regions: ["eu-west-1"] });
    const objects = await reader.objectsOf({ fromMs: Date.UTC(2026, 10, 19), toMs: Date.UTC(2026, 10, 20) });
    expect(objects.map((o) => o.key.split("/").pop())).toEqual(["111111111111_CloudTrail_eu-west-1_20261119T1145Z_FIJFAZpZxUjgh8S5.json.gz"]);
    const day = await new S3TrailReader({ location: parseS3Uri(`s3://${bucket}/AWSLogs/`), client }).objectsOf({ fromMs: Date.UTC(2026, 10, 21), toMs: Date.UTC(2026, 10, 22) });
    expect(day.map((o) => o.key.split("/").pop()!.slice(0, 12)).sort()).toEqual(["111111111111", "222222222222"]);
  });

  it("reports a missing bucket as a read failure naming the permission", async () => {
    const reader = new S3TrailReader({ location: parseS3Uri("s3://no-such-bucket-rc/AWSLogs/"), client });
    await expect(reader.index({ fromMs: Date.UTC(2026, 10, 16), toMs: Date.UTC(2026, 10, 17) }).promise).rejects.toThrow(/s3:ListBucket/);
  });
});
