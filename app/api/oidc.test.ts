// ROLECALL_AUTH=oidc against a real OpenID Connect provider (oidc-provider on a loopback port):
// login → the provider → callback → session cookie → /api/auth/me names the user. The browser is
// played by fetch with a cookie jar; RoleCall's side is its own route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type TestOidcProvider } from "@/scripts/oidc-test-provider.mjs";

const ORIGIN = "http://127.0.0.1:3000";
let provider: TestOidcProvider;
let login: typeof import("./auth/login/route");
let callback: typeof import("./auth/callback/route");
let me: typeof import("./auth/me/route");
let roles: typeof import("./roles/route");

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUris: [`${ORIGIN}/api/auth/callback`] });
  Object.assign(process.env, {
    ROLECALL_SOURCE: "demo",
    ROLECALL_AUTH: "oidc",
    ROLECALL_OIDC_ISSUER: provider.issuer,
    ROLECALL_OIDC_CLIENT_ID: provider.clientId,
    ROLECALL_OIDC_CLIENT_SECRET: provider.clientSecret,
    ROLECALL_SESSION_SECRET: "oidc-test-session-secret-0123456789abcdef",
  });
  login = await import("./auth/login/route");
  callback = await import("./auth/callback/route");
  me = await import("./auth/me/route");
  roles = await import("./roles/route");
}, 60_000);

afterAll(async () => {
  await provider?.close();
  for (const k of ["ROLECALL_AUTH", "ROLECALL_OIDC_ISSUER", "ROLECALL_OIDC_CLIENT_ID", "ROLECALL_OIDC_CLIENT_SECRET", "ROLECALL_SESSION_SECRET"]) delete process.env[k];
});

/** The browser's cookies for the provider (RoleCall's are kept apart, by name). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

const cookieValue = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];

/** Follow the provider's redirects until it sends the browser back to RoleCall. */
async function throughProvider(start: string, jar: Jar): Promise<string> {
  let url = start;
  for (let i = 0; i < 10; i++) {
    if (url.startsWith(`${ORIGIN}/`)) return url;
    const res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.take(res);
    const next = res.headers.get("location");
    if (!next) throw new Error(`the provider stopped at ${url}: ${res.status} ${await res.text()}`);
    url = new URL(next, url).href;
  }
  throw new Error("too many redirects");
}

async function signIn(user: string, next = "/roles") {
  provider.nextUser = user;
  const start = await login.GET(new Request(`${ORIGIN}/api/auth/login?next=${encodeURIComponent(next)}`, { headers: { host: "127.0.0.1:3000" } }));
  expect(start.status).toBe(303);
  const loginCookie = cookieValue(start, "rolecall_oidc")!;
  const back = await throughProvider(start.headers.get("location")!, new Jar());
  return { start, loginCookie, back };
}

describe("ROLECALL_AUTH=oidc with a real provider", () => {
  it("sends the browser to the provider with PKCE, state and nonce, remembering them in a short-lived signed cookie", async () => {
    const start = await login.GET(new Request(`${ORIGIN}/api/auth/login?next=/roles`, { headers: { host: "127.0.0.1:3000" } }));
    const to = new URL(start.headers.get("location")!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get("client_id")).toBe("rolecall");
    expect(to.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/api/auth/callback`);
    expect(to.searchParams.get("code_challenge_method")).toBe("S256");
    for (const p of ["code_challenge", "state", "nonce"]) expect(to.searchParams.get(p)?.length).toBeGreaterThan(20);
    expect(start.headers.get("set-cookie")).toMatch(/^rolecall_oidc=[\w-]+\.[\w-]+\.[\w-]+; Path=\/api\/auth; HttpOnly; SameSite=Lax; Max-Age=600$/);
    // the verifier is in the signed cookie only, never in the URL
    expect(start.headers.get("location")).not.toMatch(/verifier/);
  });

  it("login → provider → callback → session: /api/auth/me is the provider's user, and the API opens", async () => {
    const { loginCookie, back } = await signIn("alice@example.com", "/roles?q=deploy");
    expect(back).toMatch(/^http:\/\/127\.0\.0\.1:3000\/api\/auth\/callback\?code=/);
    const done = await callback.GET(new Request(back, { headers: { host: "127.0.0.1:3000", cookie: loginCookie } }));
    expect(done.status, await done.clone().text()).toBe(303);
    expect(done.headers.get("location")).toBe("/roles?q=deploy");
    const session = cookieValue(done, "rolecall_session")!;
    expect(done.headers.getSetCookie().find((c) => c.startsWith("rolecall_session="))).toMatch(/HttpOnly; SameSite=Lax; Max-Age=28800$/);
    expect(done.headers.getSetCookie().find((c) => c.startsWith("rolecall_oidc="))).toMatch(/Max-Age=0/);

    const who = await me.GET(new Request(`${ORIGIN}/api/auth/me`, { headers: { cookie: session } }));
    expect(await who.json()).toEqual({ user: "alice@example.com", mode: "oidc", canSignOut: true });
    expect((await roles.GET(new Request(`${ORIGIN}/api/roles`, { headers: { cookie: session } }), { params: Promise.resolve({}) })).status).toBe(200);
    expect((await roles.GET(new Request(`${ORIGIN}/api/roles`), { params: Promise.resolve({}) })).status).toBe(401);
  });

  it("a callback whose state was changed, or that comes without the login cookie, or twice, is refused", async () => {
    const { loginCookie, back } = await signIn("bob@example.com");
    const tampered = new URL(back);
    tampered.searchParams.set("state", "forged-state-value");
    const r1 = await callback.GET(new Request(tampered.href, { headers: { host: "127.0.0.1:3000", cookie: loginCookie } }));
    expect(r1.status).toBe(401);
    expect((await r1.json()).error.message).toMatch(/state/);

    const r2 = await callback.GET(new Request(back, { headers: { host: "127.0.0.1:3000" } }));
    expect(r2.status).toBe(400);
    expect((await r2.json()).error.message).toMatch(/start again at \/api\/auth\/login/);

    // another login's cookie: state and PKCE do not match this code
    const other = await signIn("carol@example.com");
    const r3 = await callback.GET(new Request(back, { headers: { host: "127.0.0.1:3000", cookie: other.loginCookie } }));
    expect(r3.status).toBe(401);
  });

  // issue 15 #5: an unverified e-mail, or a preferred_username (which any user of the provider may
  // set), must never be the user RoleCall authorises: the subject, qualified by the issuer, is.
  async function userOf(account: string, claims: Record<string, unknown>): Promise<string> {
    provider.setClaims(account, claims);
    const { loginCookie, back } = await signIn(account);
    const done = await callback.GET(new Request(back, { headers: { host: "127.0.0.1:3000", cookie: loginCookie } }));
    expect(done.status, await done.clone().text()).toBe(303);
    const who = await me.GET(new Request(`${ORIGIN}/api/auth/me`, { headers: { cookie: cookieValue(done, "rolecall_session")! } }));
    return ((await who.json()) as { user: string }).user;
  }

  it("email_verified must be the boolean true: a string \"false\" (or \"true\") or none gives the issuer-qualified subject", async () => {
    const issuer = provider.issuer;
    expect(await userOf("u-1001", { email: "kate@example.com", email_verified: "false" })).toBe(`${issuer}#u-1001`);
    expect(await userOf("u-1002", { email: "kate@example.com", email_verified: "true" })).toBe(`${issuer}#u-1002`);
    expect(await userOf("u-1003", { email: "kate@example.com" })).toBe(`${issuer}#u-1003`);
    expect(await userOf("u-1004", { email: "kate@example.com", email_verified: true })).toBe("kate@example.com");
  });

  it("preferred_username is never the user, and no single-segment glob of ROLECALL_SIMULATE_USERS reaches the qualified subject", async () => {
    const user = await userOf("u-2001", { preferred_username: "kate@example.com" });
    expect(user).toBe(`${provider.issuer}#u-2001`);
    const { mayMint } = await import("@/lib/auth/config");
    expect(mayMint(user, ["kate@example.com", "*@example.com", "*"])).toBe(false);
    expect(mayMint(user, [user])).toBe(true);
  });

  it("the provider's own refusal is passed on as a 401 with its reason", async () => {
    const r = await callback.GET(new Request(`${ORIGIN}/api/auth/callback?error=access_denied&error_description=user+said+no&state=x`, { headers: { host: "127.0.0.1:3000" } }));
    expect(r.status).toBe(401);
    expect((await r.json()).error.message).toBe("The identity provider refused the sign-in: access_denied (user said no).");
  });

  it("a provider that cannot be reached is a 502 that names the issuer", async () => {
    const saved = process.env.ROLECALL_OIDC_ISSUER;
    process.env.ROLECALL_OIDC_ISSUER = "http://127.0.0.1:9/";
    try {
      const r = await login.GET(new Request(`${ORIGIN}/api/auth/login`));
      expect(r.status).toBe(502);
      const body = await r.json();
      expect(body.error.message).toMatch(/http:\/\/127\.0\.0\.1:9\//);
      expect(JSON.stringify(body)).not.toContain(provider.clientSecret);
    } finally {
      process.env.ROLECALL_OIDC_ISSUER = saved;
    }
  });
});
