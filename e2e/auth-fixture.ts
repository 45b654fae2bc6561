// The second e2e server runs with ROLECALL_AUTH=token: its tokens file, shared by
// playwright.config.ts (which writes it) and e2e/auth-token.spec.ts (which signs in with it).
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const E2E_TOKEN = "e2e-alice-3f9a1c7d5b2e4f6a8c0d1e2f3a4b5c6d";
export const E2E_USER = "alice";

export function writeTokensFile(): string {
  const dir = path.join(os.tmpdir(), "rolecall-e2e");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "tokens");
  writeFileSync(file, `${E2E_USER}:${createHash("sha256").update(E2E_TOKEN).digest("hex")}\n`, { mode: 0o600 });
  return file;
}
