// The lake mode against the local CloudTrail endpoint: StartQuery → DescribeQuery until FINISHED →
// GetQueryResults by NextToken, and the query text in Lake's field names.
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlSessionSource } from "./index";
import { lakeReader } from "./lake";
import { activityQuery, eventsQuery, sessionsQuery, tableName } from "./sql";
import { CloudTrailEndpoint } from "./test-endpoint";

process.env.AWS_EC2_METADATA_DISABLED = "true";

const row = (over: Record<string, string>) => ({
  event_id: "e-1", event_time: "2026-11-16 09:12:04.000", event_source: "sts.amazonaws.com", event_name: "AssumeRole", aws_region: "us-east-1", recipient_account: "111111111111",
  ui_type: "IAMUser", ui_arn: "arn:aws:iam::111111111111:user/alice", ui_account: "111111111111", role_arn: "arn:aws:iam::111111111111:role/power-user", role_session_name: "alice",
  duration_seconds: "3600", access_key_id: "ASIAEXAMPLE0000001", expiration: "Nov 16, 2026, 10:12:04 AM", assumed_role_arn: "arn:aws:sts::111111111111:assumed-role/power-user/alice", ...over,
});

describe("lake mode", () => {
  const endpoint = new CloudTrailEndpoint({
    records: [],
    lake: {
      runningPolls: 2,
      pageSize: 2,
      rows: [
        row({}),
        row({ event_id: "e-2", event_time: "2026-11-16 09:10:02.000", access_key_id: "", expiration: "", assumed_role_arn: "", error_code: "AccessDenied", error_message: "not authorized" }),
        row({ event_id: "e-3", event_time: "2026-11-17 14:00:09.000", shared_event_id: "s-1", ui_type: "AWSAccount", ui_arn: "", ui_principal_id: "AIDAEXAMPLE", ui_account: "999988887777", role_session_name: "x", access_key_id: "ASIAEXAMPLE0000003" }),
      ],
    },
  });
  let client: CloudTrailClient;
  beforeAll(async () => {
    const url = await endpoint.start();
    client = new CloudTrailClient({ region: "us-east-1", endpoint: url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "dummy" }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await endpoint.stop();
  });

  it("polls the query to the end and reads every page", async () => {
    const source = new SqlSessionSource("lake", lakeReader({ eventDataStore: "arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/0a1b2c3d-4e5f-6789-abcd-ef0123456789", client, pollMs: 5 }));
    const filters = { outcome: undefined, from: "2026-11-16T00:00:00Z", to: "2026-11-18T00:00:00Z" };
    const r = await source.sessions(filters, { waitMs: 10_000 });
    expect(r.partial).toBe(false);
    expect(r.sessions.map((s) => `${s.eventTime} ${s.outcome} ${s.caller}`)).toEqual([
      "2026-11-17T14:00:09Z success AIDAEXAMPLE",
      "2026-11-16T09:12:04Z success arn:aws:iam::111111111111:user/alice",
      "2026-11-16T09:10:02Z failure arn:aws:iam::111111111111:user/alice",
    ]);
    expect(r.sessions[1]).toMatchObject({ expiration: "2026-11-16T10:12:04Z", durationSeconds: 3600, accessKeyId: "ASIAEXAMPLE0000001" });
    const ops = endpoint.lakeCalls.map((c) => c.op);
    expect(ops).toEqual(["StartQuery", "DescribeQuery", "DescribeQuery", "DescribeQuery", "GetQueryResults", "GetQueryResults"]);
    const statement = endpoint.lakeCalls[0]!.body.QueryStatement as string;
    expect(statement).toBe(sessionsQuery("lake", "0a1b2c3d-4e5f-6789-abcd-ef0123456789", filters, { fromMs: Date.UTC(2026, 10, 16), toMs: Date.UTC(2026, 10, 18) }));
    expect(statement).toContain("FROM 0a1b2c3d-4e5f-6789-abcd-ef0123456789 WHERE eventSource = 'sts.amazonaws.com'");
    expect(statement).toContain("eventTime >= '2026-11-16 00:00:00'");
    expect(endpoint.lakeCalls[5]!.body.NextToken).toBe("n2");
  });
});

describe("SQL text", () => {
  const w = { fromMs: Date.UTC(2026, 10, 16), toMs: Date.UTC(2026, 10, 17) };
  it("pushes every filter into WHERE, quoting values", () => {
    const q = sessionsQuery("athena", "cloudtrail_logs", { roleSessionName: "o'brien", role: "deploy", accessKeyId: "ASIAEXAMPLE0000001", outcome: "failure", principal: "arn:aws:iam::111111111111:user/bob" }, w);
    expect(q).toContain("json_extract_scalar(requestparameters, '$.roleSessionName') = 'o''brien'");
    expect(q).toContain("element_at(split(json_extract_scalar(requestparameters, '$.roleArn'), '/'), -1) = 'deploy'");
    expect(q).toContain("json_extract_scalar(responseelements, '$.credentials.accessKeyId') = 'ASIAEXAMPLE0000001'");
    expect(q).toContain("errorcode IS NOT NULL");
    expect(q).toContain("coalesce(useridentity.arn, useridentity.invokedby, useridentity.principalid) END = 'arn:aws:iam::111111111111:user/bob'");
    expect(q).not.toMatch(/sessionToken/);
    expect(activityQuery("lake", "eds", ["ASIAEXAMPLE0000001"], w)).toContain("userIdentity.accessKeyId IN ('ASIAEXAMPLE0000001')");
    expect(eventsQuery("athena", "t", "ASIAEXAMPLE0000001", w)).toMatch(/ORDER BY eventtime ASC$/);
  });
  it("refuses a table name that is not one", () => {
    expect(tableName("athena", "mydb.cloudtrail_logs")).toBe("mydb.cloudtrail_logs");
    expect(() => tableName("athena", "t; DROP TABLE x")).toThrow(/ROLECALL_ATHENA_TABLE/);
  });
});
