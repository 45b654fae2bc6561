import { describe, expect, it } from "vitest";
import { credentialProcessJson } from "../commands/credential-process";
import { exportLines } from "../commands/env";
import { testContext } from "../testing/context";
import { runChild, sessionEnv } from "./child";

const creds = { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "se'cret/+key", SessionToken: "tok$en`x", Expiration: "2026-11-21T17:40:12.000Z" };

describe("the session's environment", () => {
  it("has the four variables and no AWS_PROFILE (which would win over the keys)", () => {
    const env = sessionEnv({ AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "work", AWS_SECURITY_TOKEN: "old", AWS_REGION: "eu-west-1", PATH: "/bin" }, creds);
    expect(env).toEqual({ AWS_REGION: "eu-west-1", PATH: "/bin", AWS_ACCESS_KEY_ID: "ASIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "se'cret/+key", AWS_SESSION_TOKEN: "tok$en`x", AWS_CREDENTIAL_EXPIRATION: "2026-11-21T17:40:12.000Z" });
  });
  it("env prints unset AWS_PROFILE and shell-quoted exports that a shell reads back verbatim", async () => {
    const text = exportLines(creds);
    expect(text.split("\n")[0]).toBe("unset AWS_PROFILE");
    // the shell evaluates the lines, then prints each value NUL-separated
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync("sh", ["-c", `AWS_PROFILE=x; eval "$1"; printf '%s\\0' "\${AWS_PROFILE-unset}" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`, "sh", text], { encoding: "utf8" });
    expect(r.stdout.split("\0").slice(0, 5)).toEqual(["unset", creds.AccessKeyId, creds.SecretAccessKey, creds.SessionToken, creds.Expiration]);
  });
  it("credential-process prints Version 1 and the four fields", () => {
    expect(JSON.parse(credentialProcessJson(creds))).toEqual({ Version: 1, ...creds });
  });
});

describe("running COMMAND", () => {
  it("exits with COMMAND's status", async () => {
    expect(await runChild(testContext(), ["sh", "-c", "exit 7"], process.env)).toBe(7);
    expect(await runChild(testContext(), ["true"], process.env)).toBe(0);
  });
  it("a signal that ends COMMAND is 128 + its number, as a shell reports it", async () => {
    expect(await runChild(testContext(), ["sh", "-c", "kill -TERM $$"], process.env)).toBe(128 + 15);
  });
  it("a signal sent to rolecall reaches COMMAND", async () => {
    const ctx = testContext();
    const p = runChild(ctx, ["sh", "-c", "trap 'exit 42' USR2; while :; do sleep 0.05; done"], process.env);
    await new Promise((r) => setTimeout(r, 300));
    process.emit("SIGUSR2", "SIGUSR2");
    expect(await p).toBe(42);
  });
  it("a command that does not exist: 127 and one line", async () => {
    const ctx = testContext();
    expect(await runChild(ctx, ["rolecall-no-such-command-x"], process.env)).toBe(127);
    expect(ctx.err()).toBe("rolecall exec: rolecall-no-such-command-x: command not found\n");
  });
  it("the child sees the environment it is given", async () => {
    const check = "process.exit(process.env.AWS_PROFILE === undefined && process.env.AWS_SESSION_TOKEN === 'tok$en`x' ? 5 : 6)";
    expect(await runChild(testContext(), ["node", "-e", check], sessionEnv({ ...process.env, AWS_PROFILE: "work" }, creds))).toBe(5);
  });
});
