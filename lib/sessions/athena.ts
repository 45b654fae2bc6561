// Sessions from the trail's Athena table (ROLECALL_CLOUDTRAIL=athena: ROLECALL_ATHENA_TABLE,
// ROLECALL_ATHENA_WORKGROUP, ROLECALL_ATHENA_OUTPUT), for organizations whose trails outgrow one
// machine: the filters go into the query (sql.ts), Athena scans, and only matching rows come back,
// a page of up to 1,000 rows at a time. StartQueryExecution → GetQueryExecution until it ends →
// GetQueryResults by NextToken.

import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { sdkClientDefaults } from "@/lib/account/aws";
import { ReadFailed } from "./live";
import { runQuery, SqlReader, type QueryRunner, type QueryTiming, type Row } from "./sql";

export interface AthenaOptions extends QueryTiming {
  table: string;
  workgroup?: string;
  /** s3://… for query results, when the workgroup does not set one */
  output?: string;
  client?: AthenaClient;
  /** rows per GetQueryResults page (1–1000, default 1000) */
  pageSize?: number;
}

export function defaultAthenaClient(): AthenaClient {
  return new AthenaClient(sdkClientDefaults({ requestTimeoutMs: 15_000 }));
}

/** Run one statement on Athena and return its rows keyed by column name. */
export function athenaRunner(options: AthenaOptions): QueryRunner {
  const client = options.client ?? defaultAthenaClient();
  return (sql, read) => {
    let names: string[] | undefined;
    let first = true;
    return runQuery(
      {
        label: "Athena",
        doneWord: "succeeded",
        hint: "check ROLECALL_ATHENA_TABLE and the workgroup's output location",
        async start(call) {
          const started = await call("athena:StartQueryExecution", () =>
            client.send(
              new StartQueryExecutionCommand({
                QueryString: sql,
                ...(options.workgroup ? { WorkGroup: options.workgroup } : {}),
                ...(options.output ? { ResultConfiguration: { OutputLocation: options.output } } : {}),
              }),
            ),
          );
          if (!started.QueryExecutionId) throw new ReadFailed("athena:StartQueryExecution answered without a QueryExecutionId");
          return started.QueryExecutionId;
        },
        async status(call, id) {
          const q = await call("athena:GetQueryExecution", () => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
          const state = q.QueryExecution?.Status?.State;
          if (state === "SUCCEEDED") return { done: true };
          if (state === "FAILED" || state === "CANCELLED") return { failed: state.toLowerCase(), reason: q.QueryExecution?.Status?.StateChangeReason ?? "no reason given" };
          const scanned = q.QueryExecution?.Statistics?.DataScannedInBytes;
          return { going: `${state?.toLowerCase() ?? "queued"}${scanned ? `, ${Math.round(scanned / 1e6)} MB scanned` : ""}` };
        },
        async page(call, id, token) {
          const page = await call("athena:GetQueryResults", () => client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: options.pageSize ?? 1000, ...(token ? { NextToken: token } : {}) })));
          const cols = (names ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c, i) => c.Name ?? c.Label ?? `_${i}`));
          let list = page.ResultSet?.Rows ?? [];
          // a SELECT's first row is its header (column names)
          if (first && list.length && cols.length && list[0]!.Data?.every((d, i) => d.VarCharValue === cols[i])) list = list.slice(1);
          first = false;
          const rows = list.map((r) => {
            const row: Row = {};
            (r.Data ?? []).forEach((d, i) => {
              row[cols[i] ?? `_${i}`] = d.VarCharValue ?? null;
            });
            return row;
          });
          return { rows, next: page.NextToken || undefined };
        },
      },
      read,
      options,
    );
  };
}

export function athenaReader(options: AthenaOptions): SqlReader {
  return new SqlReader({ dialect: "athena", table: options.table, run: athenaRunner(options) });
}
