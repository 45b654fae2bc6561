import { expect, test, type Page } from "@playwright/test";
import { shot } from "./helpers";

const decision = (page: Page) => page.getByTestId("decision");
const group = (page: Page, label: string) => page.locator(`[data-testid="policy-group"][data-policy="${label}"]`);
const editor = (page: Page, slot: string) => page.locator(`[data-testid="policy-editor"][data-slot="${slot}"]`);

async function loadExample(page: Page, title: string) {
  await page.getByRole("group", { name: "Examples" }).getByRole("button", { name: title }).click();
}

test.describe("policy evaluator", () => {
  test("shows an empty state before the first evaluation, without console errors", async ({ page }) => {
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto("/evaluate");
    await expect(page.getByTestId("empty-state")).toContainText("See exactly why AWS allows or denies a request");
    await expect(page.getByTestId("decision")).toHaveCount(0);
    await shot(page, "evaluate-empty");
    await loadExample(page, "ECS task role");
    await expect(decision(page)).toHaveAttribute("data-decision", "implicitDeny");
    expect(problems).toEqual([]);
  });

  test("SCP example: explicit deny, with the deciding statement highlighted in its policy", async ({ page }) => {
    await page.goto("/evaluate");
    await loadExample(page, "SCP denies a region");
    await expect(decision(page)).toHaveAttribute("data-decision", "explicitDeny");
    await expect(page.getByTestId("decision-title")).toHaveText("Explicit deny");
    await expect(page.getByTestId("blocked-by")).toContainText("Service control policies");

    const scp = group(page, "scps[1][1]");
    await expect(scp).toHaveAttribute("data-blocking", "true");
    const deciding = scp.locator('[data-testid="statement"][data-decisive="true"]');
    await expect(deciding).toHaveCount(1);
    await expect(deciding).toContainText("DenyOutsideApprovedRegions");
    await expect(deciding).toContainText("Deny");
    await expect(page.getByTestId("decided-by")).toContainText("DenyOutsideApprovedRegions in SCP level 2 · policy 2");
    // exactly one deciding statement on the page
    await expect(page.locator('[data-testid="statement"][data-decisive="true"]')).toHaveCount(1);
    // the statement's lines are highlighted inside the pretty-printed document, and only those
    const lines = scp.locator('[data-highlight="decisive"]');
    await expect(lines.first()).toContainText("{");
    await expect(scp.locator('[data-highlight="decisive"]', { hasText: '"Sid": "DenyOutsideApprovedRegions"' })).toHaveCount(1);
    await expect(scp.locator('[data-highlight="decisive"]', { hasText: "aws:RequestedRegion" })).toHaveCount(1);
    await expect(scp.locator('[data-highlight="decisive"]', { hasText: '"Version"' })).toHaveCount(0);
    await expect(group(page, "scps[0][0]")).toHaveAttribute("data-blocking", "false");
    await shot(page, "evaluate-scp");
  });

  test("every example gets the decision it describes", async ({ page }) => {
    await page.goto("/evaluate");
    const cases = [
      ["ECS task role", "implicitDeny", "Trust policy", "resource"],
      ["Cross-account role", "allowed", null, null],
      ["Boundary lacks sts:AssumeRole", "implicitDeny", "Permissions boundary", "permissionBoundary"],
      ["SCP denies a region", "explicitDeny", "Service control policies", "scps[1][1]"],
    ] as const;
    for (const [title, expected, blockedBy, blockingGroup] of cases) {
      await loadExample(page, title);
      await expect(decision(page)).toHaveAttribute("data-decision", expected);
      await expect(page.getByTestId("example-note")).toContainText(title);
      if (blockedBy) await expect(page.getByTestId("blocked-by")).toContainText(blockedBy);
      else await expect(page.getByTestId("blocked-by")).toHaveCount(0);
      if (blockingGroup) await expect(group(page, blockingGroup)).toHaveAttribute("data-blocking", "true");
    }
    await shot(page, "evaluate-scp-after-all");
    if (process.env.E2E_SCREENSHOTS) {
      await page.setViewportSize({ width: 800, height: 1000 });
      await loadExample(page, "Cross-account role");
      await expect(decision(page)).toBeInViewport();
      await shot(page, "evaluate-narrow");
    }
  });

  test("cross-account: allowed with the external ID, denied without it", async ({ page }) => {
    await page.goto("/evaluate");
    await loadExample(page, "Cross-account role");
    await expect(decision(page)).toHaveAttribute("data-decision", "allowed");
    await expect(page.getByTestId("decision-title")).toHaveText("Allowed");
    await expect(decision(page)).toContainText("cross-account");
    const trust = group(page, "resource");
    await expect(trust.getByRole("heading", { name: "Trust policy" })).toBeVisible();
    await expect(trust.locator('[data-testid="statement"][data-decisive="true"]')).toContainText("TrustCiWithExternalId");
    await expect(group(page, "identity[0]").locator('[data-testid="statement"][data-decisive="true"]')).toContainText("AssumeDeployRole");
    await shot(page, "evaluate-cross-account");

    await page.getByRole("button", { name: "Remove context key sts:ExternalId" }).click();
    await expect(page.getByTestId("stale-note")).toBeVisible();
    await page.getByTestId("evaluate").click();
    await expect(decision(page)).toHaveAttribute("data-decision", "implicitDeny");
    await expect(page.getByTestId("blocked-by")).toContainText("Trust policy");
    await expect(page.getByTestId("missing-keys")).toContainText("sts:ExternalId");
    await expect(trust.locator('[data-testid="statement"]').first()).toHaveAttribute("data-applies", "false");
    await shot(page, "evaluate-cross-account-no-external-id");

    // one click puts the missing key back, ready for a value
    await page.getByRole("button", { name: /Add it to the context keys/ }).click();
    await expect(page.getByLabel("Value of sts:ExternalId")).toBeFocused();
    await page.getByLabel("Value of sts:ExternalId").fill("ci-7f3a9b");
    await page.getByTestId("evaluate").click();
    await expect(decision(page)).toHaveAttribute("data-decision", "allowed");
  });

  // R12.8 / issue 11: a policy IAM would refuse is evaluated with findings, shown on the statement
  // they concern, before evaluating (validated in the browser as you type) and after.
  test("findings show inline on their statements as you type, and on the result", async ({ page }) => {
    await page.goto("/evaluate");
    await page.getByLabel("Principal", { exact: true }).fill("arn:aws:iam::111111111111:user/dana");
    await page.getByLabel("Resource", { exact: true }).fill("arn:aws:iam::111111111111:role/app");
    await page.getByRole("button", { name: "+ Add identity policy" }).click();
    const second = editor(page, "identityPolicies/1");
    let posts = 0;
    page.on("request", (r) => {
      if (r.url().endsWith("/api/evaluate")) posts++;
    });
    await second.getByRole("textbox").fill(
      JSON.stringify(
        {
          Version: "2012-10-17",
          Statement: [
            { Sid: "Assume", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" },
            { Sid: "Tag", Effect: "allow", Action: "sts:TagSession", Resource: "*", Condition: { StringEquals: "team" } },
            { Sid: "Everything", Effect: "Allow", NotAction: "", Resource: "*" },
          ],
        },
        null,
        2,
      ),
    );
    const live = second.getByTestId("finding");
    await expect(live).toHaveCount(3);
    await expect(second.locator('[data-testid="finding"][data-statement="1"][data-code="invalid-effect"]')).toContainText("Allow");
    await expect(second.locator('[data-testid="finding"][data-statement="1"][data-code="data-type-mismatch"]')).toBeVisible();
    await expect(second.locator('[data-testid="finding"][data-statement="2"][data-code="invalid-action"]')).toBeVisible();
    expect(posts).toBe(0);
    await shot(page, "evaluate-findings-live");

    await page.getByTestId("evaluate").click();
    await expect(decision(page)).toHaveAttribute("data-decision", "implicitDeny");
    await expect(page.getByTestId("error-alert")).toHaveCount(0);
    await expect(page.getByTestId("findings-summary")).toContainText("3 validation findings");
    const g = group(page, "identity[0]");
    await expect(g.locator('[data-testid="statement"][data-statement="2"]').getByTestId("finding")).toContainText("invalid-action");
    // "NotAction": "" grants nothing here (it used to allow everything)
    await expect(g.locator('[data-testid="statement"][data-statement="2"]')).toHaveAttribute("data-applies", "false");
    await expect(g.locator('[data-testid="statement"][data-statement="1"]').getByTestId("finding")).toHaveCount(2);
    await shot(page, "evaluate-findings-result");

    // a trust policy draft: every problem at once
    await loadExample(page, "ECS task role");
    const trust = editor(page, "resourcePolicy");
    await trust.getByRole("textbox").fill(
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "arn:aws:iam::111111111111:root", Action: "sts:AssumeRole", Resource: "*" }] }),
    );
    await expect(trust.getByTestId("finding")).toHaveCount(2);
    await expect(trust.locator('[data-code="invalid-principal-format"]')).toBeVisible();
    await expect(trust.locator('[data-code="trust-policy-resource"]')).toContainText("Has prohibited field Resource");
  });

  // Issue 16: "Decided by Stmt12" is a link to the statement, and 50 statements get a filter.
  test("Decided by links to the deciding statement; only what matters hides the rest", async ({ page }) => {
    await page.goto("/evaluate");
    await page.getByLabel("Principal", { exact: true }).fill("arn:aws:iam::111111111111:user/dana");
    await page.getByLabel("Action", { exact: true }).fill("s3:GetObject");
    await page.getByLabel("Resource", { exact: true }).fill("arn:aws:s3:::orders/report.csv");
    const statements = Array.from({ length: 50 }, (_, i) =>
      i === 37 ? { Sid: `Stmt${i}`, Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders/*" } : { Sid: `Stmt${i}`, Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::bucket-${i}/*` },
    );
    await editor(page, "identityPolicies/0").getByRole("textbox").fill(JSON.stringify({ Version: "2012-10-17", Statement: statements }));
    await page.getByTestId("evaluate").click();
    await expect(decision(page)).toHaveAttribute("data-decision", "allowed");
    const link = page.getByTestId("decided-by-link");
    await expect(link).toHaveText(/Stmt37/);
    await link.click();
    const row = group(page, "identity[0]").locator('[data-testid="statement"][data-statement="37"]');
    await expect(row).toHaveAttribute("data-highlighted", "true");
    await expect(row).toBeFocused();
    await expect(row).toBeInViewport();
    await shot(page, "evaluate-decided-by-link");

    const rows = group(page, "identity[0]").getByTestId("statement");
    await expect(rows).toHaveCount(50);
    await page.getByTestId("only-what-matters").check();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-statement", "37");
    await page.getByTestId("only-what-matters").uncheck();
    await expect(rows).toHaveCount(50);
  });

  test("invalid JSON is caught before sending, with its line and column", async ({ page }) => {
    await page.goto("/evaluate");
    await loadExample(page, "ECS task role");
    await expect(decision(page)).toHaveAttribute("data-decision", "implicitDeny");
    let posts = 0;
    page.on("request", (r) => {
      if (r.url().endsWith("/api/evaluate")) posts++;
    });
    const trust = editor(page, "resourcePolicy");
    await trust.getByRole("textbox").fill('{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", }\n  ]\n}');
    await expect(trust.getByTestId("json-error")).toContainText("Line 4, column");
    await page.getByTestId("evaluate").click();
    await expect(page.getByTestId("error-alert")).toContainText("One field needs a change before evaluating");
    await expect(trust.getByRole("textbox")).toBeFocused();
    expect(posts).toBe(0);
    await shot(page, "evaluate-json-error");
  });

  test("a shared link reproduces the same result", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/evaluate");
    await loadExample(page, "Boundary lacks sts:AssumeRole");
    await expect(decision(page)).toHaveAttribute("data-decision", "implicitDeny");
    // make the state the example's own buttons cannot rebuild
    await page.getByLabel("Principal", { exact: true }).fill("arn:aws:iam::111111111111:user/morgan");
    await page.getByRole("button", { name: "+ Add context key" }).click();
    await page.getByLabel("Context key 1", { exact: true }).fill("aws:PrincipalTag/team");
    await page.getByLabel("Value of aws:PrincipalTag/team").fill("web, data");
    await page.getByLabel("Kind of value for aws:PrincipalTag/team").selectOption("list");
    await page.getByTestId("evaluate").click();
    await expect(page.getByTestId("decision-summary")).toContainText("permissions boundary");
    await expect(page).toHaveURL(/[?&]s=z\.[A-Za-z0-9_-]+/);
    const summary = await page.getByTestId("decision-summary").textContent();
    const statements = await page.getByTestId("statement").count();

    await page.getByTestId("copy-link").click();
    await expect(page.getByTestId("copy-status")).toContainText("Link copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());

    const other = await context.newPage();
    await other.goto(copied);
    await expect(other.getByTestId("decision")).toHaveAttribute("data-decision", "implicitDeny");
    await expect(other.getByTestId("decision-summary")).toHaveText(summary ?? "");
    await expect(other.getByTestId("statement")).toHaveCount(statements);
    await expect(other.getByLabel("Principal", { exact: true })).toHaveValue("arn:aws:iam::111111111111:user/morgan");
    await expect(other.getByLabel("Value of aws:PrincipalTag/team")).toHaveValue("web, data");
    await expect(other.getByLabel("Kind of value for aws:PrincipalTag/team")).toHaveValue("list");
    await expect(group(other, "permissionBoundary")).toHaveAttribute("data-blocking", "true");
    await shot(other, "evaluate-shared-link");
  });

  test("a damaged shared link says so instead of failing silently", async ({ page }) => {
    await page.goto("/evaluate?s=z.AAAA-broken");
    await expect(page.getByTestId("error-alert")).toContainText("The shared link could not be opened");
    await expect(page.getByTestId("empty-state")).toHaveCount(0);
  });

  test("keyboard: Ctrl+Enter evaluates from anywhere, and the button shows progress", async ({ page }) => {
    await page.goto("/evaluate");
    await page.getByLabel("Principal", { exact: true }).fill("arn:aws:iam::111111111111:user/dana");
    await page.getByLabel("Action").fill("s3:GetObject");
    await page.getByLabel("Resource", { exact: true }).fill("arn:aws:s3:::reports/q3.csv");
    await editor(page, "identityPolicies/0")
      .getByRole("textbox")
      .fill('{"Version": "2012-10-17", "Statement": [{"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}');

    // hold the answer back to see the loading state
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/api/evaluate", async (route) => {
      await held;
      await route.continue();
    });
    await editor(page, "identityPolicies/0").getByRole("textbox").press("Control+Enter");
    const button = page.getByTestId("evaluate");
    await expect(button).toBeDisabled();
    await expect(button).toContainText("Evaluating…");
    await expect(page.getByTestId("result-panel")).toHaveAttribute("aria-busy", "true");
    release();
    await expect(decision(page)).toHaveAttribute("data-decision", "allowed");
    await expect(button).toBeEnabled();
    await expect(group(page, "identity[0]").locator('[data-decisive="true"][data-testid="statement"]')).toContainText("ReadReports");
    await page.unroute("**/api/evaluate");

    // from a plain input too
    await page.getByLabel("Action").fill("s3:PutObject");
    await expect(page.getByTestId("stale-note")).toBeVisible();
    await page.getByLabel("Action").press("Control+Enter");
    await expect(decision(page)).toHaveAttribute("data-decision", "implicitDeny");
    await expect(page.getByTestId("blocked-by")).toContainText("Identity policies");
  });
});
