import { describe, expect, it } from "vitest";
import { SessionIndexBuilder } from "./group";

const assume = (over: Record<string, unknown>) => ({
  eventSource: "sts.amazonaws.com",
  eventName: "AssumeRole",
  eventTime: "2026-11-17T14:00:09Z",
  awsRegion: "us-east-1",
  requestParameters: { roleArn: "arn:aws:iam::222222222222:role/shared-deploy", roleSessionName: "build-1" },
  responseElements: { credentials: { accessKeyId: "ASIACHILD000000001", expiration: "Nov 17, 2026, 3:00:09 PM" }, assumedRoleUser: { arn: "arn:aws:sts::222222222222:assumed-role/shared-deploy/build-1" } },
  ...over,
});

describe("SessionIndexBuilder", () => {
  it("joins the caller's and the owner's copies (sharedEventID) into one session, whichever comes first", () => {
    const b = new SessionIndexBuilder();
    b.add(assume({ eventID: "owner", sharedEventID: "s", recipientAccountId: "222222222222", userIdentity: { type: "AWSAccount", principalId: "AIDACALLER", accountId: "111111111111" } }));
    b.add(assume({ eventID: "caller", sharedEventID: "s", recipientAccountId: "111111111111", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111111111111:user/ci", accountId: "111111111111", accessKeyId: "AKIAX" } }));
    b.add(assume({ eventID: "caller", sharedEventID: "s", recipientAccountId: "111111111111", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111111111111:user/ci" } }));
    const { sessions } = b.build();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ caller: "arn:aws:iam::111111111111:user/ci", eventId: "caller", loggedIn: ["111111111111", "222222222222"], label: "cross-account", expiration: "2026-11-17T15:00:09Z", activity: { count: 0, first: null } });
  });

  it("links a chain by the caller's key, or by its session ARN when the key is not logged", () => {
    const b = new SessionIndexBuilder();
    b.add(assume({ eventID: "parent", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::222222222222:user/u", accountId: "222222222222" } }));
    b.add(
      assume({
        eventID: "child",
        eventTime: "2026-11-17T14:03:30Z",
        requestParameters: { roleArn: "arn:aws:iam::333333333333:role/prod", roleSessionName: "p" },
        responseElements: { credentials: { accessKeyId: "ASIAGRANDCHILD0001", expiration: "2026-11-17T15:03:30Z" } },
        userIdentity: { type: "AWSAccount", principalId: "AROA:build-1", accountId: "222222222222", arn: "arn:aws:sts::222222222222:assumed-role/shared-deploy/build-1" },
      }),
    );
    b.add({ eventTime: "2026-11-17T14:05:00Z", eventSource: "s3.amazonaws.com", eventName: "GetObject", errorCode: "AccessDenied", userIdentity: { type: "AssumedRole", accessKeyId: "ASIACHILD000000001" } });
    const { byKey } = b.build();
    expect(byKey.get("ASIAGRANDCHILD0001")!.chain.parent).toMatchObject({ accessKeyId: "ASIACHILD000000001", eventTime: "2026-11-17T14:00:09Z" });
    expect(byKey.get("ASIACHILD000000001")!.chain.children.map((c) => c.accessKeyId)).toEqual(["ASIAGRANDCHILD0001"]);
    expect(byKey.get("ASIACHILD000000001")!.activity).toMatchObject({ count: 1, errors: 1, top: [{ eventSource: "s3.amazonaws.com", eventName: "GetObject", count: 1 }] });
  });

  it("a failed attempt is a session with outcome failure and no activity", () => {
    const b = new SessionIndexBuilder();
    b.add(assume({ eventID: "f", responseElements: null, errorCode: "AccessDenied", errorMessage: "no", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111111111111:user/bob", accountId: "111111111111" } }));
    expect(b.build().sessions[0]).toMatchObject({ outcome: "failure", errorCode: "AccessDenied", errorMessage: "no", accessKeyId: null, activity: null, label: "cross-account" });
  });

  it("counts as activity only events signed with a temporary key, once per sharedEventID, with first, last, errors and top calls", () => {
    const b = new SessionIndexBuilder();
    b.add(assume({ eventID: "a", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::222222222222:user/u", accountId: "222222222222" } }));
    const ev = (over: Record<string, unknown>) => ({ eventSource: "s3.amazonaws.com", eventName: "GetObject", eventTime: "2026-11-17T14:05:00Z", userIdentity: { type: "AssumedRole", accessKeyId: "ASIACHILD000000001" }, ...over });
    b.add(ev({ eventTime: "2026-11-17T14:07:00.000Z" }));
    b.add(ev({ eventTime: "2026-11-17T14:01:00Z", eventName: "PutObject", errorCode: "AccessDenied" }));
    b.add(ev({ sharedEventID: "x", eventSource: "kms.amazonaws.com", eventName: "Decrypt" }));
    b.add(ev({ sharedEventID: "x", eventSource: "kms.amazonaws.com", eventName: "Decrypt" })); // the other account's copy
    b.add(ev({ eventTime: "garbage" })); // no usable time: not counted
    b.add(ev({ eventName: "" })); // counted, under "?"
    b.add({ ...ev({}), userIdentity: { type: "IAMUser", accessKeyId: "AKIAEXAMPLE" } }); // a long-term key: no session's activity
    expect(b.build().byKey.get("ASIACHILD000000001")!.activity).toEqual({
      count: 4,
      errors: 1,
      first: "2026-11-17T14:01:00Z",
      last: "2026-11-17T14:07:00Z",
      partial: false,
      top: [
        // equal counts: by name
        { eventSource: "s3.amazonaws.com", eventName: "?", count: 1 },
        { eventSource: "kms.amazonaws.com", eventName: "Decrypt", count: 1 },
        { eventSource: "s3.amazonaws.com", eventName: "GetObject", count: 1 },
        { eventSource: "s3.amazonaws.com", eventName: "PutObject", count: 1 },
      ],
    });
    expect(b.records).toBe(8);
  });
});
