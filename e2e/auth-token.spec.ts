// ROLECALL_AUTH=token, in a browser: the sign-in page, the user in the header, signing out.
// Runs against the second e2e server (playwright.config.ts, project "token-auth").
import { expect, test } from "@playwright/test";
import { E2E_TOKEN, E2E_USER } from "./auth-fixture";
import { shot } from "./helpers";

test("a page asks to sign in; a token signs in; the header shows the user; sign-out ends the session", async ({ page }) => {
  const csp: string[] = [];
  page.on("console", (m) => {
    if (/Content.Security.Policy/i.test(m.text())) csp.push(m.text());
  });

  await page.goto("/roles");
  await expect(page).toHaveURL(/\/signin\?next=%2Froles$/);
  await expect(page.getByRole("heading", { name: "Sign in to RoleCall" })).toBeVisible();

  await page.getByLabel("Token").fill("not-a-valid-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#signin-error")).toContainText("That token is not valid");

  await page.getByLabel("Token").fill(E2E_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/roles$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(E2E_USER);
  // the session cookie is HttpOnly: page scripts cannot read it
  expect(await page.evaluate(() => document.cookie)).not.toContain("rolecall_session");
  const cookie = (await page.context().cookies()).find((c) => c.name === "rolecall_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(cookie?.value).not.toContain(E2E_TOKEN);
  await shot(page, "auth-signed-in");

  // the API answers for the session; the token never appeared in a URL
  const me = await page.request.get("/api/auth/me");
  expect(await me.json()).toEqual({ user: E2E_USER, mode: "token", canSignOut: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await expect(page.getByRole("status")).toHaveText("You are signed out.");
  await page.goto("/roles");
  await expect(page).toHaveURL(/\/signin\?next=%2Froles$/);
  expect(csp).toEqual([]);
});

test("scripts use the token as a bearer token; without it the API answers 401", async ({ request }) => {
  const none = await request.get("/api/roles");
  expect(none.status()).toBe(401);
  expect((await none.json()).error.code).toBe("unauthenticated");
  const ok = await request.get("/api/roles", { headers: { authorization: `Bearer ${E2E_TOKEN}` } });
  expect(ok.status()).toBe(200);
  expect((await request.get("/api/health")).status()).toBe(200);
});
