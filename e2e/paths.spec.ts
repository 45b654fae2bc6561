import { expect, test, type Page } from "@playwright/test";
import { shot } from "./helpers";

// Access paths on the demo: a denied diagnosis offers the route through ci-deployer; each hop opens
// its own diagnosis; the role page shows who can reach it, as a table and as a graph; the
// principal page shows what the principal can reach.

const ALICE = "arn:aws:iam::111111111111:user/alice";
const CI = "arn:aws:iam::111111111111:role/ci-deployer";
const PROD_DEPLOYER = "arn:aws:iam::333333333333:role/prod-deployer";
const PROD_DEPLOY = "arn:aws:iam::333333333333:role/prod-deploy";

/** Console errors and warnings (a CSP violation is one), page errors, 5xx answers. */
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

const verdict = (page: Page) => page.getByTestId("verdict");

test.describe("access paths", () => {
  test("a denied diagnosis shows the route through other roles, and each hop opens its own diagnosis", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/?principal=${encodeURIComponent(ALICE)}&role=${encodeURIComponent(PROD_DEPLOYER)}`);
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    const alternatives = page.getByTestId("alternatives");
    await expect(alternatives).toContainText("You can't assume prod-deployer directly. You can:");
    await expect(alternatives).toContainText("alice → ci-deployer (MFA) → prod-deployer, sessions of at most 1 hour");
    const first = alternatives.getByTestId("alternative").first();
    await expect(first.getByTestId("hop")).toHaveCount(2);
    await expect(first.getByTestId("alternative-summary")).toContainText("2 hops, sessions of at most 1 hour, if MFA");

    // the commands to take it: a profile chain, and assume-role steps
    const profile = first.getByTestId("alternative-profile");
    await expect(profile).toContainText("source_profile = ci-deployer");
    await expect(profile).toContainText("mfa_serial = arn:aws:iam::111111111111:mfa/alice");
    await first.getByTestId("alternative-tabs").getByText("aws sts assume-role").click();
    await expect(first.getByTestId("alternative-steps")).toContainText(`aws sts assume-role --role-arn ${PROD_DEPLOYER} --role-session-name alice`);
    await shot(page, "diagnose-alternatives");

    // hop 1: alice → ci-deployer, with MFA: allowed
    await first.getByTestId("hop-link").nth(0).click();
    await expect(page).toHaveURL(/principal=.*alice.*&role=.*ci-deployer.*&mfa=true/);
    await expect(verdict(page)).toHaveAttribute("data-verdict", "allowed");
    await expect(page.getByTestId("result-role")).toHaveText(CI);

    // back, then hop 2: the ci-deployer session → prod-deployer: allowed
    await page.goBack();
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    await page.getByTestId("alternatives").getByTestId("alternative").first().getByTestId("hop-link").nth(1).click();
    await expect(verdict(page)).toHaveAttribute("data-verdict", "allowed");
    await expect(page.getByTestId("result-principal")).toHaveText("arn:aws:sts::111111111111:assumed-role/ci-deployer/alice");
    await expect(page.getByTestId("result-role")).toHaveText(PROD_DEPLOYER);
    expect(problems).toEqual([]);
  });

  test("no route: a diagnosis cut by an SCP shows no alternatives", async ({ page }) => {
    await page.goto(`/?principal=${encodeURIComponent("arn:aws:iam::111111111111:user/carol")}&role=${encodeURIComponent("arn:aws:iam::333333333333:role/prod-db-admin")}`);
    await expect(verdict(page)).toHaveAttribute("data-verdict", "denied");
    await expect(page.getByTestId("alternatives")).toHaveCount(0);
  });

  test("the role page: who can reach it, with hops and paths, and the graph of the paths", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/roles/${encodeURIComponent(PROD_DEPLOY)}`);
    const reachers = page.getByTestId("reachers");
    const row = (p: string) => reachers.locator(`[data-testid="reacher"][data-principal="${p}"]`);
    await expect(row("arn:aws:iam::222222222222:role/shared-deploy")).toHaveAttribute("data-hops", "1");
    await expect(row("arn:aws:iam::111111111111:user/service/ci-deployer")).toHaveAttribute("data-hops", "2");
    await expect(row("arn:aws:iam::111111111111:user/service/ci-deployer").getByTestId("hop")).toHaveCount(2);
    await expect(reachers.getByTestId("reachers-summary")).toContainText("through other roles");

    await reachers.getByTestId("reachers-view").getByText("Graph").click();
    const graph = page.getByTestId("path-graph");
    await expect(graph).toBeVisible();
    await expect(graph.locator(".react-flow__node")).not.toHaveCount(0);
    await expect(graph.locator(".react-flow__node", { hasText: "prod-deploy" }).first()).toBeVisible();
    await expect(graph.locator(".react-flow__node", { hasText: "shared-deploy" })).toBeVisible();
    await expect(graph.locator(".react-flow__edge")).not.toHaveCount(0);
    // the MFA condition of alice's first hop is on its edge
    await expect(graph.locator(".react-flow__edge-text", { hasText: "MFA" }).first()).toBeVisible();
    await shot(page, "role-reachers-graph");

    // a node opens its page
    await graph.locator(".react-flow__node", { hasText: "shared-deploy" }).click();
    await expect(page).toHaveURL(/\/roles\/arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Fshared-deploy/);
    expect(problems).toEqual([]);
  });

  test("the principal page: what alice can reach, prod-deployer through ci-deployer", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/principals/${encodeURIComponent(ALICE)}`);
    const reachable = page.getByTestId("reachable");
    const prod = reachable.locator(`[data-testid="reachable-role"][data-role="${PROD_DEPLOYER}"]`);
    await expect(prod).toHaveAttribute("data-hops", "2");
    await expect(prod.getByTestId("hop")).toHaveCount(2);
    await expect(prod).toContainText("sessions of at most 1 hour");
    await shot(page, "principal-reachable");
    await prod.getByTestId("hop-link").nth(0).click();
    await expect(verdict(page)).toHaveAttribute("data-verdict", "allowed");
    expect(problems).toEqual([]);
  });
});
