// The demo's CloudTrail files must give exactly the 38 sessions of data/demo/README.md's table.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eventFilesOf, eventsOfKey, indexFiles, type FilesIndex } from "./files";

const DEMO = path.join(process.cwd(), "data", "demo");

interface Row {
  eventTime: string;
  roleArn: string;
  roleSessionName: string;
  caller: string;
  outcome: "success" | "failure";
  errorCode: string | null;
  accessKeyId: string | null;
  count: number | null;
  source: string;
}

/** The README's session table, read as the test's expectation. */
function expectedRows(): Row[] {
  const text = readFileSync(path.join(DEMO, "README.md"), "utf8").split("## Sessions")[1]!;
  return text
    .split("\n")
    .filter((l) => /^\| 20\d\d-/.test(l))
    .map((l) => {
      const c = l
        .slice(1, -1)
        .split("|")
        .map((x) => x.trim().replace(/^`|`$/g, ""));
      const failure = c[4]!.startsWith("failure");
      return {
        eventTime: c[0]!,
        roleArn: c[1]!,
        roleSessionName: c[2]!,
        caller: c[3]!,
        outcome: failure ? "failure" : "success",
        errorCode: failure ? c[4]!.split(":")[1]!.trim() : null,
        accessKeyId: c[5] || null,
        count: c[6] ? Number(c[6]) : null,
        source: c[7]!,
      };
    });
}

let index: FilesIndex;
beforeAll(async () => {
  index = await indexFiles(await eventFilesOf(DEMO));
});

describe("the demo's sessions", () => {
  it("reads 34 trail files and one lookup-events file without problems", () => {
    expect(index.problems).toEqual([]);
    expect(index.files.filter((f) => f.kind === "cloudtrail-records")).toHaveLength(34);
    expect(index.files.filter((f) => f.kind === "cloudtrail-events")).toHaveLength(1);
    expect(index.records).toBe(128 + 4);
  });

  it("reproduces the README's table: 29 successes, 9 failures, newest first", () => {
    const rows = expectedRows();
    expect(rows).toHaveLength(38);
    const got = index.sessions.map((s) => ({
      eventTime: s.eventTime,
      roleArn: s.roleArn,
      roleSessionName: s.roleSessionName,
      caller: s.caller,
      outcome: s.outcome,
      errorCode: s.errorCode,
      accessKeyId: s.accessKeyId,
      count: s.activity?.count ?? null,
    }));
    const want = [...rows].reverse().map((r) => ({ eventTime: r.eventTime, roleArn: r.roleArn, roleSessionName: r.roleSessionName, caller: r.caller, outcome: r.outcome, errorCode: r.errorCode, accessKeyId: r.accessKeyId, count: r.count }));
    expect(got).toEqual(want);
    expect(index.sessions.filter((s) => s.outcome === "success")).toHaveLength(29);
  });

  it("joins cross-account copies by sharedEventID, keeping the caller's copy", () => {
    const ci = index.sessions.find((s) => s.roleSessionName === "ci-deployer-build-1187")!;
    expect(ci.loggedIn).toEqual(["111111111111", "222222222222"]);
    expect(ci.caller).toBe("arn:aws:iam::111111111111:user/service/ci-deployer");
    expect(ci.callerAccount).toBe("111111111111");
    expect(ci.label).toBe("cross-account");
    const partner = index.sessions.find((s) => s.roleSessionName === "audit-2026-11-19")!;
    expect(partner).toMatchObject({ callerType: "AWSAccount", callerAccount: "999988887777", loggedIn: ["111111111111"], label: "cross-account" });
  });

  it("labels service, web-identity and chained sessions, and links chains both ways", () => {
    const ec2 = index.byKey.get("ASIAY0FIPHYCA7Y520RA")!;
    expect(ec2).toMatchObject({ label: "EC2 instance", durationSeconds: 21600, expiration: "2026-11-16T12:02:11Z" });
    expect(ec2.chain.parent).toBeNull();
    expect(ec2.chain.children.map((c) => c.accessKeyId)).toEqual(["ASIAJXAE0HA2DHTM2LIV"]);
    const chained = index.byKey.get("ASIAJXAE0HA2DHTM2LIV")!;
    expect(chained.chain.parent).toMatchObject({ accessKeyId: "ASIAY0FIPHYCA7Y520RA", roleArn: "arn:aws:iam::111111111111:role/app-ec2-implicit", eventTime: "2026-11-16T06:02:11Z" });
    expect(index.byKey.get("ASIAJDUH2QVBQ8PWC09A")!.label).toBe("ECS task");
    expect(index.byKey.get("ASIAWW9EW08MX76UUCD8")!.label).toBe("web identity");
    // shared-deploy → prod-deploy: a cross-account chain
    const prod = index.byKey.get("ASIAWXIEF4AC8XYR7FRL")!;
    expect(prod.chain.parent?.accessKeyId).toBe("ASIAUDCDCQWW92AUBZ4I");
    expect(index.byKey.get("ASIAUDCDCQWW92AUBZ4I")!.chain.children.map((c) => c.roleSessionName)).toEqual(["ci-deployer-build-1187-prod"]);
    // the second EC2 instance session chained twice: a failure then a success, oldest first
    expect(index.byKey.get("ASIA7O446ASKY5DZ34L8")!.chain.children.map((c) => c.outcome)).toEqual(["failure", "success"]);
  });

  it("summarises activity: first, last, top calls, failed calls", () => {
    const bob = index.byKey.get("ASIAS4NWNQF4WZP076AC")!;
    expect(bob.activity).toMatchObject({ count: 6, errors: 1, partial: false });
    expect(bob.activity!.first! <= bob.activity!.last!).toBe(true);
    expect(bob.activity!.top.reduce((n, t) => n + t.count, 0)).toBeLessThanOrEqual(6);
    expect(index.sessions.filter((s) => s.outcome === "failure").every((s) => s.activity === null && s.accessKeyId === null && s.expiration === null)).toBe(true);
  });

  it("re-reads a session's events from the files that hold them", async () => {
    const events = await eventsOfKey(index, "ASIA2OQVN2YADLWVYJ82");
    expect(events).toHaveLength(9);
    expect(events.every((e) => (e.userIdentity as { accessKeyId: string }).accessKeyId === "ASIA2OQVN2YADLWVYJ82")).toBe(true);
  });
});
