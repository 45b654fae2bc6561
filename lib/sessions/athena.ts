// Sessions from the trail's Athena table (ROLECALL_CLOUDTRAIL=athena: ROLECALL_ATHENA_TABLE,
// ROLECALL_ATHENA_WORKGROUP, ROLECALL_ATHENA_OUTPUT), for organizations whose trails outgrow one
// machine: the filters go into the query (sql.ts), Athena scans, and only matching rows come back,
// a page of up to 1,000 rows at a time. StartQueryExecution → GetQueryExecution until it ends →
// GetQueryResults by NextToken.

import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { toReadError, sdkClientDefaults } from "@/lib/account/aws";
import { ReadFailed, type LiveRead } from "./live";
import { SqlReader, type Row } from "./sql";

export interface AthenaOptions {
  table: string;
  workgroup?: string;
  /** s3://… for query results, when the workgroup does not set one */
  output?: string;
  client?: AthenaClient;
  /** first poll interval (default 250 ms, growing to 2 s) */
  pollMs?: number;
  /** give up on a query after this long (default 10 min) */
  timeoutMs?: number;
  /** rows per GetQueryResults page (1–1000, default 1000) */
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function defaultAthenaClient(): AthenaClient {
  return new AthenaClient(sdkClientDefaults({ requestTimeoutMs: 15_000 }));
}

/** Run one statement on Athena and return its rows keyed by column name. */
export function athenaRunner(options: AthenaOptions) {
  const client = options.client ?? defaultAthenaClient();
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
    const started = await op("athena:StartQueryExecution", () =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          ...(options.workgroup ? { WorkGroup: options.workgroup } : {}),
          ...(options.output ? { ResultConfiguration: { OutputLocation: options.output } } : {}),
        }),
      ),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new ReadFailed("athena:StartQueryExecution answered without a QueryExecutionId");
    p.total = 2;
    p.message = `Athena: query ${id} running`;
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let wait = options.pollMs ?? 250;
    for (;;) {
      const q = await op("athena:GetQueryExecution", () => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
      const state = q.QueryExecution?.Status?.State;
      if (state === "SUCCEEDED") break;
      if (state === "FAILED" || state === "CANCELLED") {
        throw new ReadFailed(`Athena query ${id} ${state.toLowerCase()}: ${q.QueryExecution?.Status?.StateChangeReason ?? "no reason given"} — check ROLECALL_ATHENA_TABLE and the workgroup's output location`);
      }
      if (Date.now() > deadline) throw new ReadFailed(`Athena query ${id} did not finish within ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s`);
      const scanned = q.QueryExecution?.Statistics?.DataScannedInBytes;
      p.message = `Athena: query ${id} ${state?.toLowerCase() ?? "queued"}${scanned ? `, ${Math.round(scanned / 1e6)} MB scanned` : ""}`;
      await sleep(wait);
      wait = Math.min(wait * 2, 2000);
    }
    p.done = 1;
    const rows: Row[] = [];
    let names: string[] | undefined;
    let token: string | undefined;
    let first = true;
    do {
      const page = await op("athena:GetQueryResults", () => client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: options.pageSize ?? 1000, ...(token ? { NextToken: token } : {}) })));
      names ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c, i) => c.Name ?? c.Label ?? `_${i}`);
      let list = page.ResultSet?.Rows ?? [];
      // a SELECT's first row is its header (column names)
      if (first && list.length && names.length && list[0]!.Data?.every((d, i) => d.VarCharValue === names![i])) list = list.slice(1);
      first = false;
      for (const r of list) {
        const row: Row = {};
        (r.Data ?? []).forEach((d, i) => {
          row[names![i] ?? `_${i}`] = d.VarCharValue ?? null;
        });
        rows.push(row);
      }
      p.events = rows.length;
      p.message = `Athena: query ${id} succeeded, ${rows.length} rows read`;
      token = page.NextToken || undefined;
    } while (token);
    p.done = 2;
    return rows;
  };
}

export function athenaReader(options: AthenaOptions): SqlReader {
  return new SqlReader({ dialect: "athena", table: options.table, run: athenaRunner(options) });
}
