// Benchmark of the CloudTrail reader (lib/sessions): synthetic trail log files — gzipped,
// ~1,000 records each, as a trail delivers them — are generated into a temp directory, then read
// into sessions by the same code the snapshot source uses (files.ts → group.ts). Each measurement
// runs in a fresh process, so its peak memory (max RSS) is its own. Two sizes are measured: the
// same sessions and keys with a quarter of the events and with all of them; if memory grew with
// the number of events, the larger run's peak would be far above the smaller one's.
//
//   npx tsx bench/sessions.ts [--events N] [--keep DIR] [--tsx-transform]   prints its own table
//   npm run bench                                             also prints it, after the engine's table

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { bundleEntry, ROOT, type NodeEntry } from "./bundle";
import { count, fixed, table } from "./table";

export const SESSIONS_TARGET_PER_SECOND = 200_000;

const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const REGIONS = ["us-east-1", "eu-west-1"];
const CALLS: [string, string, boolean][] = [
  ["s3.amazonaws.com", "GetObject", false],
  ["s3.amazonaws.com", "PutObject", false],
  ["dynamodb.amazonaws.com", "Query", false],
  ["dynamodb.amazonaws.com", "GetItem", false],
  ["sqs.amazonaws.com", "SendMessage", false],
  ["logs.amazonaws.com", "CreateLogStream", true],
  ["ecr.amazonaws.com", "GetAuthorizationToken", true],
  ["sts.amazonaws.com", "GetCallerIdentity", true],
  ["kms.amazonaws.com", "Decrypt", true],
  ["ec2.amazonaws.com", "DescribeInstances", true],
];

/** A small deterministic PRNG (mulberry32), so every run reads the same files. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const keyOf = (i: number) => `ASIA${i.toString(36).toUpperCase().padStart(16, "0")}`;
const uuid = (r: () => number) => "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, () => ((r() * 16) | 0).toString(16));
const NOISE = (() => {
  const r = rng(7);
  return Array.from({ length: 65_536 }, () => ALPHA[(r() * ALPHA.length) | 0]).join("");
})();
/** `n` random-looking characters (a slice of a fixed random text: generating 1M events stays quick) */
const token = (r: () => number, n: number) => {
  const at = (r() * (NOISE.length - n)) | 0;
  return NOISE.slice(at, at + n);
};

interface SessionSpec {
  key: string;
  account: string;
  role: string;
  name: string;
  start: number;
}

function assumeRole(r: () => number, s: SessionSpec, region: string): object {
  const time = new Date(s.start).toISOString().replace(".000Z", "Z");
  return {
    eventVersion: "1.09",
    userIdentity: { type: "IAMUser", principalId: `AIDA${token(r, 17)}`, arn: `arn:aws:iam::${s.account}:user/dev-${s.name}`, accountId: s.account, accessKeyId: `AKIA${token(r, 16)}`, userName: `dev-${s.name}` },
    eventTime: time,
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRole",
    awsRegion: region,
    sourceIPAddress: "203.0.113.42",
    userAgent: "aws-cli/2.30.6 md/awscrt#0.27.6 ua/2.1 os/linux#6.8.0-86-generic md/arch#x86_64 lang/python#3.13.7 md/pyimpl#CPython cfg/retry-mode#standard md/command#sts.assume-role",
    requestParameters: { roleArn: `arn:aws:iam::${s.account}:role/${s.role}`, roleSessionName: s.name, durationSeconds: 3600 },
    responseElements: {
      credentials: { accessKeyId: s.key, sessionToken: token(r, 300), expiration: new Date(s.start + 3600_000).toUTCString() },
      assumedRoleUser: { assumedRoleId: `AROA${token(r, 17)}:${s.name}`, arn: `arn:aws:sts::${s.account}:assumed-role/${s.role}/${s.name}` },
    },
    requestID: uuid(r),
    eventID: uuid(r),
    readOnly: true,
    resources: [{ accountId: s.account, type: "AWS::IAM::Role", ARN: `arn:aws:iam::${s.account}:role/${s.role}` }],
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: s.account,
    eventCategory: "Management",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `sts.${region}.amazonaws.com` },
  };
}

function activity(r: () => number, s: SessionSpec, region: string, time: number): object {
  const [source, name, management] = CALLS[(r() * CALLS.length) | 0]!;
  const failed = r() < 0.03;
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: `AROA3XFRBF535PLBIFPI4:${s.name}`,
      arn: `arn:aws:sts::${s.account}:assumed-role/${s.role}/${s.name}`,
      accountId: s.account,
      accessKeyId: s.key,
      sessionContext: {
        sessionIssuer: { type: "Role", principalId: "AROA3XFRBF535PLBIFPI4", arn: `arn:aws:iam::${s.account}:role/${s.role}`, accountId: s.account, userName: s.role },
        attributes: { creationDate: new Date(s.start).toISOString().replace(".000Z", "Z"), mfaAuthenticated: "false" },
      },
    },
    eventTime: new Date(time).toISOString().replace(".000Z", "Z"),
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: "198.51.100.24",
    userAgent: "Boto3/1.40.61 md/Botocore#1.40.61 ua/2.1 os/linux#6.1.155-176.282.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.40.61",
    ...(failed ? { errorCode: "AccessDenied", errorMessage: `User: arn:aws:sts::${s.account}:assumed-role/${s.role}/${s.name} is not authorized to perform: ${source.split(".")[0]}:${name}` } : {}),
    requestParameters: { bucketName: "rc-app-data", key: `reports/${token(r, 8)}/orders.csv`, tableName: "orders" },
    responseElements: null,
    requestID: token(r, 16),
    eventID: uuid(r),
    readOnly: true,
    resources: [{ accountId: s.account, type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::rc-app-data" }],
    eventType: "AwsApiCall",
    managementEvent: management,
    recipientAccountId: s.account,
    eventCategory: management ? "Management" : "Data",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `${source.split(".")[0]}.${region}.amazonaws.com` },
  };
}

export interface Fixture {
  dir: string;
  events: number;
  files: number;
  sessions: number;
  bytes: number;
  gzipBytes: number;
}

/**
 * `events` records in gzipped trail files of `perFile` records, over `sessions` sessions. As in a
 * real trail, a file holds the sessions live at its time: the sessions are spread over the run and
 * each file draws its events from a window of ~100 neighbouring ones; a session's AssumeRole comes
 * in the first file that holds its activity. The same sessions at every size: a smaller fixture
 * has fewer events per session, not fewer sessions.
 */
export function generateFixture(dir: string, events: number, sessions = 10_000, perFile = 1000): Fixture {
  const r = rng(42);
  const t0 = Date.UTC(2026, 10, 1);
  const specs: SessionSpec[] = Array.from({ length: sessions }, (_, i) => ({ key: keyOf(i), account: ACCOUNTS[i % ACCOUNTS.length]!, role: `role-${i % 50}`, name: `session-${i}`, start: t0 + i * 60_000 }));
  const live = Math.min(100, sessions);
  const started = new Set<number>();
  let bytes = 0;
  let gzipBytes = 0;
  let files = 0;
  for (let written = 0; written < events; files++) {
    const n = Math.min(perFile, events - written);
    const base = Math.min(sessions - live, Math.floor((written / events) * (sessions - live + 1)));
    const account = ACCOUNTS[files % ACCOUNTS.length]!;
    const region = REGIONS[files % REGIONS.length]!;
    const records: object[] = [];
    for (let i = 0; i < n; i++) {
      const si = base + ((r() * live) | 0);
      const s = specs[si]!;
      if (!started.has(si)) {
        started.add(si);
        records.push(assumeRole(r, s, region));
      } else records.push(activity(r, s, region, s.start + ((r() * 3600) | 0) * 1000)); // CloudTrail logs whole seconds
    }
    written += n;
    const text = JSON.stringify({ Records: records });
    const gz = gzipSync(text, { level: 6 });
    bytes += Buffer.byteLength(text);
    gzipBytes += gz.length;
    const stamp = new Date(t0 + files * 300_000).toISOString().replace(/[-:]/g, "").slice(0, 13);
    const sub = path.join(dir, account, region);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `${account}_CloudTrail_${region}_${stamp}Z_${token(r, 16)}.json.gz`), gz);
  }
  return { dir, events, files, sessions: started.size, bytes, gzipBytes };
}

export interface Measurement {
  events: number;
  records: number;
  sessions: number;
  seconds: number;
  perSecond: number;
  /** events per second of CPU time (all threads): what one unloaded core would do */
  perCpuSecond: number;
  maxRssMiB: number;
  heapUsedMiB: number;
  /** reading worker threads used (lib/sessions/file-workers.ts; 0: read on the main thread) */
  workers: number;
}

/** Read a fixture into sessions in this process (the child side of `measure`). */
export async function readFixture(dir: string): Promise<Measurement> {
  const { eventFilesOf, indexFiles } = await import("../lib/sessions/files");
  const { workerCount } = await import("../lib/sessions/file-workers");
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const files = await eventFilesOf(dir);
  const index = await indexFiles(files);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const withActivity = index.sessions.filter((s) => s.activity && s.activity.count > 0).length;
  if (!index.sessions.length || !withActivity || index.problems.length) throw new Error(`the fixture did not read back: ${index.sessions.length} sessions, ${index.problems.length} problems`);
  return {
    events: index.records,
    records: index.records,
    sessions: index.sessions.length,
    seconds,
    perSecond: index.records / seconds,
    perCpuSecond: index.records / ((cpu.user + cpu.system) / 1e6),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 1024 / 1024,
    workers: workerCount(files.filter((f) => f.kind === "cloudtrail-records").length),
  };
}

/** Read a fixture in a fresh Node process, so that its peak memory is its own. */
export function measure(child: NodeEntry, dir: string): Measurement {
  const out = spawnSync(process.execPath, [...child.command, dir], { encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }, maxBuffer: 1 << 20 });
  if (out.status !== 0) throw new Error(`the measuring process failed: ${out.stderr.trim().split("\n").slice(-3).join(" ")}`);
  return JSON.parse(out.stdout.trim().split("\n").pop()!) as Measurement;
}

export interface SessionsBenchOptions {
  events?: number;
  sessions?: number;
  log?: (line: string) => void;
  /** keep the generated files here instead of a temp directory removed afterwards */
  keep?: string;
  /** measure through tsx's transform rather than a bundle (bench/bundle.ts) */
  tsxTransform?: boolean;
}

/** Generate the fixtures, measure both sizes, print the table; returns the measurements. */
export async function runSessionsBench(options: SessionsBenchOptions = {}): Promise<{ small: Measurement; large: Measurement; fixture: Fixture }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const events = options.events ?? 1_000_000;
  const sessions = options.sessions ?? 10_000;
  const root = options.keep ?? mkdtempSync(path.join(tmpdir(), "rolecall-sessions-bench-"));
  try {
    const g0 = performance.now();
    const smallFx = generateFixture(path.join(root, "small"), Math.round(events / 4), sessions);
    const fixture = generateFixture(path.join(root, "large"), events, sessions);
    log(
      `CloudTrail reader (lib/sessions): ${count(fixture.events)} synthetic events in ${count(fixture.files)} gzipped trail files ` +
        `(${fixed(fixture.bytes / 1e6, 0)} MB of JSON, ${fixed(fixture.gzipBytes / 1e6, 0)} MB gzipped), ${count(fixture.sessions)} sessions; generated in ${fixed((performance.now() - g0) / 1000, 1)} s`,
    );
    const child = await bundleEntry(path.join(ROOT, "bench", "sessions-child.ts"), root, options.tsxTransform ?? false);
    log(`reader: ${child.engine}`);
    const small = measure(child, smallFx.dir);
    const large = measure(child, fixture.dir);
    const rows = [small, large].map((m) => [count(m.events), count(m.sessions), fixed(m.seconds, 2), count(Math.round(m.perSecond)), count(Math.round(m.perCpuSecond)), fixed(m.maxRssMiB, 0), fixed(m.heapUsedMiB, 0)]);
    log(table(["events", "sessions", "seconds", "events/s", "events/CPU-s", "peak RSS MiB", "heap after MiB"], rows, ["right", "right", "right", "right", "right", "right", "right"]));
    const best = large.perSecond;
    const grew = large.maxRssMiB / small.maxRssMiB;
    log(
      `target ≥ ${count(SESSIONS_TARGET_PER_SECOND)} events/s: ${best >= SESSIONS_TARGET_PER_SECOND ? "met" : "NOT met"} (${count(Math.round(best))}; ${count(Math.round(large.perCpuSecond))} per CPU-second; files read by ${large.workers} worker threads); ` +
        `memory: ${fixed(grew, 2)}× the peak for 4× the events (${grew < 1.5 ? "flat" : "GROWS"}); ` +
        `${availableParallelism()} cores, load average ${loadavg().map((l) => fixed(l, 1)).join(" ")} (other processes share the cores: a loaded machine measures low)`,
    );
    return { small, large, fixture };
  } finally {
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

// `npx tsx bench/sessions.ts`: the table on its own
if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, "bench", "sessions.ts")) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  runSessionsBench({ events: arg("--events") ? Number(arg("--events")) : undefined, keep: arg("--keep"), tsxTransform: argv.includes("--tsx-transform") }).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
