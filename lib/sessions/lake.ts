// Sessions from a CloudTrail Lake event data store (ROLECALL_CLOUDTRAIL=lake,
// ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE), for those who already have one: the same SQL as the Athena
// mode in Lake's field names (sql.ts), StartQuery → DescribeQuery until it ends → GetQueryResults by
// NextToken (R7.8). The CloudTrail client's Region is the event data store's.

import { CloudTrailClient, DescribeQueryCommand, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudtrail";
import { toReadError, sdkClientDefaults } from "@/lib/account/aws";
import { ReadFailed, type LiveRead } from "./live";
import { SqlReader, type Row } from "./sql";

export interface LakeOptions {
  /** event data store ID or ARN */
  eventDataStore: string;
  client?: CloudTrailClient;
  pollMs?: number;
  timeoutMs?: number;
  /** rows per GetQueryResults page (1–1000, default 1000) */
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function defaultLakeClient(eventDataStore: string): CloudTrailClient {
  const region = /^arn:[^:]+:cloudtrail:([^:]+):/.exec(eventDataStore)?.[1];
  return new CloudTrailClient({
    ...(region ? { region } : {}),
    ...sdkClientDefaults({ requestTimeoutMs: 15_000 }),
  });
}

/** Run one statement on CloudTrail Lake and return its rows keyed by column name. */
export function lakeRunner(options: LakeOptions) {
  const client = options.client ?? defaultLakeClient(options.eventDataStore);
  const sleep = options.sleep ?? sleepReal;
  return async (sql: string, read: LiveRead<unknown>): Promise<Row[]> => {
    const p = read.progress;
    const op = async <T>(permission: string, f: () => Promise<T>): Promise<T> => {
      p.calls++;
      try {
        return await f();
      } catch (e) {
        throw toReadError(e, permission);
      }
    };
    const started = await op("cloudtrail:StartQuery", () => client.send(new StartQueryCommand({ QueryStatement: sql })));
    const id = started.QueryId;
    if (!id) throw new ReadFailed("cloudtrail:StartQuery answered without a QueryId");
    p.total = 2;
    p.message = `CloudTrail Lake: query ${id} running`;
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let wait = options.pollMs ?? 250;
    for (;;) {
      const q = await op("cloudtrail:DescribeQuery", () => client.send(new DescribeQueryCommand({ QueryId: id })));
      const state = q.QueryStatus;
      if (state === "FINISHED") break;
      if (state === "FAILED" || state === "CANCELLED" || state === "TIMED_OUT") {
        throw new ReadFailed(`CloudTrail Lake query ${id} ${state.toLowerCase()}: ${q.ErrorMessage ?? "no reason given"} — check ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE`);
      }
      if (Date.now() > deadline) throw new ReadFailed(`CloudTrail Lake query ${id} did not finish within ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s`);
      p.message = `CloudTrail Lake: query ${id} ${state?.toLowerCase() ?? "queued"}`;
      await sleep(wait);
      wait = Math.min(wait * 2, 2000);
    }
    p.done = 1;
    const rows: Row[] = [];
    let token: string | undefined;
    do {
      const page = await op("cloudtrail:GetQueryResults", () => client.send(new GetQueryResultsCommand({ QueryId: id, MaxQueryResults: options.pageSize ?? 1000, ...(token ? { NextToken: token } : {}) })));
      // each row is a list of one-column objects: [{"event_id": "…"}, {"event_time": "…"}, …]
      for (const cells of page.QueryResultRows ?? []) rows.push(Object.assign({}, ...cells) as Row);
      p.events = rows.length;
      p.message = `CloudTrail Lake: query ${id} finished, ${rows.length} rows read`;
      token = page.NextToken || undefined;
    } while (token);
    p.done = 2;
    return rows;
  };
}

export function lakeReader(options: LakeOptions): SqlReader {
  return new SqlReader({ dialect: "lake", table: options.eventDataStore, run: lakeRunner(options) });
}
