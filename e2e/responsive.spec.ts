// A phone (390×844) and a laptop (1280×800): nothing scrolls sideways, the navigation is a real
// menu on the phone, and the parts people look for stay visible.
import { expect, test } from "@playwright/test";
import { horizontalOverflow, PAGES } from "./pages";

const ROLE = `/roles/${encodeURIComponent("arn:aws:iam::111111111111:role/ecs/orders-api-task")}`;

test.describe("on a phone, 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test("no page scrolls sideways", async ({ page }) => {
    for (const p of PAGES) {
      await page.goto(p.url);
      await p.ready(page);
      await page.waitForTimeout(200);
      expect(await horizontalOverflow(page), `${p.name} (${p.url}) is wider than the screen`).toBeLessThanOrEqual(0);
    }
  });

  test("the navigation is a menu: it opens, lists every page, goes there and closes", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("nav-row")).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    const box = (await menu.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(24);
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Diagnose", "Roles", "Simulate", "Sessions", "Policy evaluator"]) {
      const link = nav.getByRole("link", { name, exact: true });
      await expect(link).toBeVisible();
      // whole, not cut to "Diag…"
      const b = (await link.boundingBox())!;
      expect(b.width).toBeGreaterThan(200);
    }
    await expect(page.locator("#main-menu").getByTestId("source-badge")).toBeVisible();
    await nav.getByRole("link", { name: "Sessions" }).click();
    await expect(page).toHaveURL(/\/sessions$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
    await expect(page.getByTestId("nav-menu")).toHaveCount(0);
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    // Escape closes it and gives focus back to the button
    await menu.click();
    await page.getByTestId("nav-menu").getByRole("link", { name: "Roles" }).focus();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("nav-menu")).toHaveCount(0);
    await expect(menu).toBeFocused();
  });

  test("a page that arrives late does not take the focus from the open menu: Escape still closes it and gives the button back", async ({ page }) => {
    // The Sessions page renders behind a Suspense boundary: on a slow phone its search field can
    // mount after the person has opened the menu again. It used to autoFocus and take the focus
    // from the menu, so Escape went to the field and the menu stayed open.
    const slow = { on: false };
    await page.route("**/_next/static/chunks/**", async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      if (slow.on && body.includes("ss-roleSessionName")) await new Promise((r) => setTimeout(r, 2500));
      await route.fulfill({ response, body });
    });
    await page.goto("/");
    const menu = page.getByRole("button", { name: "Menu" });
    slow.on = true;
    await menu.click();
    await page.getByTestId("nav-menu").getByRole("link", { name: "Sessions" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
    await expect(page.getByTestId("search-session-name")).toHaveCount(0);
    await menu.click();
    const roles = page.getByTestId("nav-menu").getByRole("link", { name: "Roles" });
    await roles.focus();
    // the page arrives while the menu is open
    await expect(page.getByTestId("search-session-name")).toBeVisible({ timeout: 15_000 });
    await expect(roles).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("nav-menu")).toHaveCount(0);
    await expect(menu).toBeFocused();
  });

  test("a page that arrives with the focus free still focuses its search", async ({ page }) => {
    await page.goto("/sessions");
    await expect(page.getByTestId("search-session-name")).toBeFocused();
    await page.goto("/roles");
    await expect(page.getByTestId("roles-search")).toBeFocused();
  });

  test("the role page's header gives the name the width of the screen", async ({ page }) => {
    await page.goto(ROLE);
    const h1 = page.getByRole("heading", { level: 1 });
    await expect(h1).toContainText("orders-api-task");
    const b = (await h1.boundingBox())!;
    expect(b.width).toBeGreaterThan(300);
    // the name on one line, not six
    expect(b.height).toBeLessThan(40);
    await expect(page.getByTestId("diagnose-role")).toBeVisible();
  });

  test("the sessions list keeps each session's outcome visible", async ({ page }) => {
    await page.goto("/sessions");
    const rows = page.getByTestId("session-row");
    await expect(rows.first()).toBeVisible();
    const n = Math.min(await rows.count(), 12);
    for (let i = 0; i < n; i++) {
      const outcome = rows.nth(i).getByTestId("session-card").getByTestId("card-outcome");
      await outcome.scrollIntoViewIfNeeded();
      await expect(outcome).toBeInViewport({ ratio: 1 });
    }
    await expect(rows.filter({ hasText: "AccessDenied" }).first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});

test.describe("on a laptop, 1280×800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the sessions table shows every column, Duration included, without scrolling sideways", async ({ page }) => {
    await page.goto("/sessions");
    const table = page.getByTestId("sessions-table");
    await expect(table).toBeVisible();
    for (const name of ["Time", "Role", "Session name", "Caller", "Source IP", "Outcome", "Label", "Calls", "Duration"]) {
      const th = table.getByRole("columnheader", { name: new RegExp(`^${name}`) });
      await expect(th).toBeVisible();
      const b = (await th.boundingBox())!;
      expect(b.x + b.width, `${name} ends inside the window`).toBeLessThanOrEqual(1280);
    }
    await expect(page.getByTestId("session-duration").first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expect(page.getByTestId("nav-row")).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  });
});
