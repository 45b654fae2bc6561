import { expect, test, type Page } from "@playwright/test";
import { gotoDiagnose, shot } from "./helpers";

const BOB = "arn:aws:iam::111111111111:user/bob";
const ORDERS_TASK = "arn:aws:iam::111111111111:role/ecs/orders-api-task";
const OFFICIAL = "arn:aws:iam::111111111111:role/ecs/orders-api-task-official";
const PASTED = `User: ${BOB} is not authorized to perform: sts:AssumeRole on resource: ${ORDERS_TASK}`;

const verdict = (page: Page) => page.getByTestId("verdict");
const check = (page: Page, id: string) => page.locator(`[data-testid="check"][data-check="${id}"]`);
const failing = (page: Page) =>
  page.locator('[data-testid="check"][data-status="fail"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-check")));

/** Console errors, failed requests and page errors, to assert there are none. */
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

/** Type into a typeahead and pick the suggestion whose text contains `option`. */
async function pick(page: Page, field: "principal" | "role", text: string, option: string) {
  const input = page.getByTestId(`${field}-input`);
  await input.fill(text);
  await page.locator(`[role="option"][data-value="${option}"]`).click();
}

test.describe("diagnose", () => {
  test("the empty state explains the page and offers demo examples", async ({ page }) => {
    const problems = watch(page);
    await gotoDiagnose(page);
    await expect(page.getByRole("heading", { level: 1, name: "Diagnose" })).toBeVisible();
    const empty = page.getByTestId("empty-state");
    await expect(empty).toContainText("Find out why sts:AssumeRole says no");
    await expect(empty.locator("[data-example]")).toHaveCount(4);
    await expect(page.getByTestId("copy-link")).toBeDisabled();
    await shot(page, "diagnose-empty");

    await empty.locator('[data-example="explicit-deny"]').click();
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    expect(await failing(page)).toEqual(["identity-policy"]);
    await expect(page.getByTestId("predicted-error")).toContainText("with an explicit deny in an identity-based policy");
    // the deciding Deny is highlighted inside eve's own inline policy
    const identity = check(page, "identity-policy");
    await expect(identity.locator('[data-testid="check-statement"][data-decisive="true"]')).toContainText("DenyAssumeRoleDuringOffboarding");
    await expect(identity.locator('[data-highlight="decisive"]', { hasText: '"Sid": "DenyAssumeRoleDuringOffboarding"' })).toHaveCount(1);
    await expect(page).toHaveURL(/[?&]mfa=true/);
    await shot(page, "diagnose-eve-explicit-deny");
    expect(problems).toEqual([]);
  });

  test("bob and the ECS task role: the trust policy fails, with the STS error and a fix to copy", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const problems = watch(page);
    await gotoDiagnose(page);
    await pick(page, "principal", "bob", BOB);
    await expect(page.getByTestId("principal-input")).toHaveValue(BOB);
    await pick(page, "role", "orders-api", ORDERS_TASK);
    await expect(page.getByTestId("role-input")).toHaveValue(ORDERS_TASK);
    await shot(page, "diagnose-form-filled");
    await page.getByTestId("diagnose").click();

    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    await expect(page.getByTestId("verdict-title")).toHaveText("Denied");
    expect(await failing(page)).toEqual(["trust-policy"]);
    await expect(page.getByTestId("blocked-by")).toContainText("The role's trust policy allows the caller");
    await expect(page.getByTestId("predicted-error")).toContainText(`User: ${BOB} is not authorized to perform: sts:AssumeRole`);
    await expect(page.getByTestId("error-code")).toHaveText("AccessDenied");

    // the checks come in AWS's order, the failing one open with its trust policy
    const ids = await page.getByTestId("check").evaluateAll((els) => els.map((e) => e.getAttribute("data-check")));
    expect(ids).toEqual(["role-exists", "session-name", "external-id", "duration", "trust-policy", "identity-policy", "permission-boundary", "scp", "rcp", "session-policy", "session-tags", "source-identity", "vpc-endpoint-policy"]);
    const trust = check(page, "trust-policy");
    await expect(trust.getByTestId("check-toggle")).toHaveAttribute("aria-expanded", "true");
    await expect(trust.getByTestId("check-detail")).toContainText("ecs-tasks.amazonaws.com");
    await expect(trust.locator("pre").first()).toContainText('"Service": "ecs-tasks.amazonaws.com"');
    await expect(check(page, "identity-policy").getByTestId("check-toggle")).toHaveAttribute("aria-expanded", "false");
    await check(page, "identity-policy").getByTestId("check-toggle").click();
    await expect(check(page, "identity-policy").getByTestId("check-body")).toContainText("AssumeRolesTaggedDev");
    await check(page, "identity-policy").getByTestId("check-toggle").click();
    await expect(check(page, "identity-policy").getByTestId("check-body")).toHaveCount(0);
    await trust.getByTestId("check-toggle").click();
    await expect(trust.getByTestId("check-toggle")).toHaveAttribute("aria-expanded", "false");
    await trust.getByTestId("check-toggle").click();

    // the fix: open it, switch to the CLI, copy
    const fix = page.getByTestId("fix").first();
    await expect(fix).toHaveAttribute("data-target", "trust-policy");
    if ((await fix.getByTestId("fix-toggle").getAttribute("aria-expanded")) !== "true") await fix.getByTestId("fix-toggle").click();
    await expect(fix.getByRole("tab", { name: "Statement" })).toHaveAttribute("aria-selected", "true");
    await expect(fix.getByTestId("fix-code")).toContainText('"AWS": "arn:aws:iam::111111111111:root"');
    await fix.getByRole("tab", { name: "CLI" }).click();
    await expect(fix.getByRole("tab", { name: "CLI" })).toHaveAttribute("aria-selected", "true");
    await expect(fix.getByTestId("fix-code")).toContainText("aws iam update-assume-role-policy");
    await fix.getByTestId("fix-copy").click();
    await expect(fix.getByTestId("fix-copy")).toContainText("Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith("aws iam update-assume-role-policy")).toBe(true);
    await fix.getByRole("tab", { name: "Terraform" }).click();
    await expect(fix.getByTestId("fix-code")).toContainText("aws_iam_policy_document");
    // the second fix points to the simulate page
    await expect(page.getByTestId("fix-link").first()).toHaveAttribute("href", /^\/simulate\?role=.*&caller=/);
    await expect(page.getByTestId("fix-link").first()).toHaveText(/Simulate this role/);

    await expect(page).toHaveURL(new RegExp(`principal=${encodeURIComponent(BOB)}.*role=${encodeURIComponent(ORDERS_TASK)}`));
    await shot(page, "diagnose-bob-orders-api-task");
    expect(problems).toEqual([]);
  });

  test("pasting the AccessDenied message lands on the same diagnosis, and fills the form", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/?principal=${encodeURIComponent(BOB)}&role=${encodeURIComponent(ORDERS_TASK)}`);
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    const viaForm = { failing: await failing(page), error: await page.getByTestId("predicted-error").textContent() };

    await gotoDiagnose(page);
    await page.getByTestId("tab-paste").click();
    await page.getByTestId("paste-message").fill(PASTED);
    await page.getByTestId("explain").click();
    const explain = page.getByTestId("explain-card");
    await expect(explain).toHaveAttribute("data-kind", "access-denied");
    await expect(explain.getByTestId("parsed-principal")).toContainText(BOB);
    await expect(explain.getByTestId("parsed-action")).toContainText("sts:AssumeRole");
    await expect(explain.getByTestId("parsed-resource")).toContainText(ORDERS_TASK);
    await expect(explain.getByTestId("advice")).toContainText("authorization failure");
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    expect(await failing(page)).toEqual(viaForm.failing);
    await expect(page.getByTestId("predicted-error")).toHaveText(viaForm.error ?? "");
    await expect(page).toHaveURL(/principal=.*role=/);
    await shot(page, "diagnose-pasted-error");

    // the form now holds the parsed caller and role, ready to tweak
    await page.getByTestId("tab-form").click();
    await expect(page.getByTestId("principal-input")).toHaveValue(BOB);
    await expect(page.getByTestId("role-input")).toHaveValue(ORDERS_TASK);
    expect(problems).toEqual([]);
  });

  test("a message without the role asks for it", async ({ page }) => {
    await gotoDiagnose(page);
    await page.getByTestId("tab-paste").click();
    await page.getByTestId("paste-message").fill(`An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${BOB} is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action`);
    await page.getByTestId("explain").click();
    await expect(page.getByTestId("diagnosis-error")).toContainText("does not name the role");
    await expect(page.getByTestId("explain-card").getByTestId("parsed-policy-type")).toContainText("trust policy");
    await page.getByTestId("paste-role").fill("orders-api-task");
    await page.getByTestId("paste-role").press("Escape");
    await page.getByTestId("explain").click();
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    await expect(page.getByTestId("result-role")).toHaveText(ORDERS_TASK);
    await shot(page, "diagnose-pasted-without-role");
  });

  test("a duration above MaxSessionDuration fails the duration check", async ({ page }) => {
    await gotoDiagnose(page);
    await page.getByTestId("principal-input").fill("arn:aws:iam::111111111111:user/carol");
    await page.getByTestId("role-input").fill("terraform-deployer");
    await page.getByTestId("role-input").press("Escape");
    await page.getByTestId("advanced-toggle").click();
    await page.getByLabel("Duration (seconds)").fill("7200");
    await expect(page.getByTestId("advanced-toggle")).toContainText("1 set");
    await page.getByTestId("diagnose").click();
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    expect(await failing(page)).toEqual(["duration"]);
    await expect(check(page, "duration").getByTestId("check-detail")).toContainText("MaxSessionDuration of 3600 seconds");
    await expect(page.getByTestId("predicted-error")).toContainText("exceeds the MaxSessionDuration");
    await expect(page.getByTestId("error-code")).toHaveText("ValidationError");
    await expect(page.getByTestId("fix")).toHaveCount(2);
    await expect(page).toHaveURL(/durationSeconds=7200/);
    await shot(page, "diagnose-duration");
  });

  test("a deep link reproduces a diagnosis, and one click gives the missing MFA", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`/?principal=${encodeURIComponent("arn:aws:iam::111111111111:user/alice")}&role=power-user`);
    await expect(verdict(page)).toHaveAttribute("data-verdict", "unknown");
    await expect(check(page, "trust-policy")).toHaveAttribute("data-status", "unknown");
    const needs = page.getByTestId("needs");
    await expect(needs).toContainText("RoleCall needs: aws:MultiFactorAuthPresent");
    await shot(page, "diagnose-needs-mfa");
    await needs.getByTestId("need-mfa-yes").click();
    await expect(verdict(page)).toHaveAttribute("data-verdict", "allowed");
    await expect(page).toHaveURL(/[?&]mfa=true/);
    await expect(page.getByTestId("predicted-error")).toHaveCount(0);

    await page.getByTestId("copy-link").click();
    await expect(page.getByTestId("copy-status")).toContainText("Link copied");
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(page.url());
    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByTestId("verdict")).toHaveAttribute("data-verdict", "allowed");
    await expect(other.getByTestId("principal-input")).toHaveValue("arn:aws:iam::111111111111:user/alice");
    await expect(other.getByTestId("advanced-toggle")).toHaveAttribute("aria-expanded", "true");
    await expect(other.getByTestId("mfa").getByRole("radio", { name: "Yes" })).toBeChecked();
    await shot(other, "diagnose-deep-link");

    // the back button returns to the previous diagnosis
    await page.goBack();
    await expect(verdict(page)).toHaveAttribute("data-verdict", "unknown");
  });

  test("a 400 shows its message next to the field", async ({ page }) => {
    await gotoDiagnose(page);
    // typing before the page has hydrated would be lost on a loaded machine
    await page.waitForLoadState("networkidle");
    await page.getByTestId("principal-input").fill("user/bbo");
    await page.getByTestId("role-input").fill("orders-api-task");
    // Enter in a field submits, as in any form
    await page.getByTestId("role-input").press("Enter");
    await expect(page.getByTestId("error-alert")).toContainText("One field needs a change before diagnosing");
    const principalError = page.locator("#dx-principal-error");
    await expect(principalError).toContainText('No user named "bbo"');
    await expect(page.getByTestId("principal-input")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("verdict")).toHaveCount(0);
    await shot(page, "diagnose-400");
    // editing the field clears its complaint
    await page.getByTestId("principal-input").fill(BOB);
    await expect(principalError).toHaveCount(0);
    await page.getByTestId("principal-input").press("Escape");

    await page.getByTestId("advanced-toggle").click();
    await page.getByLabel("Source IP").fill("10.0.0");
    await page.getByTestId("diagnose").click();
    await expect(page.locator("#dx-sourceIp-error")).toContainText("expected an IPv4 or IPv6 address");
    await expect(page.getByLabel("Source IP")).toBeFocused();
  });

  test("who can assume a role: each row links to its diagnosis", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/roles/${encodeURIComponent(OFFICIAL)}`);
    const assumers = page.getByTestId("assumers");
    const row = (name: string) => assumers.locator(`[data-testid="assumer"][data-principal="arn:aws:iam::111111111111:${name}"]`);
    await expect(row("user/alice")).toHaveAttribute("data-verdict", "allowed");
    await expect(row("user/bob")).toHaveAttribute("data-verdict", "allowed");
    await expect(assumers.locator('[data-principal="ecs-tasks.amazonaws.com"]')).toContainText("allowed when acting for the right account");
    // who can: nobody denied is listed (the trust policy names nobody by ARN); the counts cover everyone
    await expect(assumers.locator('[data-testid="assumers-table"] [data-verdict="denied"]')).toHaveCount(0);
    await expect(assumers.getByTestId("assumers-counts")).toContainText(/Of \d+ known principals/);

    // filter by verdict
    await assumers.getByTestId("assumers-filter").locator('[data-value="allowed"]').click();
    await expect(assumers.locator('[data-testid="assumers-table"] [data-testid="assumer"]')).toHaveCount(4);
    await expect(assumers.locator('[data-testid="assumers-table"] [data-verdict="denied"]')).toHaveCount(0);

    // the denied, on demand, each with what blocks it
    await assumers.getByTestId("assumers-filter").locator('[data-value="denied"]').click();
    await expect(row("user/contractors/dana")).toHaveAttribute("data-verdict", "denied");
    await expect(row("user/contractors/dana").getByTestId("assumer-blocked-by")).toHaveText("permissions boundary");
    await expect(row("user/eve").getByTestId("assumer-blocked-by")).toHaveText("identity policy");
    await expect(assumers.locator('[data-principal="arn:aws:iam::222222222222:user/kim"]').getByTestId("assumer-blocked-by")).toHaveText("trust policy");
    await shot(page, "role-assumers");

    await row("user/contractors/dana").getByTestId("assumer-diagnose").click();
    await expect(page).toHaveURL(/\/\?principal=.*dana.*&role=/);
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    expect(await failing(page)).toEqual(["permission-boundary"]);
    expect(problems).toEqual([]);
  });

  test("what can a principal assume: from the diagnose page to its page and back", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/?principal=${encodeURIComponent(BOB)}&role=${encodeURIComponent(ORDERS_TASK)}`);
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    const panel = page.getByTestId("assumable-panel");
    await panel.getByRole("button", { name: "What can bob assume?" }).click();
    const official = panel.locator(`[data-testid="assumable-row"][data-role="${OFFICIAL}"]`);
    await expect(official).toHaveAttribute("data-verdict", "allowed");
    await shot(page, "diagnose-assumable-panel");
    await official.getByRole("link", { name: /Diagnose/ }).click();
    await expect(page).toHaveURL(new RegExp(`role=${encodeURIComponent(OFFICIAL)}`));
    await expect(verdict(page)).toHaveAttribute("data-verdict", "allowed");

    await panel.getByRole("link", { name: "See every role →" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "What can bob assume?" })).toBeVisible();
    await expect(page.getByTestId("assumable").locator(`[data-role="${OFFICIAL}"]`)).toHaveAttribute("data-verdict", "allowed");
    await shot(page, "principal-assumable");
    expect(problems).toEqual([]);
  });
});
