// Issue 16 on the Diagnose page, done as the new user did it: the caller field, Sessions →
// "Diagnose this", the predicted STS message, an allowed diagnosis that the role page warns
// about, an error that is not about AssumeRole, "Simulate this role", and where focus goes.
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { shot } from "./helpers";

const expect = baseExpect.configure({ timeout: 15_000 });

const dev = (x: string) => `arn:aws:iam::111111111111:${x}`;
const BOB = dev("user/bob");
const failing = (page: Page) => page.locator('[data-testid="check"][data-status="fail"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-check")));

function watch(page: Page, allow: RegExp[] = []): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if ((m.type() === "error" || m.type() === "warning") && !allow.some((re) => re.test(m.text()))) problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

async function diagnose(page: Page, principal: string, role: string) {
  await page.getByTestId("principal-input").fill(principal);
  await page.getByTestId("principal-input").press("Escape");
  await page.getByTestId("role-input").fill(role);
  await page.getByTestId("role-input").press("Escape");
  await page.getByTestId("diagnose").click();
}

test.describe("the Diagnose page, a new user's first hour", () => {
  test("the caller field: a bare name is resolved, a typo gets 'did you mean', a role name is found in another account", async ({ page }) => {
    // the 400 of the typo is logged by the browser as a failed resource
    const problems = watch(page, [/status of 400/]);
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    await diagnose(page, "bob", "orders-api-task");
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "denied");
    await expect(page.getByTestId("result-principal")).toHaveText(BOB);
    await expect(page.getByTestId("notes")).toContainText(`"bob" is ${BOB}`);

    await diagnose(page, "user/bbo", "orders-api-task");
    await expect(page.getByTestId("field-error").first()).toContainText("Did you mean user/bob (111111111111)?");
    await expect(page.getByTestId("verdict")).toHaveCount(0);
    const suggestion = page.getByTestId("principal-suggestions").getByTestId("suggestion");
    await expect(suggestion).toHaveText(/user\/bob/);
    await shot(page, "diagnose-did-you-mean");
    await suggestion.click();
    await expect(page.getByTestId("principal-input")).toHaveValue(BOB);
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "denied");

    // shared-deploy is not in bob's account: the one loaded account that has it is used
    await diagnose(page, BOB, "shared-deploy");
    await expect(page.getByTestId("result-role")).toHaveText("arn:aws:iam::222222222222:role/shared-deploy");
    expect(await failing(page)).toEqual(["identity-policy"]);
    expect(problems).toEqual([]);
  });

  test("Sessions → a failed attempt → Diagnose this asks what STS was asked", async ({ page }) => {
    const problems = watch(page);
    const partner = dev("role/partner-audit");
    await page.goto(`/sessions?role=${encodeURIComponent(partner)}&outcome=failure`);
    await page.getByTestId("session-row").first().click();
    await expect(page.getByTestId("session-panel")).toHaveAttribute("data-state", "ready");
    const link = page.getByTestId("diagnose-this");
    await expect(link).toHaveAttribute("href", /externalId=rc-7f3a9c2/);
    await expect(link).toHaveAttribute("href", /sourceIp=192\.0\.2\.200/);
    await expect(link).toHaveAttribute("href", /durationSeconds=3600/);
    await link.click();
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "denied");
    // the external ID that was sent is wrong: that is the failure CloudTrail recorded
    expect(await failing(page)).toEqual(["external-id", "trust-policy"]);
    await expect(page.getByTestId("advanced-toggle")).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator("#dx-externalId")).toHaveValue("rc-7f3a9c2");
    await expect(page.locator("#dx-sourceIp")).toHaveValue("192.0.2.200");
    await shot(page, "sessions-diagnose-partner");

    // alice's failure on power-user was without MFA: the diagnosis says so instead of "unknown"
    await page.goto(`/sessions?principal=${encodeURIComponent(dev("user/alice"))}&role=${encodeURIComponent(dev("role/power-user"))}&outcome=failure`);
    await page.getByTestId("session-row").first().click();
    await expect(page.getByTestId("diagnose-this")).toHaveAttribute("href", /mfa=false/);
    await page.getByTestId("diagnose-this").click();
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "denied");
    expect(await failing(page)).toEqual(["trust-policy"]);
    expect(problems).toEqual([]);
  });

  test("the predicted STS message takes one form for every policy type", async ({ page }) => {
    await page.goto(`/?principal=${encodeURIComponent(BOB)}&role=orders-api-task`);
    await expect(page.getByTestId("predicted-error")).toHaveText(`User: ${BOB} is not authorized to perform: sts:AssumeRole on resource: ${dev("role/ecs/orders-api-task")} because no role trust policy allows the sts:AssumeRole action`);
    const dana = dev("user/contractors/dana");
    await page.goto(`/?principal=${encodeURIComponent(dana)}&role=orders-api-task-official`);
    await expect(page.getByTestId("predicted-error")).toHaveText(`User: ${dana} is not authorized to perform: sts:AssumeRole on resource: ${dev("role/ecs/orders-api-task-official")} because no permissions boundary allows the sts:AssumeRole action`);
    // across accounts STS leaves the policy type out
    await page.goto(`/?principal=${encodeURIComponent(BOB)}&role=${encodeURIComponent("arn:aws:iam::222222222222:role/shared-deploy")}`);
    await expect(page.getByTestId("predicted-error")).toHaveText(`User: ${BOB} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/shared-deploy`);
  });

  test("an allowed diagnosis repeats what the role page warns of", async ({ page }) => {
    await page.goto(`/?principal=ec2.amazonaws.com&role=batch-ec2-no-profile`);
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "allowed");
    await expect(page.getByTestId("role-warnings").locator('[data-warning="ec2-without-instance-profile"]')).toContainText("no instance profile contains it");
    await shot(page, "diagnose-allowed-with-warning");
    await page.goto(`/?principal=${encodeURIComponent(dev("user/frank"))}&role=public-trust-misconfigured`);
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "allowed");
    await expect(page.getByTestId("role-warnings").locator('[data-warning="public-trust"]')).toContainText('admits everyone ("*") without conditions');
  });

  test("a pasted error that is not about AssumeRole: the same request checked, and the evaluator prefilled", async ({ page }) => {
    // the evaluator evaluates a link at once: with no caller (S3 names none) that is its 400, shown on the field
    const problems = watch(page, [/status of 400/]);
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    await page.getByTestId("tab-paste").click();
    await page
      .getByTestId("paste-message")
      .fill(
        "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. User: arn:aws:sts::111111111111:assumed-role/power-user/alice is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-west-2:111111111111:instance/* with an explicit deny in a service control policy. Encoded authorization failure message: AbCd",
      );
    await page.getByTestId("explain").click();
    await expect(page.locator("#explain-title")).toBeFocused();
    const card = page.getByTestId("explain-card");
    await expect(card.getByTestId("explain-check")).toHaveAttribute("data-decision", "explicitDeny");
    await expect(card.getByTestId("explain-check-statement").first()).toContainText("DenyAllOutsideApprovedRegions");
    await expect(card.getByTestId("advice")).toContainText("decode-authorization-message");
    await shot(page, "diagnose-pasted-scp-runinstances");
    await card.getByTestId("open-evaluator").click();
    await expect(page).toHaveURL(/\/evaluate\?s=z\./);
    await expect(page.locator("#principal")).toHaveValue("arn:aws:sts::111111111111:assumed-role/power-user/alice");
    await expect(page.locator("#action")).toHaveValue("ec2:RunInstances");
    await expect(page.locator("#resource")).toHaveValue("arn:aws:ec2:us-west-2:111111111111:instance/*");
    await expect(page.getByTestId("section-scps")).toContainText("DenyAllOutsideApprovedRegions");

    // S3's plain "Access Denied": what to paste instead, and the evaluator on the S3 action
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    await page.getByTestId("tab-paste").click();
    await page.getByTestId("paste-message").fill("An error occurred (AccessDenied) when calling the GetObject operation: Access Denied");
    await page.getByTestId("explain").click();
    const plain = page.getByTestId("explain-card");
    await expect(plain).toHaveAttribute("data-kind", "access-denied-plain");
    await expect(plain.getByTestId("advice")).toContainText("Paste instead the CloudTrail event");
    await plain.getByTestId("open-evaluator").click();
    await expect(page.locator("#action")).toHaveValue("s3:GetObject");
    await expect(page.getByTestId("field-error").first()).toContainText(/principal/i);
    await shot(page, "evaluate-from-plain-access-denied");
    expect(problems).toEqual([]);
  });

  test("Simulate this role keeps the caller and lists the base roles the caller may assume; not offered when none", async ({ page }) => {
    await page.goto(`/?principal=${encodeURIComponent(BOB)}&role=orders-api-task`);
    const fix = page.getByTestId("fix").filter({ hasText: "simulate the role" });
    if ((await fix.getByTestId("fix-toggle").getAttribute("aria-expanded")) !== "true") await fix.getByTestId("fix-toggle").click();
    await expect(fix.getByTestId("fix-link")).toHaveAttribute("href", new RegExp(`caller=${encodeURIComponent(BOB)}`));
    const base = fix.getByTestId("fix-base-role").filter({ hasText: "orders-api-task-official" });
    await expect(base).toHaveCount(1);
    await shot(page, "diagnose-simulate-base-roles");
    await base.click();
    await expect(page).toHaveURL(/\/simulate\?/);
    await expect(page.locator("#sim-caller")).toHaveValue(BOB);
    await expect(page.locator("#sim-base")).toHaveValue(dev("role/ecs/orders-api-task-official"));

    // dana's permissions boundary allows no sts:AssumeRole: no base role, no simulation offered
    await page.goto(`/?principal=${encodeURIComponent(dev("user/contractors/dana"))}&role=orders-api-task`);
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "denied");
    await expect(page.getByTestId("fix").first()).toBeVisible();
    await expect(page.getByTestId("fix").filter({ hasText: "simulate the role" })).toHaveCount(0);
  });

  test("focus moves to the result after Diagnose and after Explain this error", async ({ page }) => {
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    await page.getByTestId("principal-input").fill(BOB);
    await page.getByTestId("principal-input").press("Escape");
    await page.getByTestId("role-input").fill("orders-api-task");
    await page.getByTestId("role-input").press("Escape");
    await page.keyboard.press("Control+Enter");
    await expect(page.getByTestId("verdict-title")).toBeFocused();
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
    await page.getByTestId("tab-paste").click();
    await page.getByTestId("paste-message").fill(`User: ${BOB} is not authorized to perform: sts:AssumeRole on resource: ${dev("role/ecs/orders-api-task")}`);
    await page.getByTestId("explain").click();
    await expect(page.locator("#explain-title")).toBeFocused();
  });
});
