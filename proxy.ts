// Every request passes here first (Next.js 16's proxy, Node runtime): sign-in is checked, the
// user is handed to pages in a header this proxy alone sets, and every response gets the
// security headers with a fresh CSP nonce. This is the first of two checks: the route helpers
// (lib/api/http.ts) identify the caller again, because a proxy can be bypassed (CVE-2025-29927).

import { NextResponse, type NextRequest } from "next/server";
import { identify, USER_HEADER } from "@/lib/auth/identify";
import { authConfig, hostAllowed } from "@/lib/auth/config";
import { API_CACHE_CONTROL, API_CSP, STATIC_SECURITY_HEADERS, contentSecurityPolicy, newNonce } from "@/lib/auth/security-headers";
import { isHttps, publicOrigin } from "@/lib/auth/session";

/** Same cap as lib/api/http.ts: refused before anything reads the body. */
const MAX_BODY_BYTES = 1_000_000;

/** Reachable without signing in: the health check, the sign-in flow itself, and the site icon. */
function isPublic(path: string): boolean {
  return path === "/api/health" || path.startsWith("/api/auth/") || path === "/signin" || path === "/icon.svg" || path === "/favicon.ico" || path === "/robots.txt";
}

function secure(res: Response, csp: string, https: boolean): Response {
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.headers.set(k, v);
  res.headers.set("Content-Security-Policy", csp);
  if (https) res.headers.set("Strict-Transport-Security", "max-age=31536000");
  return res;
}

function jsonError(status: number, code: string, message: string, extra: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message, issues: [] } }, { status, headers: { "Cache-Control": API_CACHE_CONTROL, ...extra } });
}

export async function proxy(req: NextRequest): Promise<Response> {
  const path = req.nextUrl.pathname;
  const api = path.startsWith("/api/");
  const nonce = newNonce();
  const csp = api ? API_CSP : contentSecurityPolicy(nonce);
  const https = isHttps(req);

  // The guard (server/guard.cjs) refuses a foreign Host before Next.js; asked again for servers started without it.
  const hosts = [req.headers.get("host") ?? req.nextUrl.host, ...(req.headers.get("x-forwarded-host")?.split(",") ?? [])];
  const foreign = hosts.find((h) => !hostAllowed(h.trim()));
  if (foreign !== undefined) {
    return secure(jsonError(421, "misdirected_request", `RoleCall does not answer for the host "${foreign.slice(0, 100)}": add it to ROLECALL_ALLOWED_HOSTS if people reach RoleCall by this name.`), csp, https);
  }

  if (Number(req.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) {
    return secure(jsonError(413, "too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`), csp, https);
  }

  const headers = new Headers(req.headers);
  // Only this proxy names the user to pages: whatever a client sent under this name is dropped.
  headers.delete(USER_HEADER);

  if (!isPublic(path)) {
    const id = await identify(req);
    if ("status" in id) {
      if (id.status === 429) {
        return secure(jsonError(429, "rate_limited", id.message, { "Retry-After": String(id.retryAfterSeconds) }), csp, https);
      }
      if (api) {
        const challenge: Record<string, string> = id.status === 401 ? { "WWW-Authenticate": 'Bearer realm="RoleCall"' } : {};
        return secure(jsonError(id.status, id.status === 401 ? "unauthenticated" : "forbidden", id.message, challenge), csp, https);
      }
      let mode: string;
      try {
        mode = authConfig().mode;
      } catch {
        mode = "none";
      }
      const back = `${path}${req.nextUrl.search}`;
      if (id.status === 401 && (mode === "oidc" || mode === "token")) {
        // The browser's idea of this site's origin, not the listening address (Next.js makes the
        // redirect relative again when the host is its own).
        const to = new URL(mode === "oidc" ? "/api/auth/login" : "/signin", publicOrigin(req));
        to.searchParams.set("next", back);
        return secure(new Response(null, { status: 307, headers: { Location: to.href, "Cache-Control": "no-store" } }), csp, https);
      }
      return secure(new Response(`${id.message}\n`, { status: id.status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } }), csp, https);
    }
    if (id.user) headers.set(USER_HEADER, encodeURIComponent(id.user));
  }

  // Next.js takes the nonce for its own scripts from the request's CSP header.
  if (!api) headers.set("Content-Security-Policy", csp);
  return secure(NextResponse.next({ request: { headers } }), csp, https);
}

export const config = {
  // Everything but the build's static files (hashed JS and CSS, which carry no user data).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
