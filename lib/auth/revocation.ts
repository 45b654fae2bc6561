// Signing out for good: the session's ID (its JWT's jti) goes on a deny list until the JWT would
// have expired, so a copied cookie stops working at once rather than after eight hours. The list
// lives in memory (one per process, shared by the proxy's bundle and the routes') and in a file of
// JSON lines, ROLECALL_REVOKED_SESSIONS (default: rolecall-revoked-sessions.jsonl beside the audit
// log), which is read again whenever it changes: a restarted server, and replicas that share the
// file (a shared volume), refuse the signed-out session too. The server guard checks at start that
// the file can be written.

import { appendFileSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Past this size the file is rewritten with only the entries that have not expired yet. */
const COMPACT_BYTES = 256 * 1024;

interface Store {
  file: string;
  /** size and modification time of the file when last read */
  seen: string;
  /** jti → expiry (seconds since the epoch) */
  entries: Map<string, number>;
}

export function revocationFile(env: NodeJS.ProcessEnv = process.env): string {
  const audit = env.ROLECALL_AUDIT_LOG?.trim() || path.join(process.cwd(), "rolecall-audit.log");
  return env.ROLECALL_REVOKED_SESSIONS?.trim() || path.join(path.dirname(audit), "rolecall-revoked-sessions.jsonl");
}

function stamp(file: string): string {
  const st = statSync(file, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}` : "";
}

function parse(text: string, now: number): Map<string, number> {
  const entries = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as { jti?: unknown; exp?: unknown };
      if (typeof e.jti === "string" && typeof e.exp === "number" && e.exp > now) entries.set(e.jti, e.exp);
    } catch {
      // a torn last line (a write cut short) holds no complete entry
    }
  }
  return entries;
}

/** The deny list as the file now has it (read again only when the file changed). */
function store(): Store {
  const g = globalThis as { __rolecallRevocations?: Store };
  const file = revocationFile();
  const now = Date.now() / 1000;
  let s = g.__rolecallRevocations;
  if (!s || s.file !== file) s = g.__rolecallRevocations = { file, seen: "", entries: new Map() };
  const current = stamp(file);
  if (current !== s.seen) {
    let text = "";
    try {
      text = current ? readFileSync(file, "utf8") : "";
    } catch {
      // unreadable now: keep what is known in memory
    }
    for (const [jti, exp] of parse(text, now)) s.entries.set(jti, exp);
    s.seen = current;
  }
  return s;
}

export function isRevoked(jti: string): boolean {
  const s = store();
  const exp = s.entries.get(jti);
  if (exp === undefined) return false;
  if (exp * 1000 > Date.now()) return true;
  s.entries.delete(jti);
  return false;
}

/** Revoke a session until `exp`. Throws when the file cannot be written (the session is still revoked in this process). */
export function revoke(jti: string, exp: number): void {
  const s = store();
  s.entries.set(jti, exp);
  appendFileSync(s.file, `${JSON.stringify({ jti, exp })}\n`, { mode: 0o600 });
  if (statSync(s.file).size > COMPACT_BYTES) {
    const now = Date.now() / 1000;
    const live = [...s.entries].filter(([, e]) => e > now);
    const tmp = `${s.file}.${process.pid}.tmp`;
    writeFileSync(tmp, live.map(([j, e]) => `${JSON.stringify({ jti: j, exp: e })}\n`).join(""), { mode: 0o600 });
    renameSync(tmp, s.file);
  }
}
