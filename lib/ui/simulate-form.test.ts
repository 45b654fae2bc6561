import { describe, expect, it } from "vitest";
import {
  buildSimulateRequest,
  credentialExports,
  credentialProcessJson,
  credentialsFile,
  errorField,
  formFromParams,
  formSearch,
  maskSecrets,
  needsBaseRole,
  policyMeter,
  sessionLength,
  splitArns,
  timeLeft,
  validateForm,
  type SimulateForm,
} from "./simulate-form";

const ROLE = "arn:aws:iam::111111111111:role/ecs/orders-api-task";
const BASE = "arn:aws:iam::111111111111:role/power-user";
const form = (f: Partial<SimulateForm> = {}): SimulateForm => ({ role: "", baseRole: "", caller: "", sourceProfile: "", ...f });
const creds = { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret/with'quote", SessionToken: "TOKENTOKENTOKEN", Expiration: "2026-11-22T12:00:00Z" };

describe("query string", () => {
  it("round-trips, with short parameter names and empty fields left out", () => {
    const f = form({ role: ROLE, baseRole: BASE, caller: "arn:aws:iam::111111111111:user/alice" });
    const s = formSearch(f);
    expect(s).toBe(`?role=${encodeURIComponent(ROLE)}&base=${encodeURIComponent(BASE)}&caller=${encodeURIComponent("arn:aws:iam::111111111111:user/alice")}`);
    expect(formFromParams(new URLSearchParams(s))).toEqual(f);
    expect(formSearch(form())).toBe("");
  });

  it("reads Next's searchParams objects (arrays take the first value)", () => {
    expect(formFromParams({ role: [ROLE, "x"], base: ` ${BASE} `, profile: "dev" })).toEqual(form({ role: ROLE, baseRole: BASE, sourceProfile: "dev" }));
  });
});

describe("validateForm", () => {
  it("needs a role, and checks ARNs and the profile name", () => {
    expect(validateForm(form()).role).toMatch(/Pick the role/);
    expect(validateForm(form({ role: ROLE, baseRole: BASE }))).toEqual({});
    expect(validateForm(form({ role: "orders-api-task" }))).toEqual({});
    expect(validateForm(form({ role: "arn:aws:iam::1:role/x" })).role).toMatch(/Not a role ARN/);
    expect(validateForm(form({ role: ROLE, baseRole: ROLE })).baseRole).toMatch(/the role itself/);
    expect(validateForm(form({ role: ROLE, caller: "alice" })).caller).toMatch(/IAM ARN/);
    expect(validateForm(form({ role: ROLE, caller: "arn:aws:sts::111111111111:assumed-role/dev/bob" }))).toEqual({});
    expect(validateForm(form({ role: ROLE, sourceProfile: "my profile" })).sourceProfile).toMatch(/profile name/);
  });
});

describe("buildSimulateRequest", () => {
  it("trims, leaves empty fields out (the server's base role is then used) and adds mint only when asked", () => {
    expect(buildSimulateRequest(form({ role: ` ${ROLE} ` }))).toEqual({ role: ROLE });
    expect(buildSimulateRequest(form({ role: ROLE, baseRole: BASE, caller: "arn:aws:iam::111111111111:user/alice", sourceProfile: "dev" }), true)).toEqual({
      role: ROLE,
      baseRole: BASE,
      caller: "arn:aws:iam::111111111111:user/alice",
      sourceProfile: "dev",
      mint: true,
    });
  });
});

describe("errorField", () => {
  const req = { role: ROLE, baseRole: "arn:aws:iam::111111111111:role/nope" };
  it("follows issues[0].path", () => {
    expect(errorField({ status: 400, code: "invalid_request", message: "sourceProfile: …", issues: [{ path: ["sourceProfile"], message: "…" }] }, req)).toBe("sourceProfile");
    expect(errorField({ status: 400, code: "invalid_request", message: "x", issues: [{ path: ["mint"], message: "…" }] }, req)).toBeNull();
  });
  it("finds the role a not-found or ambiguous message names", () => {
    expect(errorField({ status: 404, code: "not_found", message: `No role ${req.baseRole} in the loaded accounts (111111111111).`, issues: [] }, req)).toBe("baseRole");
    expect(errorField({ status: 404, code: "not_found", message: `No role ${ROLE} in the loaded accounts (111111111111).`, issues: [] }, req)).toBe("role");
    expect(errorField({ status: 400, code: "ambiguous", message: "2 roles are named deploy (1, 2): use the ARN", issues: [] }, { role: "deploy" })).toBe("role");
    expect(errorField({ status: 500, code: "internal", message: "Internal error", issues: [] }, req)).toBeNull();
  });
  it("tells a missing base role from a failure", () => {
    expect(needsBaseRole({ status: 400, code: "invalid_request", message: "baseRole: required (no ROLECALL_SIMULATE_BASE_ROLE is configured)", issues: [{ path: ["baseRole"], message: "required" }] })).toBe(true);
    expect(needsBaseRole({ status: 404, code: "not_found", message: "No role x", issues: [] })).toBe(false);
  });
});

describe("policyMeter", () => {
  it("grades the session policy's size against 2,048 characters", () => {
    expect(policyMeter(505)).toEqual({ percent: 25, level: "ok" });
    expect(policyMeter(1900)).toEqual({ percent: 93, level: "tight" });
    expect(policyMeter(2226)).toEqual({ percent: 109, level: "over" });
  });
});

describe("credentials", () => {
  it("writes exports with shell quoting", () => {
    expect(credentialExports(creds)).toBe(
      "export AWS_ACCESS_KEY_ID='ASIAEXAMPLE'\nexport AWS_SECRET_ACCESS_KEY='secret/with'\\''quote'\nexport AWS_SESSION_TOKEN='TOKENTOKENTOKEN'",
    );
  });
  it("writes a credentials-file block named after the role", () => {
    expect(credentialsFile(creds, ROLE)).toBe(
      "[rolecall-orders-api-task]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = secret/with'quote\naws_session_token = TOKENTOKENTOKEN",
    );
  });
  it("writes credential_process JSON, version 1", () => {
    expect(JSON.parse(credentialProcessJson(creds))).toEqual({ Version: 1, ...creds });
  });
  it("masks the secrets for the screen", () => {
    const masked = maskSecrets(credentialsFile(creds, ROLE), creds);
    expect(masked).not.toContain("with'quote");
    expect(masked).not.toContain("TOKENTOKENTOKEN");
    expect(masked).toContain("ASIAEXAMPLE");
  });
  it("says how long they last", () => {
    const now = new Date("2026-11-22T11:00:30Z");
    expect(timeLeft("2026-11-22T12:00:00Z", now)).toBe("in 59 min");
    expect(timeLeft("2026-11-22T13:05:30Z", now)).toBe("in 2 h 5 min");
    expect(timeLeft("2026-11-22T11:00:00Z", now)).toBe("expired");
    expect(timeLeft("nope", now)).toBe("");
  });
});

describe("splitArns", () => {
  it("finds ARNs in a caveat, leaving trailing punctuation out", () => {
    const parts = splitArns("arn:aws:iam::222222222222:role/artifact-reader trusts orders-api-task by ARN: see arn:aws:iam::111111111111:role/power-user.");
    expect(parts.filter((p) => p.arn).map((p) => p.text)).toEqual(["arn:aws:iam::222222222222:role/artifact-reader", "arn:aws:iam::111111111111:role/power-user"]);
    expect(parts.map((p) => p.text).join("")).toBe("arn:aws:iam::222222222222:role/artifact-reader trusts orders-api-task by ARN: see arn:aws:iam::111111111111:role/power-user.");
    expect(splitArns("no arns")).toEqual([{ text: "no arns", arn: false }]);
  });
});

describe("sessionLength", () => {
  it("says a duration as people do", () => {
    expect(sessionLength(3600)).toBe("1 hour");
    expect(sessionLength(14400)).toBe("4 hours");
    expect(sessionLength(5400)).toBe("1 h 30 min");
    expect(sessionLength(900)).toBe("15 minutes");
    expect(sessionLength(61)).toBe("61 seconds");
  });
});
