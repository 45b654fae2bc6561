// Bearer tokens for scripts and CI checks (ROLECALL_AUTH=token). The file holds `name:sha256hex`
// lines: only hashes at rest, so reading the file does not give anyone a token. Deleting a line
// revokes that token at once, without a restart.

import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";

export interface TokenEntry {
  name: string;
  /** the SHA-256 of the token, 32 bytes */
  hash: Buffer;
}

const LINE = /^([A-Za-z0-9._@+-]{1,64}):([0-9a-fA-F]{64})$/;

/** Parse a tokens file; bad lines are reported by number only (never echoed). */
export function parseTokens(text: string): { entries: TokenEntry[]; badLines: number[] } {
  const entries: TokenEntry[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const m = LINE.exec(line);
    if (m) entries.push({ name: m[1]!, hash: Buffer.from(m[2]!, "hex") });
    else badLines.push(i + 1);
  });
  return { entries, badLines };
}

export function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** A short public fingerprint of a token's hash: binds a browser session to the token that opened it. */
export function fingerprint(hash: Buffer): string {
  return createHash("sha256").update("rolecall-session:").update(hash).digest("base64url").slice(0, 22);
}

/**
 * The entry whose hash is the token's, or null. Every entry is compared, with a constant-time
 * comparison, so the answer's timing says nothing about which hash came close.
 */
export function matchToken(token: string, entries: TokenEntry[]): TokenEntry | null {
  const h = sha256(token);
  let found: TokenEntry | null = null;
  for (const e of entries) if (timingSafeEqual(e.hash, h) && !found) found = e;
  return found;
}

let cache: { text: string; entries: TokenEntry[] } | undefined;

/**
 * The tokens of the file. It is read on every call (a few lines: microseconds) so that a revoked
 * token stops working at once, even when an edit kept the size and the modification time.
 */
export function readTokens(file: string): TokenEntry[] {
  const text = readFileSync(file, "utf8");
  if (cache?.text !== text) cache = { text, entries: parseTokens(text).entries };
  return cache.entries;
}
