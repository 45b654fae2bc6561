import { expect, test, type Page } from "@playwright/test";
import { shot } from "./helpers";

const TASK = "arn:aws:iam::111111111111:role/ecs/orders-api-task";
const POWER = "arn:aws:iam::111111111111:role/power-user";
const ALICE = "arn:aws:iam::111111111111:user/alice";
const PIPELINE = "arn:aws:iam::111111111111:role/ecs/data-pipeline-worker";

const link = (q: Record<string, string>) => `/simulate?${new URLSearchParams(q)}`;

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  return problems;
}

async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

test.describe("simulate page", () => {
  test.beforeEach(async ({ context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  });

  test("empty page explains both parts, without console errors", async ({ page }) => {
    const problems = watchProblems(page);
    await page.goto("/simulate");
    await expect(page.getByRole("heading", { level: 1, name: "Simulate" })).toBeVisible();
    await expect(page.getByTestId("page-empty")).toContainText("What could this role do?");
    await expect(page.getByTestId("page-empty")).toContainText(
      "Passing the task role's policies as session policies when assuming a broader base role gives a session with the intersection — for most calls, the task role's permissions.",
    );
    await shot(page, "simulate-empty");
    // the demo's example in one click
    await page.getByTestId("try-demo").click();
    await expect(page.getByRole("combobox", { name: "Role", exact: true })).toHaveValue(TASK);
    await expect(page.getByTestId("caveats")).toContainText("artifact-reader");
    await expect(page).toHaveURL(link({ role: TASK, base: POWER, caller: ALICE }));
    expect(problems).toEqual([]);
  });

  test("simulates the ECS task role on power-user as alice: caveats, commands, minting off", async ({ page }) => {
    const problems = watchProblems(page);
    await page.goto("/simulate");

    // the role through the typeahead
    const role = page.getByRole("combobox", { name: "Role", exact: true });
    await role.fill("orders-api");
    await page.getByRole("option").filter({ hasText: TASK }).first().click();
    await expect(role).toHaveValue(TASK);
    await expect(page.getByTestId("only-services")).toContainText("ecs-tasks.amazonaws.com");
    await expect(page).toHaveURL(link({ role: TASK }));

    const base = page.getByRole("combobox", { name: "Base role" });
    await base.fill("power");
    await page.getByRole("option").filter({ hasText: POWER }).click();
    await expect(base).toHaveValue(POWER);
    await page.getByRole("combobox", { name: /Caller/ }).fill(ALICE);
    await page.getByTestId("simulate").click();

    const caveats = page.getByTestId("caveat");
    await expect(caveats.first()).toBeVisible();
    await expect(caveats.filter({ hasText: "artifact-reader" }).filter({ hasText: "trusts orders-api-task by ARN" })).toHaveCount(1);
    await expect(page.getByTestId("caveats")).toContainText(ALICE);
    await expect(page.getByTestId("simulation-summary")).toContainText("orders-api-task simulated on power-user");
    await expect(page).toHaveURL(link({ role: TASK, base: POWER, caller: ALICE }));

    // session policy: pretty, minified, its size against 2,048
    const policy = page.getByTestId("session-policy");
    await expect(policy.getByTestId("policy-meter")).toContainText("of 2,048 characters");
    await expect(policy).toContainText('"s3:GetObject"');
    await expect(page.getByTestId("policy-arns")).toContainText("arn:aws:iam::111111111111:policy/orders-data-access");
    await policy.getByRole("button", { name: "Copy the session policy, pretty-printed" }).click();
    expect(JSON.parse(await clipboard(page))).toMatchObject({ Version: "2012-10-17" });
    await policy.getByRole("button", { name: "Minified" }).click();
    await expect(policy.getByTestId("session-policy-minified")).toContainText('{"Version":"2012-10-17"');

    // the assume-role command, copied
    const commands = page.getByTestId("commands");
    await expect(commands.getByRole("tab", { name: "aws sts assume-role" })).toHaveAttribute("aria-selected", "true");
    await commands.getByTestId("command-assume-role").getByRole("button", { name: /Copy/ }).click();
    await expect(commands.getByTestId("command-assume-role").getByRole("button", { name: /Copy/ })).toContainText("Copied");
    const copied = await clipboard(page);
    expect(copied.startsWith("aws sts assume-role")).toBe(true);
    expect(copied).toContain("--policy '");
    expect(copied).toContain("--policy-arns arn=arn:aws:iam::111111111111:policy/orders-data-access");
    expect(copied).toContain(`--role-arn ${POWER}`);

    // the other tabs
    await commands.getByRole("tab", { name: "AWS config profile" }).click();
    await expect(commands.getByTestId("command-profile")).toContainText("credential_process = aws sts assume-role");
    await commands.getByRole("tab", { name: "environment" }).click();
    await expect(commands.getByTestId("command-exports")).toContainText("aws configure export-credentials --profile rolecall-orders-api-task");
    await expect(page.getByTestId("direct")).toHaveCount(0);

    // minting is off on this server: the button says so
    await expect(page.getByTestId("mint-button")).toBeDisabled();
    await expect(page.getByTestId("mint-reason")).toContainText("ROLECALL_SIMULATE_BASE_ROLE");
    await commands.getByRole("tab", { name: "aws sts assume-role" }).click();
    await page.getByTestId("simulation").scrollIntoViewIfNeeded();
    await shot(page, "simulate-result");

    // changing an input marks the result as stale
    await page.getByLabel(/Source profile/).fill("dev");
    await expect(page.getByTestId("simulate-stale")).toBeVisible();
    await page.getByTestId("simulate").click();
    await expect(page.getByTestId("simulate-stale")).toHaveCount(0);
    await expect(commands.getByTestId("command-assume-role")).toContainText("aws sts assume-role --profile dev");
    expect(problems).toEqual([]);
  });

  test("alice may assume power-user only with MFA: that caveat first, commands that pass MFA, the profile copied alone", async ({ page }) => {
    await page.goto(link({ role: TASK }));
    await page.getByRole("combobox", { name: "Base role" }).fill(POWER);
    await page.getByRole("combobox", { name: /Caller/ }).fill(ALICE);
    await page.getByRole("combobox", { name: /Caller/ }).press("Escape");
    await page.getByTestId("simulate").click();

    // focus goes to the answer, not to <body>
    await expect(page.getByTestId("simulation-summary")).toBeFocused();
    const first = page.getByTestId("caveat").first();
    await expect(first).toContainText(`${ALICE} may assume the base role power-user only with MFA`);

    const commands = page.getByTestId("commands");
    await commands.getByTestId("command-assume-role").getByRole("button", { name: /Copy/ }).click();
    const assume = await clipboard(page);
    expect(assume).toMatch(/--serial-number arn:aws:iam::111111111111:mfa\/alice --token-code 123456 --duration-seconds 3600$/);
    await expect(commands.getByTestId("command-assume-role")).toContainText("Replace 123456 with the code your MFA device shows now.");

    // the config profile: numbered steps, each with its own Copy; the profile's copies only the profile
    await commands.getByRole("tab", { name: "AWS config profile" }).click();
    const steps = commands.getByTestId("profile-step");
    await expect(steps).toHaveCount(2);
    await expect(steps.nth(0)).toContainText("1. Save the session policy");
    await expect(steps.nth(1)).toContainText("2. Get an MFA session as profile default-mfa");
    await steps.nth(1).getByRole("button", { name: /Copy/ }).click();
    expect(await clipboard(page)).toContain("aws sts get-session-token --profile default --serial-number arn:aws:iam::111111111111:mfa/alice --token-code 123456");
    const profile = commands.getByTestId("command-profile");
    await expect(profile).toContainText("3. Add the profile to ~/.aws/config");
    await profile.getByRole("button", { name: /Copy/ }).click();
    const copied = await clipboard(page);
    expect(copied.startsWith("[profile rolecall-orders-api-task]\ncredential_process = aws sts assume-role --profile default-mfa ")).toBe(true);
    expect(copied).not.toContain("#");
    expect(copied.split("\n")).toHaveLength(2);
    await shot(page, "simulate-mfa-profile");
  });

  test("a role whose policies do not fit gives the 422 message and its caveats", async ({ page }) => {
    await page.goto(link({ role: PIPELINE, base: POWER }));
    const tooLarge = page.getByTestId("too-large");
    await expect(tooLarge).toBeVisible();
    await expect(tooLarge).toContainText("do not fit in a session policy");
    await expect(page.getByTestId("too-large-message")).toContainText("data-pipeline-worker's policies do not fit in a session policy");
    await expect(page.getByTestId("too-large-message")).toContainText("of 2048 characters");
    await expect(tooLarge.getByTestId("caveat").first()).toBeVisible();
    await expect(page.getByTestId("simulate-error")).toHaveCount(0);
    await expect(page.getByTestId("commands")).toHaveCount(0);
    await page.getByTestId("too-large").scrollIntoViewIfNeeded();
    await shot(page, "simulate-too-large");
  });

  test("the deep link prefills the role and the base role and simulates", async ({ page }) => {
    await page.goto(link({ role: TASK, base: POWER }));
    await expect(page.getByRole("combobox", { name: "Role", exact: true })).toHaveValue(TASK);
    await expect(page.getByRole("combobox", { name: "Base role" })).toHaveValue(POWER);
    await expect(page.getByTestId("caveats")).toContainText("artifact-reader");
    await expect(page.getByTestId("role-capabilities")).toHaveAttribute("data-role", TASK);
  });

  test("without a base role, and none configured, the base field asks for one", async ({ page }) => {
    await page.goto(link({ role: TASK }));
    await expect(page.getByTestId("base-field").getByTestId("field-prompt")).toContainText("No base role is configured");
    await expect(page.getByRole("combobox", { name: "Base role" })).toHaveAccessibleDescription(/No base role is configured/);
    await expect(page.getByTestId("simulate-error")).toHaveCount(0);
    // a role that does not exist: the message sits under the role field
    await page.getByRole("combobox", { name: "Base role" }).fill("arn:aws:iam::111111111111:role/no-such-role");
    await page.getByTestId("simulate").click();
    await expect(page.getByTestId("base-field").getByTestId("field-error")).toContainText("No role arn:aws:iam::111111111111:role/no-such-role");
    await page.getByRole("combobox", { name: "Base role" }).fill(TASK);
    await page.getByTestId("simulate").click();
    await expect(page.getByTestId("base-field").getByTestId("field-error")).toContainText("the role itself");
  });

  // Issue 16 / issue 11: without aws:RequestedRegion (an S3 ARN names no Region) the answer for
  // the task role's own bucket is "not known", never "explicit deny"; and only actions a policy
  // could allow count as "may be allowed".
  test("what could this role do reads right without a Region", async ({ page }) => {
    await page.goto(link({ role: TASK, base: POWER }));
    const caps = page.getByTestId("role-capabilities");
    await caps.getByTestId("check-action").fill("s3:GetObject");
    await caps.getByTestId("check-resource").fill("arn:aws:s3:::rc-orders-dev/x");
    await caps.getByTestId("check-submit").click();
    const decision = caps.getByTestId("check-decision");
    await expect(decision).toHaveAttribute("data-decision", "unknown");
    await expect(caps.getByTestId("check-title")).toHaveText("Not known: depends on aws:RequestedRegion");
    await expect(caps.getByTestId("check-title")).not.toContainText("Denied");

    await caps.getByTestId("actions-resource").fill("arn:aws:s3:::rc-orders-dev/x");
    await caps.getByTestId("actions-submit").click();
    const count = caps.getByTestId("actions-count");
    await expect(count).toContainText(/0 of \d+ actions of service s3 evaluated/);
    await expect(count).toContainText("; 2 more may be, depending on context keys");
    await expect(caps.locator('[data-testid="actions-group"]').getByTestId("allowed-action")).toHaveText(["s3:GetObject", "s3:PutObject"]);
    await caps.getByTestId("actions-result").scrollIntoViewIfNeeded();
    await shot(page, "simulate-actions-no-region");
  });

  // A regional resource gives its own Region (the endpoint the call must go to), and says so.
  test("a regional resource's Region is used as aws:RequestedRegion, with a note", async ({ page }) => {
    await page.goto(link({ role: TASK, base: POWER }));
    const caps = page.getByTestId("role-capabilities");
    await caps.getByTestId("check-action").fill("dynamodb:GetItem");
    await caps.getByTestId("check-resource").fill("arn:aws:dynamodb:us-east-1:111111111111:table/orders");
    await caps.getByTestId("check-submit").click();
    await expect(caps.getByTestId("check-decision")).not.toHaveAttribute("data-decision", "unknown");
    await expect(caps.getByTestId("check-result")).toContainText("aws:RequestedRegion is us-east-1, the Region of the resource");
  });

  test("what could this role do: a check that depends on the region, then a denial", async ({ page }) => {
    const problems = watchProblems(page);
    await page.goto(link({ role: TASK, base: POWER }));
    const caps = page.getByTestId("role-capabilities");
    await expect(caps.getByTestId("check-empty")).toBeVisible();
    // the resource follows the action from the role's policies until typed over
    await expect(caps.getByTestId("check-resource")).toHaveValue("arn:aws:s3:::rc-orders-dev/example");

    await caps.getByTestId("check-action").fill("s3:GetObject");
    await caps.getByTestId("check-resource").fill("arn:aws:s3:::rc-orders-dev/x");
    await caps.getByTestId("check-submit").click();
    const decision = caps.getByTestId("check-decision");
    await expect(decision).toBeVisible();
    const first = await decision.getAttribute("data-decision");
    if (first !== "allowed") {
      // the account's SCP denies outside approved regions: the decision depends on aws:RequestedRegion
      await expect(caps.getByTestId("check-depends-on")).toContainText("aws:RequestedRegion");
      await shot(page, "simulate-check-depends");
      await caps.getByTestId("add-depends-on").click();
      const value = caps.getByLabel("Value of aws:RequestedRegion");
      await expect(value).toBeFocused();
      await value.fill("us-east-1");
      await expect(caps.getByTestId("check-stale")).toBeVisible();
      await value.press("Enter");
    }
    await expect(decision).toHaveAttribute("data-decision", "allowed");
    await expect(caps.getByTestId("check-title")).toHaveText("Allowed");
    await expect(caps.getByTestId("check-depends-on")).toHaveCount(0);
    // the deciding statement, highlighted in its policy
    const grant = caps.locator('[data-testid="policy-group"][data-policy="identity[0]"]');
    await expect(grant).toHaveAttribute("data-decisive", "true");
    await expect(grant.locator('[data-testid="statement"][data-decisive="true"]')).toContainText("OrdersBucket");
    await expect(grant.locator('[data-highlight="decisive"]', { hasText: '"Sid": "OrdersBucket"' })).toHaveCount(1);
    await shot(page, "simulate-check-allowed");

    // iam:PassRole in one click: denied, nothing allows it
    await caps.getByTestId("common-action").filter({ hasText: "iam:PassRole" }).click();
    await expect(caps.getByTestId("check-action")).toHaveValue("iam:PassRole");
    await expect(decision).toHaveAttribute("data-decision", /Deny$/);
    await expect(caps.getByTestId("check-title")).toContainText("Denied");
    await expect(caps.getByTestId("check-blocked-by")).toContainText("its identity policies");

    // what may it do on this resource (the region is in the context keys now)
    await caps.getByTestId("actions-resource").fill("arn:aws:s3:::rc-orders-dev/x");
    await caps.getByTestId("actions-submit").click();
    await expect(caps.getByTestId("actions-count")).toContainText(/2 of \d+ actions of service s3 evaluated/);
    const allowed = caps.locator('[data-testid="actions-group"][data-depends-on=""]').getByTestId("allowed-action");
    await expect(allowed).toHaveText(["s3:GetObject", "s3:PutObject"]);
    await caps.getByTestId("actions-result").scrollIntoViewIfNeeded();
    await shot(page, "simulate-actions");
    // one click on an allowed action checks it
    await allowed.filter({ hasText: "s3:PutObject" }).click();
    await expect(caps.getByTestId("check-action")).toHaveValue("s3:PutObject");
    await expect(decision).toHaveAttribute("data-decision", "allowed");

    // bad input sits next to its field
    await caps.getByTestId("check-action").fill("s3:Get*");
    await caps.getByTestId("check-submit").click();
    await expect(caps.getByTestId("field-error")).toContainText("no wildcards");
    expect(problems).toEqual([]);
    if (process.env.E2E_SCREENSHOTS) {
      await page.setViewportSize({ width: 800, height: 1000 });
      await caps.getByTestId("common-action").filter({ hasText: "s3:PutObject" }).click();
      await expect(decision).toHaveAttribute("data-decision", "allowed");
      await caps.scrollIntoViewIfNeeded();
      await shot(page, "simulate-narrow");
    }
  });

  test("minted credentials are shown once, masked, copyable, never stored, hidden on request", async ({ page }) => {
    // This server has minting off: stand in for a server that has it on.
    let mints = 0;
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
    await page.route("**/api/simulate-role", async (route) => {
      const body = route.request().postDataJSON() as { mint?: boolean };
      const res = await route.fetch({ postData: JSON.stringify({ ...body, mint: undefined }) });
      const plan = (await res.json()) as Record<string, unknown>;
      if (!body.mint) {
        await route.fulfill({ response: res, json: { ...plan, minting: { enabled: true, reason: null } } });
        return;
      }
      mints += 1;
      await route.fulfill({
        response: res,
        json: { ...plan, minting: { enabled: true, reason: null }, credentials: { AccessKeyId: "ASIAEXAMPLEKEYID", SecretAccessKey: secret, SessionToken: token, Expiration: new Date(Date.now() + 3600_000).toISOString() } },
      });
    });
    await page.goto(link({ role: TASK, base: POWER }));
    const button = page.getByTestId("mint-button");
    await expect(button).toBeEnabled();
    await expect(page.getByTestId("mint-reason")).toHaveCount(0);
    await button.click();
    const panel = page.getByTestId("credentials");
    await expect(panel).toBeVisible();
    await expect(panel).toContainText("ASIAEXAMPLEKEYID");
    await expect(panel).not.toContainText(secret);
    await expect(page.getByTestId("credentials-expiration")).toBeVisible();
    await panel.getByTestId("credentials-exports").getByRole("button", { name: /Copy/ }).click();
    expect(await clipboard(page)).toBe(`export AWS_ACCESS_KEY_ID='ASIAEXAMPLEKEYID'\nexport AWS_SECRET_ACCESS_KEY='${secret}'\nexport AWS_SESSION_TOKEN='${token}'`);
    await panel.getByTestId("credentials-file").getByRole("button", { name: /Copy/ }).click();
    expect(await clipboard(page)).toContain("[rolecall-orders-api-task]\naws_access_key_id = ASIAEXAMPLEKEYID");
    await panel.getByTestId("credentials-json").getByRole("button", { name: /Copy/ }).click();
    expect(JSON.parse(await clipboard(page))).toMatchObject({ Version: 1, AccessKeyId: "ASIAEXAMPLEKEYID", SecretAccessKey: secret, SessionToken: token });
    await expect(button).toBeDisabled();
    await panel.scrollIntoViewIfNeeded();
    await shot(page, "simulate-credentials");

    expect(page.url()).not.toContain("ASIA");
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain("ASIAEXAMPLEKEYID");

    await page.getByTestId("credentials-hide").click();
    await expect(panel).toHaveCount(0);
    expect(await page.content()).not.toContain("ASIAEXAMPLEKEYID");
    expect(mints).toBe(1);
  });

  test("a refused mint shows the server's message and is not retried", async ({ page }) => {
    let mints = 0;
    await page.route("**/api/simulate-role", async (route) => {
      const body = route.request().postDataJSON() as { mint?: boolean };
      if (!body.mint) {
        const res = await route.fetch();
        await route.fulfill({ response: res, json: { ...((await res.json()) as object), minting: { enabled: true, reason: null } } });
        return;
      }
      mints += 1;
      await route.fulfill({
        status: 403,
        json: { error: { code: "forbidden", message: "orders-api-task is not in ROLECALL_SIMULATE_ALLOW (web-*): the commands above still work with your own credentials.", issues: [] } },
      });
    });
    await page.goto(link({ role: TASK, base: POWER }));
    await page.getByTestId("mint-button").click();
    await expect(page.getByTestId("mint-error")).toContainText("is not in ROLECALL_SIMULATE_ALLOW");
    await page.waitForTimeout(1500);
    expect(mints).toBe(1);
    await expect(page.getByTestId("credentials")).toHaveCount(0);
  });
});
