// Test support: a CliContext whose streams are collected into strings.

import { PassThrough } from "node:stream";
import type { CliContext } from "../cli/command";

export type TestContext = CliContext & { out: () => string; err: () => string };

export function testContext(env: NodeJS.ProcessEnv = {} as NodeJS.ProcessEnv, o: Partial<CliContext> = {}): TestContext {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  return { stdout, stderr, env, color: false, stdoutIsTTY: false, stdinIsTTY: false, ...o, out: () => out, err: () => err };
}
