import { describe, expect, it } from "vitest";
import { UsageError } from "./command";
import { sessionNameFor, sessionRequest } from "./session-options";

const bad = (v: Parameters<typeof sessionRequest>[1]) => {
  try {
    sessionRequest("exec", v);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("accepted");
};

describe("AssumeRole parameters are checked against STS's rules before any call (rules §4)", () => {
  it("DurationSeconds: a whole number in STS's range 900–43200 (R4.3)", () => {
    expect(sessionRequest("exec", { "duration-seconds": "7200" }).durationSeconds).toBe(7200);
    expect(bad({ "duration-seconds": "abc" })).toBe('rolecall exec: --duration-seconds must be a whole number, got "abc"');
    expect(bad({ "duration-seconds": "1.5" })).toMatch(/whole number/);
    expect(bad({ "duration-seconds": "899" })).toMatch(/between 900 and 43200/);
    expect(bad({ "duration-seconds": "43201" })).toMatch(/between 900 and 43200/);
    expect(sessionRequest("exec", { "duration-seconds": "900" }).durationSeconds).toBe(900);
  });
  it("RoleSessionName: 2–64 of [\\w+=,.@-] (R4.1); SourceIdentity the same (R4.11)", () => {
    expect(sessionRequest("exec", { "role-session-name": "alice@example.com" }).roleSessionName).toBe("alice@example.com");
    expect(bad({ "role-session-name": "a" })).toMatch(/--role-session-name must be 2 to 64/);
    expect(bad({ "role-session-name": "alice smith" })).toMatch(/--role-session-name/);
    expect(bad({ "role-session-name": "x".repeat(65) })).toMatch(/--role-session-name/);
    expect(bad({ "source-identity": "aws:me" })).toMatch(/--source-identity/);
  });
  it("ExternalId allows : and / as well (R4.2)", () => {
    expect(sessionRequest("exec", { "external-id": "urn:vendor/8f1c" }).externalId).toBe("urn:vendor/8f1c");
    expect(bad({ "external-id": "has space" })).toMatch(/--external-id/);
  });
  it("MFA: a device serial or ARN and a 6-digit code; a code without a device is bad usage (R4.10)", () => {
    expect(sessionRequest("exec", { "serial-number": "arn:aws:iam::111111111111:mfa/alice", "token-code": "123456" })).toMatchObject({ serialNumber: "arn:aws:iam::111111111111:mfa/alice", tokenCode: "123456" });
    expect(bad({ "serial-number": "arn:aws:iam::111111111111:mfa/alice", "token-code": "12345" })).toMatch(/6 digits/);
    expect(bad({ "token-code": "123456" })).toMatch(/--token-code needs --serial-number/);
    expect(bad({ "serial-number": "short" })).toMatch(/--serial-number/);
  });
});

describe("the default role session name is the caller's own name", () => {
  it("a user's name, a session's name, without the path", () => {
    expect(sessionNameFor("arn:aws:iam::111111111111:user/alice")).toBe("alice");
    expect(sessionNameFor("arn:aws:iam::111111111111:user/contractors/dana")).toBe("dana");
    expect(sessionNameFor("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Dev_abc/alice@example.com")).toBe("alice@example.com");
    expect(sessionNameFor("arn:aws:sts::111111111111:federated-user/bob")).toBe("bob");
  });
  it("cleaned to STS's pattern and length, never shorter than 2", () => {
    expect(sessionNameFor("arn:aws:sts::111111111111:assumed-role/r/José María")).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(sessionNameFor(`arn:aws:iam::111111111111:user/${"n".repeat(80)}`)).toHaveLength(64);
    expect(sessionNameFor("arn:aws:iam::111111111111:user/x")).toBe("rolecall-x");
    expect(sessionNameFor("arn:aws:iam::111111111111:root")).toBe("root");
  });
});
