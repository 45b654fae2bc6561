// How people sign in (ROLECALL_AUTH and its settings), parsed with zod from the environment.
// server/auth-env.cjs checks the same variables before the server starts and refuses to start
// when they are wrong; this parse is what the running server uses. config.test.ts holds the two
// to the same cases.

import { BlockList, isIP } from "node:net";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { globMatch } from "./glob";

export type AuthMode = "none" | "proxy" | "oidc" | "token";
/** The environment, or any map of its variables (tests). */
type Env = Record<string, string | undefined>;

export type AuthConfig =
  | { mode: "none" }
  | { mode: "proxy"; header: string; trusted: BlockList; trustedText: string[] }
  | { mode: "oidc"; issuer: URL; clientId: string; clientSecret: string; sessionSecret: string }
  | { mode: "token"; tokensFile: string; sessionSecret: string };

export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthConfigError";
  }
}

const nonEmpty = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`);
const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.split(".")[0] === "127";
}

/** A Host header or ROLECALL_ALLOWED_HOSTS entry as { name, port }; null when it is not one (as server/auth-env.cjs). */
export function parseHost(text: string | null | undefined): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/.exec((text ?? "").trim().toLowerCase());
  if (!m) return null;
  const name = m[1]!.replace(/\.$/, "");
  if (!name || name.startsWith(".") || name.includes("..")) return null;
  return { name, port: m[2] === undefined ? null : Number(m[2]) };
}

let hostsCache: { key: string; entries: { name: string; port: number | null }[] } | undefined;

/**
 * May a request for this Host be answered (the DNS-rebinding defence, ROLECALL_ALLOWED_HOSTS)?
 * Loopback names always; with ROLECALL_AUTH=none nothing else; otherwise the listed names (an
 * entry without a port matches any port). server/guard.cjs refuses the others before Next.js
 * sees them; proxy.ts and the origin check ask again.
 */
export function hostAllowed(host: string | null, env: Env = process.env): boolean {
  const h = parseHost(host);
  if (!h) return false;
  if (isLoopbackHost(h.name)) return true;
  if ((env.ROLECALL_AUTH?.trim() || "none") === "none") return false;
  const key = env.ROLECALL_ALLOWED_HOSTS ?? "";
  if (hostsCache?.key !== key) hostsCache = { key, entries: list(key).flatMap((e) => parseHost(e) ?? []) };
  return hostsCache.entries.some((e) => e.name === h.name && (e.port === null || e.port === h.port));
}

/** An IPv4-mapped IPv6 peer ("::ffff:10.0.0.1", a dual-stack socket) is the IPv4 address it maps. */
export function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

const Cidr = z.string().transform((s, ctx) => {
  const [addr, bits, extra] = s.split("/");
  const family = addr ? isIP(addr) : 0;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!addr || extra !== undefined || !family || !(prefix >= 0 && prefix <= max)) {
    ctx.addIssue({ code: "custom", message: `not an address or CIDR: ${s}` });
    return z.NEVER;
  }
  return { address: normalizeAddress(addr), prefix, type: family === 4 ? ("ipv4" as const) : ("ipv6" as const) };
});

const HeaderName = nonEmpty("ROLECALL_AUTH_HEADER")
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "ROLECALL_AUTH_HEADER is not a header name")
  .refine((h) => !/^(x-rolecall-|cookie$|authorization$|host$)/i.test(h), "ROLECALL_AUTH_HEADER must be the header your proxy sets, e.g. X-Forwarded-Email");

const Secret = z.string().min(32, "ROLECALL_SESSION_SECRET must be at least 32 characters (openssl rand -base64 48)");

const EnvSchema = z.discriminatedUnion("ROLECALL_AUTH", [
  z.object({ ROLECALL_AUTH: z.literal("none") }),
  z.object({
    ROLECALL_AUTH: z.literal("proxy"),
    ROLECALL_AUTH_HEADER: HeaderName,
    ROLECALL_TRUSTED_PROXIES: nonEmpty("ROLECALL_TRUSTED_PROXIES").transform(list).pipe(z.array(Cidr).min(1, "ROLECALL_TRUSTED_PROXIES is required")),
  }),
  z.object({
    ROLECALL_AUTH: z.literal("oidc"),
    ROLECALL_OIDC_ISSUER: nonEmpty("ROLECALL_OIDC_ISSUER")
      .pipe(z.url({ error: "ROLECALL_OIDC_ISSUER is not a URL" }))
      .refine((u) => {
        // refinements run even after the URL check failed: parse defensively
        const url = URL.canParse(u) ? new URL(u) : null;
        return !url || url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
      }, "ROLECALL_OIDC_ISSUER must be https:// (http only for a provider on a loopback address)"),
    ROLECALL_OIDC_CLIENT_ID: nonEmpty("ROLECALL_OIDC_CLIENT_ID"),
    ROLECALL_OIDC_CLIENT_SECRET: nonEmpty("ROLECALL_OIDC_CLIENT_SECRET"),
    ROLECALL_SESSION_SECRET: Secret,
  }),
  z.object({
    ROLECALL_AUTH: z.literal("token"),
    ROLECALL_TOKENS: nonEmpty("ROLECALL_TOKENS"),
    ROLECALL_SESSION_SECRET: Secret.optional(),
  }),
]);

/**
 * Without the guard (tests that call handlers directly, `next dev`) token mode may have no session
 * secret; one random key per process then signs its browser sessions (shared through globalThis
 * by the proxy and route bundles, which are separate module graphs).
 */
function processSecret(): string {
  const g = globalThis as { __rolecallSessionSecret?: string };
  g.__rolecallSessionSecret ??= randomBytes(48).toString("base64url");
  return g.__rolecallSessionSecret;
}

export function parseAuthConfig(env: Env): AuthConfig {
  const mode = env.ROLECALL_AUTH?.trim() || "none";
  const parsed = EnvSchema.safeParse({ ...env, ROLECALL_AUTH: mode, ROLECALL_SESSION_SECRET: env.ROLECALL_SESSION_SECRET?.trim() ? env.ROLECALL_SESSION_SECRET : undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message =
      issue?.code === "invalid_union" && issue.path[0] === "ROLECALL_AUTH"
        ? `ROLECALL_AUTH must be none, proxy, oidc or token (got "${mode}")`
        : issue?.message && !/^Invalid input/.test(issue.message)
          ? issue.message
          : `${String(issue?.path[0] ?? "ROLECALL_AUTH")} is missing or invalid`;
    throw new AuthConfigError(`Sign-in is misconfigured: ${message}.`);
  }
  const e = parsed.data;
  switch (e.ROLECALL_AUTH) {
    case "none":
      return { mode: "none" };
    case "proxy": {
      const trusted = new BlockList();
      for (const c of e.ROLECALL_TRUSTED_PROXIES) trusted.addSubnet(c.address, c.prefix, c.type);
      return { mode: "proxy", header: e.ROLECALL_AUTH_HEADER.toLowerCase(), trusted, trustedText: list(env.ROLECALL_TRUSTED_PROXIES) };
    }
    case "oidc":
      return { mode: "oidc", issuer: new URL(e.ROLECALL_OIDC_ISSUER), clientId: e.ROLECALL_OIDC_CLIENT_ID, clientSecret: e.ROLECALL_OIDC_CLIENT_SECRET, sessionSecret: e.ROLECALL_SESSION_SECRET };
    case "token":
      return { mode: "token", tokensFile: e.ROLECALL_TOKENS, sessionSecret: e.ROLECALL_SESSION_SECRET ?? processSecret() };
  }
}

const KEYS = ["ROLECALL_AUTH", "ROLECALL_AUTH_HEADER", "ROLECALL_TRUSTED_PROXIES", "ROLECALL_OIDC_ISSUER", "ROLECALL_OIDC_CLIENT_ID", "ROLECALL_OIDC_CLIENT_SECRET", "ROLECALL_SESSION_SECRET", "ROLECALL_TOKENS"] as const;
let cache: { key: string; value: AuthConfig | AuthConfigError } | undefined;

/** The configuration of this process (re-parsed only when the variables change, as tests do). */
export function authConfig(env: Env = process.env): AuthConfig {
  const key = KEYS.map((k) => env[k] ?? "").join("\u0000");
  if (cache?.key !== key) {
    let value: AuthConfig | AuthConfigError;
    try {
      value = parseAuthConfig(env);
    } catch (e) {
      value = e instanceof AuthConfigError ? e : new AuthConfigError("Sign-in is misconfigured.");
    }
    cache = { key, value };
  }
  if (cache.value instanceof AuthConfigError) throw cache.value;
  return cache.value;
}

/** Globs of users who may mint simulated credentials (ROLECALL_SIMULATE_USERS); nobody by default. */
export function simulateUsers(env: Env = process.env): string[] {
  return list(env.ROLECALL_SIMULATE_USERS);
}

/**
 * May this portal user mint? Globs match ASCII letters in either case (e-mail addresses are
 * case-insensitive in practice) and nothing else loosely: no Unicode case folding, no
 * normalisation, and `*` stays within one `/`-separated segment (lib/auth/glob.ts). Without
 * sign-in (ROLECALL_AUTH=none) there is no user: the list must then name "local" or "*", so
 * turning minting on is always an explicit decision about who.
 */
export function mayMint(user: string | null, globs: string[]): boolean {
  const who = user ?? "local";
  return globs.some((g) => globMatch(g, who, { asciiCaseInsensitive: true }));
}
