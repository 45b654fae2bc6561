// The strict CSP must not break the app: pages hydrate, client navigation works, and the browser
// reports no CSP violation. Also the security headers as the browser receives them.
import { expect, test, type Page } from "@playwright/test";

/** Record CSP violations (the browser's own event) and console errors from the first script on. */
async function watch(page: Page): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return { problems };
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);

test("pages hydrate under the strict CSP, with no violation reported", async ({ page }) => {
  const { problems } = await watch(page);
  const res = await page.goto("/evaluate");
  const csp = res!.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res!.headers()["referrer-policy"]).toBe("no-referrer");
  expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res!.headers()["x-frame-options"]).toBe("DENY");

  // Hydrated: a client-side interaction works (an example loads and is evaluated through the API).
  await page.getByRole("group", { name: "Examples" }).getByRole("button", { name: "ECS task role" }).click();
  await expect(page.getByTestId("decision")).toHaveAttribute("data-decision", "implicitDeny");
  // Client-side navigation (React's router, not a page load) works too.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Roles", exact: true }).click();
  await expect(page).toHaveURL(/\/roles$/);
  await expect(page.getByTestId("source-badge")).toHaveAttribute("data-source", "demo");

  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test("another site cannot frame RoleCall, and a cross-site POST is refused", async ({ page, request }) => {
  await page.goto("/");
  const blocked = await request.post("/api/evaluate", { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, data: {} });
  expect(blocked.status()).toBe(403);
  expect((await blocked.json()).error.code).toBe("cross_site");
  const framed = await page.evaluate(async () => {
    const f = document.createElement("iframe");
    f.src = "/roles";
    document.body.appendChild(f);
    await new Promise((r) => setTimeout(r, 1000));
    try {
      return f.contentDocument?.querySelector("main") ? "rendered" : "blocked";
    } catch {
      return "blocked";
    }
  });
  // frame-ancestors 'none' applies even to the same origin
  expect(framed).toBe("blocked");
});

test("without sign-in (ROLECALL_AUTH=none) the header shows no user and no sign-out", async ({ page }) => {
  await page.goto("/roles");
  await expect(page.getByTestId("source-badge")).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});
