// The athena mode against moto's Athena: the query text (filters pushed into WHERE), polling, and
// result paging. moto runs no SQL (it answers the rows queued through its moto-api) and returns all
// rows on one page whatever MaxResults says, so a small proxy in front of it pages GetQueryResults
// by MaxResults/NextToken, as Athena does.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { AthenaClient, GetQueryExecutionCommand, ListQueryExecutionsCommand } from "@aws-sdk/client-athena";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventFilesOf, readEventFile } from "./files";
import { SqlSessionSource } from "./index";
import { athenaReader } from "./athena";
import { isAssumeRoleRecord, isObj, type CloudTrailRecord } from "./parse";
import { sessionsQuery } from "./sql";
import { motoAvailable, startMoto, type Moto } from "./test-endpoint";

process.env.AWS_EC2_METADATA_DISABLED = "true";
const hasMoto = motoAvailable();
if (!hasMoto && process.env.CI) throw new Error("moto is required in CI (python3 -m pip install 'moto[server]')");
if (!hasMoto) console.warn("skipping the Athena tests: python3 has no moto (pip install 'moto[server]')");

const COLUMNS = ["event_id", "shared_event_id", "event_time", "event_source", "event_name", "aws_region", "source_ip", "user_agent", "error_code", "error_message", "recipient_account", "ui_type", "ui_principal_id", "ui_arn", "ui_account", "ui_invoked_by", "ui_access_key", "ui_issuer_arn", "role_arn", "role_session_name", "duration_seconds", "source_identity", "access_key_id", "expiration", "assumed_role_arn"];

/** What Athena would answer for a record: the SELECT list of sql.ts. */
function rowOf(r: CloudTrailRecord): (string | null)[] {
  const o = (v: unknown) => (isObj(v) ? v : {});
  const ui = o(r.userIdentity);
  const req = o(r.requestParameters);
  const resp = o(r.responseElements);
  const s = (v: unknown) => (v === undefined || v === null ? null : String(v));
  return [r.eventID, r.sharedEventID, r.eventTime, r.eventSource, r.eventName, r.awsRegion, r.sourceIPAddress, r.userAgent, r.errorCode, r.errorMessage, r.recipientAccountId, ui.type, ui.principalId, ui.arn, ui.accountId, ui.invokedBy, ui.accessKeyId, o(o(ui.sessionContext).sessionIssuer).arn, req.roleArn, req.roleSessionName, req.durationSeconds, req.sourceIdentity, o(resp.credentials).accessKeyId, o(resp.credentials).expiration, o(resp.assumedRoleUser).arn].map(s);
}

describe.skipIf(!hasMoto)("athena mode against moto", () => {
  let moto: Moto;
  let proxy: Server;
  let proxyUrl = "";
  const pages: { maxResults: unknown; nextToken: unknown; rows: number }[] = [];
  let assumeRecords: CloudTrailRecord[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    proxy = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", async () => {
        const target = String(req.headers["x-amz-target"] ?? "");
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "content-length")) as Record<string, string>;
        const upstream = await fetch(`${moto.url}${req.url}`, { method: req.method, headers, body: req.method === "POST" ? body : undefined });
        let text = await upstream.text();
        if (target.endsWith(".GetQueryResults") && upstream.ok) {
          const input = JSON.parse(body) as { MaxResults?: number; NextToken?: string };
          const out = JSON.parse(text) as { ResultSet: { Rows: unknown[] }; NextToken?: string };
          const offset = input.NextToken ? Number(input.NextToken) : 0;
          const size = input.MaxResults ?? 1000;
          const all = out.ResultSet.Rows;
          out.ResultSet.Rows = all.slice(offset, offset + size);
          if (offset + size < all.length) out.NextToken = String(offset + size);
          pages.push({ maxResults: input.MaxResults, nextToken: input.NextToken ?? null, rows: out.ResultSet.Rows.length });
          text = JSON.stringify(out);
        }
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/x-amz-json-1.1" });
        res.end(text);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    for (const f of await eventFilesOf(path.join(process.cwd(), "data", "demo"))) for await (const b of readEventFile(f)) assumeRecords.push(...b.filter(isAssumeRoleRecord));
    assumeRecords = assumeRecords.filter((r) => r.userIdentity && (r.requestParameters as { roleArn?: string }).roleArn === "arn:aws:iam::111111111111:role/power-user");
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
    await moto?.stop();
  });

  it("pushes the filters into the query, polls it to the end and reads every page of rows", async () => {
    // the rows Athena would find: a header row, then one row per AssumeRole of power-user
    const rows = [COLUMNS, ...assumeRecords.map(rowOf)].map((cells) => ({ Data: cells.map((v) => (v === null ? {} : { VarCharValue: v })) }));
    const seeded = await fetch(`${moto.url}/moto-api/static/athena/query-results`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ account_id: "123456789012", region: "us-east-1", results: [{ rows, column_info: COLUMNS.map((Name) => ({ Name, Type: "varchar" })) }] }),
    });
    expect(seeded.status).toBe(201);

    const client = new AthenaClient({ region: "us-east-1", endpoint: proxyUrl, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "dummy" }, maxAttempts: 1 });
    const reader = athenaReader({ table: "default.cloudtrail_logs", workgroup: "primary", output: "s3://rc-athena-results/", client, pollMs: 10, pageSize: 2 });
    const source = new SqlSessionSource("athena", reader);
    const filters = { role: "arn:aws:iam::111111111111:role/power-user", from: "2026-11-16T00:00:00Z", to: "2026-11-22T00:00:00Z" };
    const answer = await source.sessions(filters, { waitMs: 30_000 });
    expect(answer.partial).toBe(false);
    expect(answer.sessions.map((s) => `${s.roleSessionName} ${s.outcome}`)).toEqual(["alice success", "alice success", "alice-debug success", "eve failure", "alice success", "alice failure"]);
    expect(answer.sessions[0]).toMatchObject({ caller: "arn:aws:iam::111111111111:user/alice", accessKeyId: "ASIA8O8NQ1BFAABMF2K9", expiration: "2026-11-21T17:40:12Z", durationSeconds: 3600 });

    // the query Athena received is the one sql.ts builds, with the filters in its WHERE clause
    const ids = (await client.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [];
    const queries = await Promise.all(ids.map(async (id) => (await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution));
    const sent = queries.find((q) => q?.Query?.includes("sts.amazonaws.com"));
    expect(sent?.Query).toBe(sessionsQuery("athena", "default.cloudtrail_logs", filters, { fromMs: Date.UTC(2026, 10, 16), toMs: Date.UTC(2026, 10, 22) }));
    expect(sent?.Query).toContain("json_extract_scalar(requestparameters, '$.roleArn') = 'arn:aws:iam::111111111111:role/power-user'");
    expect(sent?.Query).toContain("eventtime >= '2026-11-16T00:00:00Z' AND eventtime < '2026-11-22T00:00:00Z'");
    expect(sent?.Query).not.toMatch(/sessionToken/i);
    expect(sent?.WorkGroup).toBe("primary");
    expect(sent?.ResultConfiguration?.OutputLocation).toMatch(/^s3:\/\/rc-athena-results\//);
    // 7 rows (header included) at 2 a page: 4 pages, each after the first with the previous NextToken
    expect(pages.map((p) => p.rows)).toEqual([2, 2, 2, 1]);
    expect(pages.map((p) => p.nextToken)).toEqual([null, "2", "4", "6"]);
    expect(pages.every((p) => p.maxResults === 2)).toBe(true);
  });
});
