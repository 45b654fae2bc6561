// Test support: moto, the AWS emulator preinstalled on this project's machines
// (../shared/reference/toolchain.md). Without it, tests that need it are skipped with a message —
// except in CI (process.env.CI), where they fail.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";

export const hasMoto = spawnSync("python3", ["-c", "import moto.server"], { timeout: 30_000 }).status === 0;
export const MOTO_MISSING = "moto is not installed for python3 (pip install 'moto[server]'): the tests against moto are skipped";

/** Skip (locally) or fail (CI) when moto is missing; call at the top of a test file. */
export function motoRequired(): boolean {
  if (!hasMoto && !process.env.CI) console.warn(MOTO_MISSING);
  return hasMoto || !!process.env.CI;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<{ child: ChildProcess; url: string }> {
  if (!hasMoto) throw new Error(MOTO_MISSING);
  const port = await freePort();
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`moto exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${url}/moto-api/`);
      if (r.ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`moto did not answer within 20 s: ${stderr}`);
}
