// Sessions from a CloudTrail Lake event data store (ROLECALL_CLOUDTRAIL=lake,
// ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE), for those who already have one: the same SQL as the Athena
// mode in Lake's field names (sql.ts), StartQuery → DescribeQuery until it ends → GetQueryResults by
// NextToken (R7.8). The CloudTrail client's Region is the event data store's.

import { CloudTrailClient, DescribeQueryCommand, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudtrail";
import { sdkClientDefaults } from "@/lib/account/aws";
import { ReadFailed } from "./live";
import { runQuery, SqlReader, type QueryRunner, type QueryTiming, type Row } from "./sql";

export interface LakeOptions extends QueryTiming {
  /** event data store ID or ARN */
  eventDataStore: string;
  client?: CloudTrailClient;
  /** rows per GetQueryResults page (1–1000, default 1000) */
  pageSize?: number;
}

export function defaultLakeClient(eventDataStore: string): CloudTrailClient {
  const region = /^arn:[^:]+:cloudtrail:([^:]+):/.exec(eventDataStore)?.[1];
  return new CloudTrailClient({
    ...(region ? { region } : {}),
    ...sdkClientDefaults({ requestTimeoutMs: 15_000 }),
  });
}

/** Run one statement on CloudTrail Lake and return its rows keyed by column name. */
export function lakeRunner(options: LakeOptions): QueryRunner {
  const client = options.client ?? defaultLakeClient(options.eventDataStore);
  return (sql, read) =>
    runQuery(
      {
        label: "CloudTrail Lake",
        doneWord: "finished",
        hint: "check ROLECALL_CLOUDTRAIL_EVENT_DATA_STORE",
        async start(call) {
          const started = await call("cloudtrail:StartQuery", () => client.send(new StartQueryCommand({ QueryStatement: sql })));
          if (!started.QueryId) throw new ReadFailed("cloudtrail:StartQuery answered without a QueryId");
          return started.QueryId;
        },
        async status(call, id) {
          const q = await call("cloudtrail:DescribeQuery", () => client.send(new DescribeQueryCommand({ QueryId: id })));
          const state = q.QueryStatus;
          if (state === "FINISHED") return { done: true };
          if (state === "FAILED" || state === "CANCELLED" || state === "TIMED_OUT") return { failed: state.toLowerCase(), reason: q.ErrorMessage ?? "no reason given" };
          return { going: state?.toLowerCase() ?? "queued" };
        },
        async page(call, id, token) {
          const page = await call("cloudtrail:GetQueryResults", () => client.send(new GetQueryResultsCommand({ QueryId: id, MaxQueryResults: options.pageSize ?? 1000, ...(token ? { NextToken: token } : {}) })));
          // each row is a list of one-column objects: [{"event_id": "…"}, {"event_time": "…"}, …]
          return { rows: (page.QueryResultRows ?? []).map((cells) => Object.assign({}, ...cells) as Row), next: page.NextToken || undefined };
        },
      },
      read,
      options,
    );
}

export function lakeReader(options: LakeOptions): SqlReader {
  return new SqlReader({ dialect: "lake", table: options.eventDataStore, run: lakeRunner(options) });
}
