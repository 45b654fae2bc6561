// The security headers of every response (set by proxy.ts; next.config.ts sets the static ones
// on what the proxy does not see, such as /_next/static files).

/** Headers that are the same on every response. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * A strict Content-Security-Policy: scripts only with this response's nonce (and what they load,
 * 'strict-dynamic'), nothing from other origins, no framing. Next.js reads the nonce from the
 * request's copy of this header and puts it on its own scripts. Styles may be inline: React and
 * the UI set style attributes, which nonces cannot cover, and styles cannot run code.
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its debugging aids, and HMR uses a websocket.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON answers hold IAM data (or credentials): no cache, shared or the browser's, may keep them. */
export const API_CACHE_CONTROL = "private, no-store";

/** For JSON answers: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
