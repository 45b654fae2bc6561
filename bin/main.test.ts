import { tmpdir } from "node:os";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseCommandArgs, integer, keyValues } from "./cli/args";
import { UsageError, type CliContext, type Command } from "./cli/command";
import { main, takeGlobals } from "./main";

function ctx(): CliContext & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = "";
  let e = "";
  stdout.on("data", (d) => (o += d));
  stderr.on("data", (d) => (e += d));
  return { stdout, stderr, env: {} as NodeJS.ProcessEnv, color: false, stdoutIsTTY: false, stdinIsTTY: false, out: () => o, err: () => e };
}

const echo: Command = {
  name: "echo",
  summary: "prints its arguments",
  help: "rolecall echo [--loud] WORD\n\nexample: rolecall echo hi",
  async run(c, argv) {
    const a = parseCommandArgs("echo", argv, { loud: { type: "boolean" }, count: { type: "string" } }, { positionals: 1 });
    integer("echo", "--count", a.values.count);
    c.stdout.write(`${a.positionals.join(" ")}|${a.rest.join(" ")}|${c.env.ROLECALL_SNAPSHOT_DIR ?? ""}\n`);
    return a.values.loud ? 0 : 1;
  },
};

describe("rolecall dispatch", () => {
  it("takes --snapshot DIR and --demo from anywhere before --, not after", () => {
    expect(takeGlobals(["echo", "x", "--snapshot", "/d", "--", "cmd", "--demo"])).toEqual({ argv: ["echo", "x", "--", "cmd", "--demo"], source: { source: "snapshot", dir: "/d" } });
    expect(takeGlobals(["--demo", "echo"]).source).toEqual({ source: "demo" });
    expect(() => takeGlobals(["echo", "--snapshot"])).toThrow(UsageError);
  });
  it("runs the command with the source set, and passes the words after -- verbatim", async () => {
    const c = ctx();
    const dir = tmpdir();
    expect(await main(["echo", `--snapshot=${dir}`, "hi", "--loud", "--", "ls", "--all"], c, [echo])).toBe(0);
    expect(c.out()).toBe(`hi|ls --all|${dir}\n`);
    expect(c.env.ROLECALL_SOURCE).toBe("snapshot");
  });
  it("bad usage exits 2 with one line on stderr that names the fix", async () => {
    for (const argv of [["nope"], ["echo", "--bogus"], ["echo", "a", "b"], ["echo", "--count", "abc"], ["echo", "--snapshot", "/no/such/dir"]]) {
      const c = ctx();
      expect(await main(argv, c, [echo])).toBe(2);
      expect(c.err().trim().split("\n")).toHaveLength(1);
      expect(c.err()).not.toMatch(/at .*\.ts:\d+/);
    }
  });
  it("--help anywhere before -- prints the command's help; no command prints the usage and exits 2", async () => {
    const c = ctx();
    expect(await main(["echo", "x", "--help"], c, [echo])).toBe(0);
    expect(c.out()).toContain("example: rolecall echo hi");
    const d = ctx();
    expect(await main([], d, [echo])).toBe(2);
    expect(d.out()).toMatch(/\n  echo +prints its arguments\n/);
  });
  it("keyValues splits at the first = and refuses a pair without a key", () => {
    expect(keyValues("x", "--tag", ["a=b=c", "team=web"])).toEqual({ a: "b=c", team: "web" });
    expect(() => keyValues("x", "--tag", ["=v"])).toThrow(/KEY=VALUE/);
  });
});
