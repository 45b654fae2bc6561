import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadSnapshot } from "@/lib/account/snapshot";
import type { CliContext } from "../cli/command";
import { main } from "../main";
import { whoCanAssumeCommand } from "./who-can-assume";

const demo = loadSnapshot(path.join(process.cwd(), "data", "demo"));
const command = whoCanAssumeCommand(() => demo);

function ctx(): CliContext & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = "";
  let e = "";
  stdout.on("data", (d) => (o += d));
  stderr.on("data", (d) => (e += d));
  return { stdout, stderr, env: {} as NodeJS.ProcessEnv, color: false, stdoutIsTTY: false, stdinIsTTY: false, out: () => o, err: () => e };
}

describe("rolecall who-can-assume", () => {
  it("lists the reachers with their paths, and exits 0", async () => {
    const c = ctx();
    expect(await main(["who-can-assume", "arn:aws:iam::333333333333:role/prod-deployer"], c, [command])).toBe(0);
    expect(c.out()).toMatch(/Who can reach arn:aws:iam::333333333333:role\/prod-deployer \(at most 4 hops\)/);
    expect(c.out()).toMatch(/1 +allowed +arn:aws:iam::111111111111:role\/ci-deployer +ci-deployer → prod-deployer, sessions of at most 1 hour/);
    expect(c.out()).toMatch(/2 +unknown +arn:aws:iam::111111111111:user\/alice +alice → ci-deployer \(MFA\) → prod-deployer, sessions of at most 1 hour/);
  });
  it("--json prints the reachers JSON of the HTTP API", async () => {
    const c = ctx();
    expect(await main(["who-can-assume", "prod-deploy", "--json"], c, [command])).toBe(0);
    const j = JSON.parse(c.out());
    expect(j.role).toBe("arn:aws:iam::333333333333:role/prod-deploy");
    expect(j.reachers.find((r: { principal: string }) => r.principal === "arn:aws:iam::111111111111:user/service/ci-deployer")).toMatchObject({ hops: 2, verdict: "allowed" });
  });
  it("an empty answer still exits 0", async () => {
    const c = ctx();
    expect(await main(["who-can-assume", "arn:aws:iam::333333333333:role/prod-db-admin", "--max-hops", "2"], c, [command])).toBe(0);
    expect(c.out()).toMatch(/nobody RoleCall knows/);
  });
  it("bad usage exits 2 with one line; an unknown role exits 1", async () => {
    const c = ctx();
    expect(await main(["who-can-assume"], c, [command])).toBe(2);
    expect(c.err()).toMatch(/ROLE .* is required/);
    const d = ctx();
    expect(await main(["who-can-assume", "x", "--max-hops", "9"], d, [command])).toBe(2);
    expect(d.err()).toMatch(/--max-hops must be a whole number from 1 to 8/);
    const e = ctx();
    expect(await main(["who-can-assume", "no-such-role"], e, [command])).toBe(1);
    expect(e.err()).toMatch(/No role no-such-role/);
  });
});
