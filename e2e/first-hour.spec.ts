// What a new user does in the first hour, by keyboard and by the words they type.
import { expect, test } from "@playwright/test";

const ALICE = "arn:aws:iam::111111111111:user/alice";
const rows = (page: import("@playwright/test").Page) => page.getByTestId("session-row");

test.describe("sessions", () => {
  test("the caller search forgives case and a part of the name: ALICE and ali find alice", async ({ page }) => {
    for (const typed of ["ALICE", "ali"]) {
      await page.goto("/sessions");
      await expect(rows(page).first()).toBeVisible({ timeout: 20_000 });
      const caller = page.getByRole("combobox", { name: "Caller" });
      await caller.fill(typed);
      await caller.press("Escape");
      await caller.press("Enter");
      await expect(page).toHaveURL(new RegExp(`principal=${encodeURIComponent(ALICE).replace(/%/g, "%")}`));
      await expect(caller).toHaveValue(ALICE);
      await expect(rows(page).first()).toBeVisible();
      const callers = await rows(page).getByTestId("session-caller").allTextContents();
      expect(callers.length).toBeGreaterThan(0);
      expect(new Set(callers)).toEqual(new Set(["user/alice"]));
    }
  });

  test("Last 7 days counts back from the snapshot's latest event, says so, and an empty result reads naturally", async ({ page }) => {
    await page.goto("/sessions?range=7d");
    await expect(rows(page).first()).toBeVisible();
    await expect(page.getByTestId("search-words")).toContainText("counted back from the latest event in the CloudTrail read");
    await page.goto(`/sessions?range=24h&principal=${encodeURIComponent("arn:aws:iam::111111111111:user/frank")}`);
    await expect(page.getByTestId("sessions-empty")).toContainText("No sessions by user/frank in the last 24 h of the CloudTrail read (up to its latest event");
  });

  test("a session's calls are on the page, not in a scroll area, and a failed call says where to find out why", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/sessions?roleSessionName=bob");
    await rows(page).filter({ hasText: "orders-api-task-official" }).first().click();
    const calls = page.getByTestId("call");
    await expect(calls).toHaveCount(6);
    // no ancestor of the calls scrolls on its own
    const scrolled = await calls.first().evaluate((el) => {
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        const o = getComputedStyle(e).overflowY;
        if ((o === "auto" || o === "scroll") && e.scrollHeight > e.clientHeight) return e.className;
      }
      return null;
    });
    expect(scrolled).toBeNull();
    const del = page.locator('[data-testid="call"][data-event-name="DeleteItem"]');
    const why = del.getByTestId("call-why");
    await expect(why).toContainText("Why? Check dynamodb:DeleteItem against the role's policies");
    await why.click();
    await expect(page).toHaveURL(/\/simulate\?role=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fecs%2Forders-api-task-official/);
    await expect(page.getByRole("combobox", { name: "Role", exact: true })).toHaveValue("arn:aws:iam::111111111111:role/ecs/orders-api-task-official");
  });

  test("keyboard: ↓ from the search box goes to the sessions, and so does the skip button one Tab away", async ({ page }) => {
    await page.goto("/sessions");
    const name = page.getByTestId("search-session-name");
    await expect(name).toBeFocused();
    await expect(rows(page).first()).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await expect(rows(page).first()).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(rows(page).nth(1)).toBeFocused();

    await name.focus();
    await page.keyboard.press("Tab");
    const skip = page.getByTestId("skip-to-sessions");
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(rows(page).nth(1)).toBeFocused();
  });
});

test("roles: / in the focused, empty search box types nothing; elsewhere it focuses the search", async ({ page }) => {
  await page.goto("/roles");
  const search = page.getByRole("combobox", { name: "Search roles" });
  await expect(search).toBeFocused();
  await page.keyboard.press("/");
  await expect(search).toHaveValue("");
  await search.fill("ecs/orders");
  await expect(search).toHaveValue("ecs/orders");
  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await expect(search).toHaveValue("ecs/orders");
});

test("the skip link is whole on screen when it has focus", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport({ ratio: 1 });
  const b = (await skip.boundingBox())!;
  expect(b.height).toBeGreaterThanOrEqual(24);
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.y).toBeGreaterThanOrEqual(0);
  // nothing covers it
  const top = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.textContent, { x: b.x + b.width / 2, y: b.y + b.height / 2 });
  expect(top).toBe("Skip to content");
});

test("diagnose: Ctrl+Enter submits and closes the suggestion list", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("principal-input").fill(ALICE);
  const role = page.getByTestId("role-input");
  await role.fill("power");
  await expect(page.getByRole("listbox")).toBeVisible();
  await role.press("Control+Enter");
  await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("listbox")).toBeHidden();
});
