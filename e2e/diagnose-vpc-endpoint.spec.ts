import { expect as baseExpect, test, type Page } from "@playwright/test";
import { shot } from "./helpers";

const expect = baseExpect.configure({ timeout: 15_000 });

const ALICE = "arn:aws:iam::111111111111:user/alice";
const POWER_USER = "arn:aws:iam::111111111111:role/power-user";
const VPCE = "vpce-0a1b2c3d4e5f67890";
const check = (page: Page, id: string) => page.locator(`[data-testid="check"][data-check="${id}"]`);

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

test.describe("diagnose through a VPC endpoint", () => {
  test("alice → power-user from the app VPC: the STS endpoint's policy denies, with its fix in four forms", async ({ page }) => {
    const problems = watch(page);
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    await page.getByTestId("principal-input").fill(ALICE);
    await page.getByTestId("principal-input").press("Escape");
    await page.getByTestId("role-input").fill("power-user");
    await page.getByTestId("role-input").press("Escape");
    await page.getByTestId("advanced-toggle").click();
    await page.getByTestId("mfa").getByText("Yes").click();
    // the source VPC endpoint field suggests the model's STS endpoints
    const vpce = page.getByTestId("dx-sourceVpce-input");
    await vpce.fill("vpce");
    const option = page.locator(`[role="option"][data-value="${VPCE}"]`);
    await expect(option).toContainText("com.amazonaws.eu-west-1.sts");
    await expect(page.locator('[role="option"]')).toHaveCount(1); // the S3 gateway endpoint is not offered
    await option.click();
    await expect(vpce).toHaveValue(VPCE);
    await shot(page, "diagnose-vpce-form");
    await page.getByTestId("diagnose").click();

    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "denied");
    // focus moves to the result, not <body>
    await expect(page.getByTestId("verdict-title")).toBeFocused();
    await expect(page.getByTestId("blocked-by")).toContainText("The VPC endpoint policy");
    await expect(page.getByTestId("predicted-error")).toHaveText(`User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${POWER_USER} with an explicit deny in a VPC endpoint policy`);
    const endpoint = check(page, "vpc-endpoint-policy");
    await expect(endpoint).toHaveAttribute("data-status", "fail");
    await expect(endpoint.getByTestId("check-detail")).toContainText(`A Deny in the policy of ${VPCE}`);
    await expect(endpoint.locator('[data-testid="check-statement"][data-decisive="true"]')).toContainText("DenyAdminSessionsFromTheAppVpc");
    await expect(check(page, "trust-policy")).toHaveAttribute("data-status", "pass");
    await expect(page).toHaveURL(new RegExp(`sourceVpce=${VPCE}`));

    const fix = page.locator('[data-testid="fix"][data-target="vpc-endpoint-policy"]');
    if ((await fix.getByTestId("fix-toggle").getAttribute("aria-expanded")) !== "true") await fix.getByTestId("fix-toggle").click();
    await expect(fix.getByTestId("fix-code")).toContainText('"aws:PrincipalArn"');
    await fix.getByRole("tab", { name: "CLI" }).click();
    await expect(fix.getByTestId("fix-code")).toContainText(`aws ec2 modify-vpc-endpoint --region eu-west-1 --vpc-endpoint-id ${VPCE} --policy-document`);
    await fix.getByRole("tab", { name: "Terraform" }).click();
    await expect(fix.getByTestId("fix-code")).toContainText('resource "aws_vpc_endpoint_policy"');
    await fix.getByRole("tab", { name: "CloudFormation" }).click();
    await expect(fix.getByTestId("fix-code")).toContainText("Type: AWS::EC2::VPCEndpoint");
    await shot(page, "diagnose-vpce-denied");

    // an endpoint the model does not know: unknown, naming it
    await page.goto(`/?principal=${encodeURIComponent(ALICE)}&role=power-user&mfa=true&sourceVpce=vpce-0fffffffffffffff0`);
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "unknown");
    await expect(check(page, "vpc-endpoint-policy").getByTestId("check-detail")).toContainText("vpce-0fffffffffffffff0 is not in the loaded data");
    expect(problems).toEqual([]);
  });

  test("pasting the endpoint form of the message asks for the endpoint, then diagnoses with it", async ({ page }) => {
    const problems = watch(page);
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    await page.getByTestId("tab-paste").click();
    await page.getByTestId("paste-message").fill(`An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${POWER_USER} with an explicit deny in a VPC endpoint policy`);
    await page.getByTestId("explain").click();
    const card = page.getByTestId("explain-card");
    await expect(card.getByTestId("parsed-policy-type")).toContainText("a VPC endpoint policy");
    await expect(card.getByTestId("advice")).toContainText(`the loaded STS endpoints are ${VPCE}`);
    await expect(page.locator("#explain-title")).toBeFocused();
    await page.getByTestId("paste-vpce-input").fill(VPCE);
    await page.getByTestId("paste-vpce-input").press("Escape");
    await page.getByTestId("explain").click();
    await expect(check(page, "vpc-endpoint-policy")).toHaveAttribute("data-status", "fail");
    await expect(page).toHaveURL(new RegExp(`sourceVpce=${VPCE}`));
    await shot(page, "diagnose-vpce-pasted");
    expect(problems).toEqual([]);
  });
});
