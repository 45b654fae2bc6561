// One place that turns bad input into HTTP 4xx with a message, and anything else into a 500
// without a stack trace. Route handlers stay a few lines: parse, call, respond.

import { z } from "zod";
import { hostAllowed, type AuthMode } from "@/lib/auth/config";
import { API_CACHE_CONTROL } from "@/lib/auth/security-headers";
import { identify, peerOf } from "@/lib/auth/identify";
import { asciiLower } from "@/lib/auth/glob";
import { PolicyParseError } from "@/lib/policy/parse";
import { takeExpensive } from "./rate-limit";

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    readonly extra: Record<string, unknown> = {},
    /** response headers, e.g. Retry-After on a 429 */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Request bodies larger than this are refused with 413 (server/guard.cjs refuses a larger Content-Length). */
export const MAX_BODY_BYTES = 1_000_000;
/** JSON nested deeper than this is refused: IAM documents are a few levels deep, and deep input would exhaust the stack of recursive parsers. */
export const MAX_JSON_DEPTH = 64;

function formatPath(path: (string | number | symbol)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

function zodIssues(err: z.ZodError): ApiIssue[] {
  return err.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== "symbol"),
    message: i.code === "unrecognized_keys" ? `unknown field(s): ${(i as { keys: string[] }).keys.join(", ")}` : i.message,
  }));
}

/**
 * A JSON answer. Every one of RoleCall's holds IAM data (or credentials, or who is signed in), so
 * none may be kept by a cache, shared or the browser's: `Cache-Control: private, no-store`.
 */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", API_CACHE_CONTROL);
  return Response.json(body, { ...init, headers });
}

/** Where a query-string error is: the query, not the body. */
class QueryError extends z.ZodError {}

export function errorResponse(e: unknown): Response {
  if (e instanceof ApiError) {
    return jsonResponse({ error: { code: e.code, message: e.message, issues: e.issues }, ...e.extra }, { status: e.status, headers: e.headers });
  }
  if (e instanceof z.ZodError) {
    const issues = zodIssues(e);
    const first = issues[0];
    const message = first ? `${formatPath(first.path) || (e instanceof QueryError ? "query" : "body")}: ${first.message}` : "invalid request";
    return jsonResponse({ error: { code: "invalid_request", message, issues } }, { status: 400 });
  }
  if (e instanceof PolicyParseError) {
    return jsonResponse({ error: { code: "invalid_request", message: e.message, issues: [{ path: [], message: e.message }] } }, { status: 400 });
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    // Input so deeply nested that a recursive step overflowed: the input's fault, not the server's.
    return jsonResponse({ error: { code: "invalid_request", message: "The input is nested too deeply.", issues: [] } }, { status: 400 });
  }
  // Never echo internals: the message may carry ARNs of other accounts or worse.
  console.error("rolecall: unexpected error:", e instanceof Error ? `${e.name}: ${e.message}` : "non-error thrown");
  return jsonResponse({ error: { code: "internal", message: "Internal error: the server log has the details." } }, { status: 500 });
}

/**
 * The query parameters as an object without a prototype, for a zod schema (strictObject: unknown
 * parameters are refused). A parameter given twice is refused too: which one would count is a
 * guess, and a caller who repeats one means something the API does not do.
 */
export function queryOf(req: Request): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const repeated = new Set<string>();
  for (const [k, v] of new URL(req.url).searchParams) {
    if (Object.hasOwn(out, k)) repeated.add(k);
    out[k] = v;
  }
  if (repeated.size) throw new ApiError(400, "invalid_request", `query: ${[...repeated].join(", ")} given more than once: give each parameter once.`, [...repeated].map((k) => ({ path: [k], message: "given more than once" })));
  return out;
}

/** Parse the query with a route's schema; its errors are reported as the query's. */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const r = schema.safeParse(queryOf(req));
  if (r.success) return r.data;
  throw new QueryError(r.error.issues);
}

/**
 * Refuse cross-site requests to state-changing routes: a browser always sends Sec-Fetch-Site or
 * Origin; scripts (curl, CI checks) send neither and are not a CSRF vector. Sec-Fetch-Site, which
 * no page can forge, refuses other sites when present: with Referrer-Policy: no-referrer a
 * same-origin form POST carries `Origin: null`. An Origin, when a browser sends one, must be this
 * dashboard's own: its host the request's Host *and* one RoleCall serves (ROLECALL_ALLOWED_HOSTS,
 * loopback names) — a page on a rebinding name is "same-origin" with itself, so the Host alone
 * proves nothing.
 */
export function checkOrigin(req: Request): void {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new ApiError(403, "cross_site", "Cross-site requests are refused: call the API from the RoleCall page or a script.");
  }
  const origin = req.headers.get("origin");
  if (!origin || (site && origin === "null")) return;
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ApiError(403, "cross_site", "The Origin header is not a URL.");
  }
  if (!host || originHost !== host || !hostAllowed(originHost)) throw new ApiError(403, "cross_site", `Requests from ${origin.slice(0, 200)} are refused: only this dashboard's own pages may call it.`);
}

const tooLarge = () => new ApiError(413, "too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);

/**
 * The body as text, counting bytes as they arrive: a body without Content-Length (chunked), or
 * with a smaller one than it really has, is cut off at the cap instead of being read whole.
 */
async function readCapped(req: Request): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw new ApiError(400, "invalid_request", "The body is not UTF-8 text.");
  }
}

/** How deeply the JSON text nests arrays and objects (strings skipped), without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Read a JSON body: 415 for another content type, 413 when too large, 400 for invalid or too deeply nested JSON. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", 'Send the body as JSON with "Content-Type: application/json".');
  }
  const text = await readCapped(req);
  if (text.trim() === "") throw new ApiError(400, "invalid_request", "The body is empty: send a JSON object.");
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new ApiError(400, "invalid_request", `The body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8's message quotes the input; say only where it broke (the body may hold a pasted secret).
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg)?.[1];
    const detail = !msg.includes('"') ? `: ${msg}` : at ? ` (it breaks at character ${at})` : "";
    throw new ApiError(400, "invalid_request", `The body is not valid JSON${detail}.`);
  }
}

/** The caller of a route, as identified from the request itself (never from the proxy's header). */
export interface Caller {
  /** the signed-in user; null without sign-in (ROLECALL_AUTH=none) */
  user: string | null;
  mode: AuthMode;
  /** the connecting address, when the server runs through its guard */
  peer: string | null;
}

/** Identify the caller or refuse: 401 when nobody signed in, 403 when the request may not be made at all. */
export async function requireUser(req: Request): Promise<Caller> {
  const id = await identify(req);
  if ("status" in id) {
    if (id.status === 429) throw new ApiError(429, "rate_limited", id.message, [], {}, { "Retry-After": String(id.retryAfterSeconds) });
    throw new ApiError(id.status, id.status === 401 ? "unauthenticated" : "forbidden", id.message);
  }
  return { user: id.user, mode: id.mode, peer: peerOf(req) };
}

/** The portal user for session names and the audit log (null without sign-in). */
export async function portalUser(req: Request): Promise<string | null> {
  return (await requireUser(req)).user;
}

export interface RouteOptions {
  /** rate-limited per user (ROLECALL_RATE_LIMIT): matrices, searches */
  expensive?: boolean;
}

/**
 * Refuse with 429 when the caller used up the expensive routes' allowance. Not without sign-in
 * (ROLECALL_AUTH=none): that server serves one person on their own machine, and the limit exists
 * so that one member of a team cannot slow the dashboard down for the others.
 */
export function checkRateLimit(caller: Caller): void {
  if (caller.mode === "none") return;
  // user names are compared without ASCII case (as ROLECALL_SIMULATE_USERS does): Alice is alice
  const r = takeExpensive(caller.user ? `user:${asciiLower(caller.user)}` : `peer:${caller.peer ?? "local"}`);
  if (!r.ok) throw new ApiError(429, "rate_limited", r.message, [], {}, { "Retry-After": String(r.retryAfterSeconds) });
}

/** A POST route: origin check, sign-in, JSON body, zod validation, then the service. */
export function postRoute<S extends z.ZodType, R>(schema: S, service: (input: z.infer<S>, caller: Caller) => Promise<R> | R, options: RouteOptions = {}) {
  return async (req: Request): Promise<Response> => {
    try {
      checkOrigin(req);
      const caller = await requireUser(req);
      const input = schema.parse(await readJson(req));
      if (options.expensive) checkRateLimit(caller);
      return jsonResponse(await service(input, caller));
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** A GET route: sign-in, query parameters validated by `schema`, then the service. */
export function getRoute<S extends z.ZodType, R, P = unknown>(schema: S, service: (input: z.infer<S>, params: P, caller: Caller) => Promise<R> | R, options: RouteOptions = {}) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const caller = await requireUser(req);
      const input = parseQuery(schema, req);
      if (options.expensive) checkRateLimit(caller);
      return jsonResponse(await service(input, await ctx.params, caller));
    } catch (e) {
      return errorResponse(e);
    }
  };
}
