import { expect, test } from "@playwright/test";
import { shot } from "./helpers";

const NAV = [
  ["Diagnose", "/"],
  ["Roles", "/roles"],
  ["Simulate", "/simulate"],
  ["Sessions", "/sessions"],
  ["Policy evaluator", "/evaluate"],
] as const;

test("the shell shows the navigation, the data source and the demo banner", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/RoleCall/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [name, href] of NAV) {
    await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("href", href);
  }
  await expect(nav.getByRole("link", { name: "Diagnose" })).toHaveAttribute("aria-current", "page");

  const badge = page.getByTestId("source-badge");
  await expect(badge).toHaveAttribute("data-source", "demo");
  await expect(badge).toContainText("Demo data");
  await expect(badge).toContainText(/\d+ accounts?/);

  const banner = page.getByTestId("demo-banner");
  await expect(banner).toContainText("You are looking at demo data.");
  await expect(banner).toContainText("ROLECALL_SOURCE=aws");
  await expect(banner).toContainText("ROLECALL_SNAPSHOT_DIR");
  await shot(page, "shell-diagnose");
});

test("every page has its heading and marks its own navigation link", async ({ page }) => {
  for (const [name, href] of NAV) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
  }
});

test("the skip link is the first stop and moves focus to the content", async ({ page }) => {
  // the diagnose page, whose first field is not focused on load (the roles page focuses its search)
  await page.goto("/");
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await shot(page, "shell-skip-link");
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  // The next Tab lands inside the content, past the navigation.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.querySelector("main#main")?.contains(document.activeElement) && document.activeElement?.id !== "main")).toBe(true);
});
