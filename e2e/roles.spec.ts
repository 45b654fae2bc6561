import { expect, test, type Page } from "@playwright/test";
import { shot } from "./helpers";

const rows = (page: Page) => page.getByTestId("role-row");
const names = (page: Page) => rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-arn")!.replace(/^.*:role\//, "")));

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

test.describe("roles list", () => {
  test("search narrows the list, the filters narrow it further, and the URL keeps them", async ({ page }) => {
    const problems = watch(page);
    await page.goto("/roles");
    await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
    const search = page.getByTestId("roles-search");
    await expect(search).toBeFocused();
    await expect(page.getByTestId("roles-count")).toHaveText("34 roles");
    // only the rows in view are rendered
    await expect(rows(page).first()).toHaveAttribute("data-arn", "arn:aws:iam::111111111111:role/app-ec2-assumed");
    await shot(page, "roles-list");

    await search.fill("orders");
    // names, ARNs and descriptions are searched (artifact-reader's description names the orders-api task)
    await expect(page.getByTestId("roles-count")).toHaveText("6 roles match");
    expect(await names(page)).toEqual(["artifact-reader", "github-actions-deploy", "ecs/orders-api-task", "ecs/orders-api-task", "ecs/orders-api-task-official", "orders-events-handler"]);
    await expect(page).toHaveURL(/\/roles\?q=orders/);

    await page.getByTestId("admits-filter").locator('[data-value="service"]').click();
    await search.fill("");
    await expect(page.getByTestId("roles-count")).toHaveText("14 roles match");
    const chips = await rows(page).evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(chips.length).toBeGreaterThan(5);
    for (const text of chips) expect(text).toContain("service");

    await page.getByTestId("account-filter").selectOption("111111111111");
    await expect(page).toHaveURL(/account=111111111111/);
    await expect(page).toHaveURL(/admits=service/);
    const accounts = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-arn")!.split(":")[4]));
    expect(new Set(accounts)).toEqual(new Set(["111111111111"]));
    await shot(page, "roles-filtered");

    // the filters survive a reload
    await page.reload();
    await expect(page.getByTestId("account-filter")).toHaveValue("111111111111");
    await expect(page.getByTestId("admits-filter").getByRole("radio", { name: "service" })).toBeChecked();

    await page.getByTestId("account-filter").selectOption("222222222222");
    await page.getByTestId("admits-filter").locator('[data-value=""]').click();
    const shared = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-arn")!.split(":")[4]));
    expect(new Set(shared)).toEqual(new Set(["222222222222"]));

    await search.fill("no-such-role-anywhere");
    await expect(page.getByTestId("roles-empty")).toContainText("No roles match");
    await shot(page, "roles-empty");
    await page.getByRole("button", { name: "Clear the search and filters" }).click();
    await expect(page.getByTestId("roles-count")).toHaveText("34 roles");
    expect(problems).toEqual([]);
  });

  test("keyboard: / focuses the search, arrows move, Enter opens the role", async ({ page }) => {
    await page.goto("/roles");
    await expect(page.getByTestId("roles-count")).toHaveText("34 roles");
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await expect(page.getByTestId("roles-search")).not.toBeFocused();
    await page.keyboard.press("/");
    await expect(page.getByTestId("roles-search")).toBeFocused();
    await page.keyboard.type("power");
    await expect(page.getByTestId("roles-count")).toHaveText("1 role match");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await expect(page.getByTestId("roles-count")).toHaveText("34 roles");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    const selected = page.locator('[data-testid="role-row"][aria-selected="true"]');
    await expect(selected).toHaveCount(1);
    const arn = await selected.getAttribute("data-arn");
    expect(arn).toBe((await rows(page).nth(1).getAttribute("data-arn")) ?? "");
    await shot(page, "roles-keyboard");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`/roles/${encodeURIComponent(arn!)}`);
    await expect(page.getByTestId("role-arn")).toHaveText(arn!);
  });

  test("sorting by max session puts the longest first and the unknown last", async ({ page }) => {
    await page.goto("/roles");
    await page.getByRole("button", { name: "Max session" }).click();
    await expect(page).toHaveURL(/sort=maxSessionDuration/);
    await expect(page.getByRole("columnheader", { name: "Max session" })).toHaveAttribute("aria-sort", "descending");
    await expect(rows(page).first()).toHaveAttribute("data-arn", "arn:aws:iam::111111111111:role/ci-deployer"); // 43200 s
    // only the rows in view are rendered: scroll to the end of the list
    await rows(page).first().hover();
    await page.mouse.wheel(0, 10_000);
    await expect(rows(page).last().locator("td").nth(3)).toHaveText("unknown");
    await expect(rows(page).last().locator("td").nth(3).locator("[title]")).toHaveAttribute("title", /not known/);
  });
});

test.describe("role detail", () => {
  test("legacy-reporting: the deleted principal is flagged and marked", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/roles/${encodeURIComponent("arn:aws:iam::111111111111:role/legacy-reporting")}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("legacy-reporting");
    const warning = page.locator('[data-testid="warning"][data-code="deleted-principal"]');
    await expect(warning).toContainText("AROA3XFRBF535PLBIFPI4");
    await expect(warning).toContainText("deleted principal");
    const deleted = page.locator('[data-testid="trust-principal"][data-kind="deleted"]');
    await expect(deleted).toContainText("AROA3XFRBF535PLBIFPI4");
    await expect(deleted.getByTestId("kind")).toHaveText("deleted");
    await expect(page.locator('[data-testid="trust-principal"][data-kind="user"]')).toContainText("user alice (111111111111)");
    await expect(page.getByTestId("max-session")).toContainText("2 hours");
    await expect(page.getByTestId("tags")).toContainText("owner");
    // point at a principal: its statement lights up in the document
    await deleted.hover();
    await expect(page.getByTestId("trust-policy").locator('[data-highlight="decisive"]').first()).toBeVisible();
    await expect(page.getByTestId("permission-policy")).toContainText("reports-read");
    await shot(page, "role-legacy-reporting");
    // alice is allowed, bob is not named
    await expect(page.locator('[data-testid="assumer"][data-principal="arn:aws:iam::111111111111:user/alice"]')).toHaveAttribute("data-verdict", "allowed");
    await page.getByTestId("diagnose-role").click();
    await expect(page).toHaveURL(/\/\?role=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Flegacy-reporting$/);
    await expect(page.getByTestId("role-input")).toHaveValue("arn:aws:iam::111111111111:role/legacy-reporting");
    await expect(page.getByTestId("principal-input")).toBeFocused();
    expect(problems).toEqual([]);
  });

  test("batch-ec2-no-profile: the missing instance profile is flagged", async ({ page }) => {
    await page.goto(`/roles/${encodeURIComponent("arn:aws:iam::111111111111:role/batch-ec2-no-profile")}`);
    const warning = page.locator('[data-testid="warning"][data-code="ec2-without-instance-profile"]');
    await expect(warning).toContainText("no instance profile contains it");
    await expect(page.getByTestId("instance-profiles")).toContainText("none");
    await expect(page.locator('[data-testid="trust-principal"][data-kind="service"]')).toContainText("ec2.amazonaws.com");
    await shot(page, "role-batch-ec2-no-profile");
  });

  test("a prod role's MaxSessionDuration is unknown, with the reason", async ({ page }) => {
    await page.goto("/roles?account=333333333333");
    await expect(page.getByTestId("roles-count")).toHaveText(/roles match/);
    const prod = page.locator('[data-testid="role-row"][data-arn="arn:aws:iam::333333333333:role/prod-readonly"]');
    await expect(prod.locator("td").nth(3)).toHaveText("unknown");
    await prod.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("prod-readonly");
    await expect(page.getByTestId("max-session")).toContainText("unknown: no list-roles file includes this role (account 333333333333)");
    await expect(page.locator('[data-testid="warning"][data-code="unknown-max-session"]')).toBeVisible();
    await expect(page.getByTestId("unknowns")).toContainText("MaxSessionDuration");
    const trust = page.locator('[data-testid="trust-principal"][data-kind="account"]');
    await expect(trust.getByTestId("cross-account")).toBeVisible();
    await expect(trust.getByTestId("conditional")).toBeVisible();
    await shot(page, "role-prod-readonly");
  });

  test("an unknown role says so", async ({ page }) => {
    await page.goto(`/roles/${encodeURIComponent("arn:aws:iam::111111111111:role/does-not-exist")}`);
    await expect(page.getByTestId("role-error")).toContainText("No such role");
    await expect(page.getByTestId("role-error")).toContainText("No role arn:aws:iam::111111111111:role/does-not-exist");
    await page.getByRole("link", { name: "Back to the roles" }).click();
    await expect(page).toHaveURL(/\/roles$/);
  });
});
