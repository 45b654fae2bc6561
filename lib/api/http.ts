// One place that turns bad input into HTTP 4xx with a message, and anything else into a 500
// without a stack trace. Route handlers stay a few lines: parse, call, respond.

import { z } from "zod";
import { PolicyParseError } from "@/lib/policy/parse";

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
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Request bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = 1_000_000;

function formatPath(path: (string | number | symbol)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

function zodIssues(err: z.ZodError): ApiIssue[] {
  return err.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== "symbol"),
    message: i.code === "unrecognized_keys" ? `unknown field(s): ${(i as { keys: string[] }).keys.join(", ")}` : i.message,
  }));
}

export function errorResponse(e: unknown): Response {
  if (e instanceof ApiError) {
    return Response.json({ error: { code: e.code, message: e.message, issues: e.issues }, ...e.extra }, { status: e.status });
  }
  if (e instanceof z.ZodError) {
    const issues = zodIssues(e);
    const first = issues[0];
    const message = first ? `${formatPath(first.path) || "body"}: ${first.message}` : "invalid request";
    return Response.json({ error: { code: "invalid_request", message, issues } }, { status: 400 });
  }
  if (e instanceof PolicyParseError) {
    return Response.json({ error: { code: "invalid_request", message: e.message, issues: [{ path: [], message: e.message }] } }, { status: 400 });
  }
  // Never echo internals: the message may carry ARNs of other accounts or worse.
  console.error("rolecall: unexpected error:", e instanceof Error ? `${e.name}: ${e.message}` : "non-error thrown");
  return Response.json({ error: { code: "internal", message: "Internal error: the server log has the details." } }, { status: 500 });
}

/**
 * Refuse cross-site requests to state-changing routes: a browser always sends Sec-Fetch-Site or
 * Origin; scripts (curl, CI checks) send neither and are not a CSRF vector.
 */
export function checkOrigin(req: Request): void {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new ApiError(403, "cross_site", "Cross-site requests are refused: call the API from the RoleCall page or a script.");
  }
  const origin = req.headers.get("origin");
  if (origin) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new ApiError(403, "cross_site", "The Origin header is not a URL.");
    }
    if (!host || originHost !== host) throw new ApiError(403, "cross_site", `Requests from ${origin} are refused: only this dashboard's own pages may call it.`);
  }
}

/** Read a JSON body: 415 for another content type, 413 when too large, 400 for invalid JSON. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", 'Send the body as JSON with "Content-Type: application/json".');
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError(413, "too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError(413, "too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (text.trim() === "") throw new ApiError(400, "invalid_request", "The body is empty: send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, "invalid_request", `The body is not valid JSON: ${(e as Error).message}`);
  }
}

/** A POST route: origin check, JSON body, zod validation, then the service. */
export function postRoute<S extends z.ZodType, R>(schema: S, service: (input: z.infer<S>) => Promise<R> | R) {
  return async (req: Request): Promise<Response> => {
    try {
      checkOrigin(req);
      const input = schema.parse(await readJson(req));
      return Response.json(await service(input));
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** A GET route: query parameters validated by `schema`. */
export function getRoute<S extends z.ZodType, R, P = unknown>(schema: S, service: (input: z.infer<S>, params: P) => Promise<R> | R) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const url = new URL(req.url);
      const input = schema.parse(Object.fromEntries(url.searchParams));
      return Response.json(await service(input, await ctx.params));
    } catch (e) {
      return errorResponse(e);
    }
  };
}
