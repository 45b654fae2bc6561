// For tests only: a local endpoint that speaks CloudTrail's JSON protocol (awsJson1_1,
// X-Amz-Target com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>) for the calls moto lacks:
// LookupEvents (moto answers HTTP 500) and the CloudTrail Lake query calls. It serves a set of
// records the way Event history does (R7.6): per Region, management events only, newest first,
// one lookup attribute, pages with NextToken. It logs every call, can answer chosen calls with
// ThrottlingException, and counts calls that came faster than the per-Region limit.
// Also: moto's server, started on a free loopback port.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isObj, parseTime, type CloudTrailRecord } from "./parse";

export interface LookupCall {
  at: number;
  region: string;
  attributes: { AttributeKey?: string; AttributeValue?: string }[];
  nextToken: string | null;
  throttled: boolean;
}

export interface EndpointOptions {
  records: CloudTrailRecord[];
  /** events per page, whatever MaxResults says (to force paging) */
  pageSize?: number;
  /** 1-based numbers of LookupEvents calls answered with ThrottlingException */
  throttle?: number[];
  /** the limit the endpoint checks: `calls` per `windowMs` per Region */
  limit?: { calls: number; windowMs: number };
  /** CloudTrail Lake: rows of every query, and how many DescribeQuery calls say RUNNING first */
  lake?: { rows: Record<string, string>[]; runningPolls?: number; pageSize?: number };
}

// the SDK sends `CloudTrail_20131101.<Op>`; the service model's full name also has the namespace in front
const TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;

/** The `Username` Event history shows for a record (R7.7). */
export function usernameOf(r: CloudTrailRecord): string | null {
  const ui = isObj(r.userIdentity) ? r.userIdentity : {};
  switch (ui.type) {
    case "IAMUser":
    case "WebIdentityUser":
      return typeof ui.userName === "string" ? ui.userName : null;
    case "AssumedRole":
      return typeof ui.arn === "string" ? ui.arn.slice(ui.arn.lastIndexOf("/") + 1) : null;
    case "AWSAccount":
      return typeof ui.principalId === "string" ? (ui.principalId.split(":")[1] ?? ui.principalId) : null;
    case "Root":
      return "root";
    default: {
      const req = isObj(r.requestParameters) ? r.requestParameters : {};
      return typeof req.roleSessionName === "string" ? req.roleSessionName : null;
    }
  }
}

/** The resources Event history lists: the record's, and for AssumeRole* the key and session it issued. */
export function resourceNamesOf(r: CloudTrailRecord): string[] {
  const out: string[] = [];
  if (Array.isArray(r.resources)) for (const x of r.resources) if (isObj(x) && typeof x.ARN === "string") out.push(x.ARN);
  const resp = isObj(r.responseElements) ? r.responseElements : {};
  if (isObj(resp.credentials) && typeof resp.credentials.accessKeyId === "string") out.push(resp.credentials.accessKeyId);
  if (isObj(resp.assumedRoleUser) && typeof resp.assumedRoleUser.arn === "string") out.push(resp.assumedRoleUser.arn);
  return out;
}

function matches(r: CloudTrailRecord, key: string, value: string): boolean {
  const ui = isObj(r.userIdentity) ? r.userIdentity : {};
  switch (key) {
    case "EventName":
      return r.eventName === value;
    case "Username":
      return usernameOf(r) === value;
    case "AccessKeyId":
      return ui.accessKeyId === value;
    case "ResourceName":
      return resourceNamesOf(r).includes(value);
    case "EventSource":
      return r.eventSource === value;
    case "EventId":
      return r.eventID === value;
    default:
      return false;
  }
}

const regionOf = (req: IncomingMessage) => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "us-east-1";

export class CloudTrailEndpoint {
  readonly calls: LookupCall[] = [];
  readonly lakeCalls: { op: string; body: Record<string, unknown> }[] = [];
  /** calls that arrived while the Region's limit was used up */
  violations = 0;
  private server?: Server;
  private lookupCount = 0;
  private polls = new Map<string, number>();
  url = "";

  constructor(private readonly options: EndpointOptions) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify(body));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      const op = TARGET.exec(target)?.[1];
      if (!op) return this.send(res, 400, { __type: "UnknownOperationException", message: target });
      if (op === "LookupEvents") return this.lookup(req, res, body);
      if (op === "StartQuery" || op === "DescribeQuery" || op === "GetQueryResults") return this.lake(op, res, body);
      this.send(res, 400, { __type: "UnknownOperationException", message: op });
    });
  }

  private lookup(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void {
    const region = regionOf(req);
    const now = Date.now();
    const n = ++this.lookupCount;
    const attributes = (Array.isArray(body.LookupAttributes) ? body.LookupAttributes : []) as LookupCall["attributes"];
    const throttled = (this.options.throttle ?? []).includes(n);
    const limit = this.options.limit ?? { calls: 2, windowMs: 1000 };
    const recent = this.calls.filter((c) => c.region === region && now - c.at < limit.windowMs);
    if (recent.length >= limit.calls) this.violations++;
    this.calls.push({ at: now, region, attributes, nextToken: typeof body.NextToken === "string" ? body.NextToken : null, throttled });
    if (throttled) return this.send(res, 400, { __type: "ThrottlingException", message: "Rate exceeded" });
    if (attributes.length > 1) return this.send(res, 400, { __type: "InvalidLookupAttributesException", message: "You cannot specify more than one lookup attribute." });
    const start = typeof body.StartTime === "number" ? body.StartTime * 1000 : -Infinity;
    const end = typeof body.EndTime === "number" ? body.EndTime * 1000 : Infinity;
    const attr = attributes[0];
    const hits = this.options.records
      .filter((r) => r.awsRegion === region && r.managementEvent !== false)
      .filter((r) => {
        const t = parseTime(r.eventTime) ?? 0;
        return t >= start && t <= end;
      })
      .filter((r) => !attr || matches(r, attr.AttributeKey ?? "", attr.AttributeValue ?? ""))
      .sort((a, b) => (parseTime(b.eventTime) ?? 0) - (parseTime(a.eventTime) ?? 0));
    const size = Math.min(this.options.pageSize ?? 50, typeof body.MaxResults === "number" ? body.MaxResults : 50);
    const offset = typeof body.NextToken === "string" ? Number(Buffer.from(body.NextToken, "base64").toString()) : 0;
    const page = hits.slice(offset, offset + size);
    this.send(res, 200, {
      Events: page.map((r) => ({
        EventId: r.eventID,
        EventName: r.eventName,
        ReadOnly: String(r.readOnly ?? "true"),
        EventTime: (parseTime(r.eventTime) ?? 0) / 1000,
        EventSource: r.eventSource,
        Username: usernameOf(r) ?? undefined,
        Resources: resourceNamesOf(r).map((name) => ({ ResourceName: name })),
        CloudTrailEvent: JSON.stringify(r),
      })),
      ...(offset + size < hits.length ? { NextToken: Buffer.from(String(offset + size)).toString("base64") } : {}),
    });
  }

  private lake(op: string, res: ServerResponse, body: Record<string, unknown>): void {
    this.lakeCalls.push({ op, body });
    const lake = this.options.lake ?? { rows: [] };
    if (op === "StartQuery") {
      const id = `q-${this.lakeCalls.length}`;
      this.polls.set(id, 0);
      return this.send(res, 200, { QueryId: id });
    }
    const id = String(body.QueryId);
    if (op === "DescribeQuery") {
      const n = (this.polls.get(id) ?? 0) + 1;
      this.polls.set(id, n);
      return this.send(res, 200, { QueryId: id, QueryStatus: n > (lake.runningPolls ?? 1) ? "FINISHED" : "RUNNING" });
    }
    const size = Math.min(lake.pageSize ?? 1000, typeof body.MaxQueryResults === "number" ? body.MaxQueryResults : 1000);
    const offset = typeof body.NextToken === "string" ? Number(body.NextToken.slice(1)) : 0;
    const rows = lake.rows.slice(offset, offset + size).map((row) => Object.entries(row).map(([k, v]) => ({ [k]: v })));
    this.send(res, 200, { QueryStatus: "FINISHED", QueryResultRows: rows, ...(offset + size < lake.rows.length ? { NextToken: `n${offset + size}` } : {}) });
  }
}

// ---------------------------------------------------------------- moto

export function motoAvailable(): boolean {
  return spawnSync("python3", ["-c", "import moto.server"], { stdio: "ignore" }).status === 0;
}

export interface Moto {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** moto's server on a free loopback port, ready to serve (stopped by its pid). */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/moto-api/`);
      if (r.status < 500) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error("moto did not start");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
