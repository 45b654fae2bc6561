import { expect as baseExpect, test, type Locator, type Page } from "@playwright/test";
import { shot } from "./helpers";

// CI machines have 2 cores that the server, the browser and the runner share: a loaded machine
// needs more than the default 5 s for a page and its API calls.
const expect = baseExpect.configure({ timeout: 15_000 });

const BOB = "arn:aws:iam::111111111111:user/bob";
const ORDERS_TASK = "arn:aws:iam::111111111111:role/ecs/orders-api-task";
const BOB_OFFICIAL_KEY = "ASIAS4NWNQF4WZP076AC";
const EC2_KEY = "ASIAY0FIPHYCA7Y520RA";
const EC2_CHILD_KEY = "ASIAJXAE0HA2DHTM2LIV";

/** A close-up of one part of the page, when E2E_SCREENSHOTS names a directory. */
async function shotOf(locator: Locator, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await locator.screenshot({ path: `${dir}/${name}.png` });
}

const rows = (page: Page) => page.getByTestId("session-row");
const panel = (page: Page) => page.getByTestId("session-panel");

/** Console errors, failed requests, page errors and CSP violations, to assert there are none. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

test.describe("sessions", () => {
  test.describe.configure({ timeout: 60_000 });

  test("the demo's 38 sessions are listed, newest first, under a timeline of successes and failures", async ({ page }) => {
    const problems = watch(page);
    await page.goto("/sessions");
    await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
    await expect(page.getByTestId("search-session-name")).toBeFocused();
    await expect(page.getByTestId("sessions-total")).toHaveText("38 sessions");
    await expect(rows(page)).toHaveCount(38);
    await expect(rows(page).first()).toHaveAttribute("data-session", "ASIA8O8NQ1BFAABMF2K9");
    await expect(rows(page).last()).toHaveAttribute("data-session", EC2_KEY);
    // newest first
    const times = await rows(page).locator("time").evaluateAll((els) => els.map((e) => e.getAttribute("datetime")!));
    expect([...times].sort().reverse()).toEqual(times);
    // failures show their error code
    const bobFailure = rows(page).filter({ hasText: "bob" }).filter({ hasText: "orders-api-task" }).and(page.locator('[data-outcome="failure"]'));
    await expect(bobFailure.getByTestId("outcome")).toHaveText(/AccessDenied/);
    await expect(page.locator('[data-testid="session-row"][data-session="ASIA7O446ASKY5DZ34L8"]').getByTestId("session-label")).toHaveText("EC2 instance");

    // the timeline: 29 successes and 9 failures in its bars, a legend, date labels
    const chart = page.getByTestId("timeline-chart");
    await expect(chart).toHaveAttribute("role", "img");
    await expect(chart).toHaveAttribute("aria-label", /38 sessions.*29 succeeded.*9 failed/);
    await expect(page.getByTestId("timeline-legend")).toContainText("succeeded 29");
    await expect(page.getByTestId("timeline-legend")).toContainText("failed 9");
    await expect(chart.locator("text", { hasText: "Nov 18" })).toHaveCount(1);
    const bars = page.getByTestId("timeline-bar");
    expect(await bars.count()).toBeGreaterThan(5);
    const sums = await bars.evaluateAll((els) => els.reduce((a, e) => [a[0]! + Number(e.getAttribute("data-success")), a[1]! + Number(e.getAttribute("data-failure"))], [0, 0]));
    expect(sums).toEqual([29, 9]);
    await shot(page, "sessions-list");

    // pointing at a bar shows its counts; clicking it narrows the time range to it
    const busy = page.locator('[data-testid="timeline-bar"][data-start="2026-11-17T09:00:00Z"]');
    await expect(busy).toHaveAttribute("data-failure", "2");
    await busy.locator("rect").last().hover();
    await expect(page.getByTestId("timeline-tooltip")).toContainText("Nov 17, 09:00–12:00 UTC");
    await expect(page.getByTestId("timeline-tooltip")).toContainText("2 succeeded");
    await expect(page.getByTestId("timeline-tooltip")).toContainText("2 failed");
    await shot(page, "sessions-timeline-hover");
    await shotOf(page.getByTestId("timeline"), "sessions-timeline-closeup");
    await busy.locator("rect").last().click();
    await expect(page).toHaveURL(/from=2026-11-17T09%3A00%3A00Z&to=2026-11-17T12%3A00%3A00Z/);
    await expect(page.getByTestId("sessions-total")).toHaveText("4 sessions match");
    await expect(page.getByTestId("search-from")).toHaveValue("2026-11-17T09:00");
    await page.getByTestId("timeline-zoom-out").click();
    await expect(page.getByTestId("sessions-total")).toHaveText("38 sessions");
    expect(problems).toEqual([]);
  });

  test("search by session name narrows to carol's sessions; nothing matching says so", async ({ page }) => {
    const problems = watch(page);
    await page.goto("/sessions");
    await expect(page.getByTestId("sessions-total")).toHaveText("38 sessions");
    await page.getByTestId("search-session-name").fill("carol");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/sessions\?roleSessionName=carol$/);
    await expect(page.getByTestId("sessions-total")).toHaveText("2 sessions match");
    expect(await rows(page).getByTestId("session-name").allTextContents()).toEqual(["carol", "carol"]);
    expect(await rows(page).getByTestId("session-caller").allTextContents()).toEqual(["user/carol", "user/carol"]);
    await shot(page, "sessions-carol");

    // emptying the field shows everything again
    await page.getByTestId("search-session-name").fill("");
    await expect(page.getByTestId("sessions-total")).toHaveText("38 sessions");

    // nothing matches: the empty state says so and clears
    await page.goto("/sessions?roleSessionName=car");
    await expect(page.getByTestId("sessions-empty")).toContainText("No sessions match");
    await expect(page.getByTestId("sessions-empty")).toContainText("Session names match exactly");
    await shot(page, "sessions-empty");
    await page.getByTestId("sessions-empty").getByRole("button", { name: "Clear all filters" }).click();
    await expect(page.getByTestId("sessions-total")).toHaveText("38 sessions");
    expect(problems).toEqual([]);
  });

  test("filters combine and live in the URL: caller, outcome, label, access key", async ({ page }) => {
    const problems = watch(page);
    await page.goto("/sessions");
    // the caller typeahead, and outcome: carol's failed attempt (the too-long terraform session)
    await page.getByTestId("search-principal").fill("carol");
    await page.locator('[role="option"][data-value="arn:aws:iam::111111111111:user/carol"]').click();
    await expect(page.getByTestId("sessions-total")).toHaveText("5 sessions match");
    await page.getByTestId("outcome-filter").locator('[data-value="failure"]').click();
    await expect(page.getByTestId("sessions-total")).toHaveText("1 session match");
    await expect(page).toHaveURL(/principal=arn%3Aaws%3Aiam%3A%3A111111111111%3Auser%2Fcarol&outcome=failure/);
    await expect(rows(page).first().getByTestId("outcome")).toHaveText(/ValidationError/);
    // back to all outcomes, then the label filter
    await page.goBack();
    await expect(page.getByTestId("sessions-total")).toHaveText("5 sessions match");
    await page.getByTestId("label-filter").selectOption("cross-account");
    await expect(page.getByTestId("sessions-total")).toHaveText("1 session match");
    await page.reload();
    await expect(page.getByTestId("search-principal")).toHaveValue("arn:aws:iam::111111111111:user/carol");
    await expect(page.getByTestId("label-filter")).toHaveValue("cross-account");
    await page.getByTestId("search-clear").click();
    await expect(page.getByTestId("sessions-total")).toHaveText("38 sessions");

    // a malformed access key is caught before asking the server
    await page.getByTestId("search-access-key").fill("ASIA-nope");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("field-error")).toContainText("access key ID");
    await page.getByTestId("search-access-key").fill(BOB_OFFICIAL_KEY);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("sessions-total")).toHaveText("1 session match");
    expect(problems).toEqual([]);
  });

  test("keyboard: arrows move through the rows, Enter opens bob's session and its calls, the failed DeleteItem in red", async ({ page }) => {
    const problems = watch(page);
    await page.goto("/sessions?roleSessionName=bob");
    await expect(page.getByTestId("sessions-total")).toHaveText("3 sessions match");
    await rows(page).first().focus();
    await page.keyboard.press("ArrowDown");
    await expect(rows(page).nth(1)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`session=${BOB_OFFICIAL_KEY}`));
    await expect(panel(page)).toHaveAttribute("data-session", BOB_OFFICIAL_KEY);
    await expect(rows(page).nth(1)).toHaveAttribute("aria-current", "true");
    await expect(page.getByTestId("panel-title")).toContainText("orders-api-task-official");
    await expect(page.getByTestId("fact-access-key")).toContainText(BOB_OFFICIAL_KEY);
    await expect(page.getByTestId("fact-caller")).toContainText(BOB);

    const calls = page.getByTestId("call");
    await expect(calls).toHaveCount(6);
    expect(await calls.getByTestId("call-name").allTextContents()).toEqual(["GetCallerIdentity", "GetItem", "Query", "GetObject", "SendMessage", "DeleteItem"]);
    const del = page.locator('[data-testid="call"][data-event-name="DeleteItem"]');
    await expect(del).toHaveAttribute("data-error-code", "AccessDenied");
    await expect(del.getByTestId("call-error-code")).toHaveText("AccessDenied");
    await expect(del.getByTestId("call-error")).toContainText("is not authorized to perform: dynamodb:DeleteItem");
    await expect(del.getByTestId("call-error")).toHaveClass(/text-red-800/);
    await expect(del).toContainText("arn:aws:dynamodb:us-east-1:111111111111:table/orders");
    await expect(page.getByTestId("activity-summary")).toContainText("6 calls signed with this key, 1 failed");
    await del.getByTestId("call-raw-toggle").click();
    await expect(del.getByTestId("call-raw")).toContainText('"eventName": "DeleteItem"');
    await expect(del.getByTestId("call-raw")).toContainText('"errorCode": "AccessDenied"');
    await shot(page, "sessions-bob-activity");
    await shotOf(page.getByTestId("activity"), "sessions-bob-activity-closeup");

    // Escape closes the panel and gives the focus back to the row
    await page.getByTestId("panel-title").click();
    await page.keyboard.press("Escape");
    await expect(panel(page)).toHaveCount(0);
    await expect(rows(page).nth(1)).toBeFocused();
    await expect(page).not.toHaveURL(/session=/);
    expect(problems).toEqual([]);
  });

  test("a deep link opens the session; bob's failed attempt leads to its diagnosis", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/sessions?principal=${encodeURIComponent(BOB)}&role=${encodeURIComponent(ORDERS_TASK)}&outcome=failure`);
    await expect(page.getByTestId("sessions-total")).toHaveText("1 session match");
    await expect(page.getByTestId("search-principal")).toHaveValue(BOB);
    await expect(page.getByTestId("search-role")).toHaveValue(ORDERS_TASK);
    await expect(page.getByTestId("outcome-filter").getByRole("radio", { name: "failure" })).toBeChecked();
    await rows(page).first().click();
    await expect(panel(page)).toHaveAttribute("data-state", "ready");
    // a failure has no key: the link names its event ID, and reloading finds it again
    await expect(page).toHaveURL(/session=[0-9a-f-]{36}/);
    await page.reload();
    await expect(panel(page)).toHaveAttribute("data-state", "ready");
    await expect(page.getByTestId("failure-message")).toHaveText(`User: ${BOB} is not authorized to perform: sts:AssumeRole on resource: ${ORDERS_TASK}`);
    await expect(page.getByTestId("activity")).toHaveCount(0);
    const diagnose = page.getByTestId("diagnose-this");
    // what CloudTrail recorded goes along: the session name, no MFA (an IAM user without a serial number), the source IP
    await expect(diagnose).toHaveAttribute("href", `/?principal=${encodeURIComponent(BOB)}&role=${encodeURIComponent(ORDERS_TASK)}&roleSessionName=bob&mfa=false&sourceIp=203.0.113.42`);
    await shot(page, "sessions-bob-failure");
    await diagnose.click();
    await expect(page).toHaveURL(/\/\?principal=arn%3Aaws%3Aiam%3A%3A111111111111%3Auser%2Fbob&role=/);
    await expect(page.getByTestId("principal-input")).toHaveValue(BOB);
    await expect(page.getByTestId("role-input")).toHaveValue(ORDERS_TASK);
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "denied");
    await shot(page, "sessions-diagnosed");
    expect(problems).toEqual([]);
  });

  test("the chain of the EC2 instance session is navigable, failed links included", async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/sessions?session=${EC2_KEY}`);
    await expect(panel(page)).toHaveAttribute("data-session", EC2_KEY);
    await expect(panel(page).getByTestId("session-label")).toHaveText("EC2 instance");
    const child = page.getByTestId("chain-child");
    await expect(child).toHaveCount(1);
    await expect(child).toContainText("app-ec2-assumed");
    await shot(page, "sessions-chain");
    await shotOf(panel(page), "sessions-chain-panel");
    await child.getByTestId("chain-link").click();
    await expect(panel(page)).toHaveAttribute("data-session", EC2_CHILD_KEY);
    await expect(page).toHaveURL(new RegExp(`session=${EC2_CHILD_KEY}`));
    await expect(page.getByTestId("panel-title")).toContainText("app-ec2-assumed");
    await expect(page.getByTestId("panel-title")).toBeFocused();
    await expect(page.getByTestId("calls").getByTestId("call")).toHaveCount(4);
    const parent = page.getByTestId("chain-parent");
    await expect(parent).toContainText("app-ec2-implicit");
    await parent.getByTestId("chain-link").click();
    await expect(panel(page)).toHaveAttribute("data-session", EC2_KEY);
    await page.goBack();
    await expect(panel(page)).toHaveAttribute("data-session", EC2_CHILD_KEY);

    // the second day's instance session: a failed chained call (too long for role chaining), then a good one
    await page.goto("/sessions?session=ASIA7O446ASKY5DZ34L8");
    await expect(page.getByTestId("chain-child")).toHaveCount(2);
    await page.getByTestId("chain-child").first().getByTestId("chain-link").click();
    await expect(page.getByTestId("failure-message")).toContainText("1 hour session limit for roles assumed by role chaining");
    const href = await page.getByTestId("diagnose-this").getAttribute("href");
    const q = new URLSearchParams(href!.slice(2));
    expect(q.get("principal")).toBe("arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718");
    expect(q.get("role")).toBe("arn:aws:iam::111111111111:role/app-ec2-assumed");
    expect(q.get("durationSeconds")).toBe("7200");
    await shot(page, "sessions-chained-failure");
    expect(problems).toEqual([]);
  });

  test("paging: Load more asks for the next page with nextToken", async ({ page }) => {
    const problems = watch(page);
    // pages of 15 instead of 50, so that the demo's 38 sessions take three
    await page.route(/\/api\/sessions\?/, (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get("limit") === "50") url.searchParams.set("limit", "15");
      return route.continue({ url: url.toString() });
    });
    await page.goto("/sessions");
    await expect(page.getByTestId("sessions-total")).toHaveText("38 sessions");
    await expect(rows(page)).toHaveCount(15);
    await expect(page.getByText("Showing 15 of 38")).toBeVisible();
    await page.getByTestId("load-more").click();
    await expect(rows(page)).toHaveCount(30);
    await page.getByTestId("load-more").click();
    await expect(rows(page)).toHaveCount(38);
    await expect(page.getByTestId("load-more")).toHaveCount(0);
    const keys = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-session")));
    expect(new Set(keys).size).toBe(38);
    expect(problems).toEqual([]);
  });

  test("a live read shows its progress and notes until it is complete; errors say what to do", async ({ page }) => {
    let reads = 0;
    await page.route(/\/api\/sessions\?/, async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as Record<string, unknown> & { sessions: unknown[] };
      reads += 1;
      if (reads <= 2) {
        body.partial = true;
        body.progress = { done: 3, total: 8, calls: 12, events: 340, message: "LookupEvents in us-east-1: 3 of 8 streams read", startedAt: "2026-11-22T08:00:00Z" };
        body.sessions = body.sessions.slice(0, 5);
        body.total = 5;
        body.nextToken = null;
      }
      body.notes = ["LookupEvents keeps 90 days of management events: older sessions are not shown."];
      await route.fulfill({ response: res, json: body });
    });
    await page.goto("/sessions");
    await expect(page.getByTestId("read-progress")).toContainText("3 of 8 streams read");
    await expect(page.getByTestId("read-progress").getByRole("progressbar")).toHaveAttribute("aria-valuenow", "3");
    await expect(page.getByTestId("sessions-count")).toContainText("5 sessions so far");
    await expect(page.getByTestId("read-notes")).toContainText("LookupEvents keeps 90 days");
    await shot(page, "sessions-partial");
    // asked again with the same query until the read is complete
    await expect(page.getByTestId("read-progress")).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId("sessions-total")).toHaveText("38 sessions");
    expect(reads).toBeGreaterThanOrEqual(3);

    await page.unroute(/\/api\/sessions\?/);
    await page.route(/\/api\/sessions(\/timeline)?\?/, (route) =>
      route.fulfill({
        status: 503,
        json: { error: { code: "not_configured", message: "ROLECALL_CLOUDTRAIL=s3 needs ROLECALL_CLOUDTRAIL_S3_URI (e.g. s3://my-trail-bucket/AWSLogs/).", issues: [] } },
      }),
    );
    await page.goto("/sessions?roleSessionName=alice");
    await expect(page.getByTestId("sessions-error")).toContainText("Sessions are not configured");
    await expect(page.getByTestId("sessions-error")).toContainText("needs ROLECALL_CLOUDTRAIL_S3_URI");
    await shot(page, "sessions-error");
  });

  test("the CSV export carries the filters", async ({ page }) => {
    await page.goto(`/sessions?role=${encodeURIComponent(ORDERS_TASK)}&outcome=failure`);
    await expect(page.getByTestId("sessions-total")).toHaveText("2 sessions match");
    const link = page.getByTestId("csv-export");
    await expect(link).toHaveAttribute("download", "rolecall-sessions.csv");
    const href = (await link.getAttribute("href"))!;
    const q = new URLSearchParams(href.split("?")[1]);
    expect(href.startsWith("/api/sessions?")).toBe(true);
    expect(Object.fromEntries(q)).toEqual({ role: ORDERS_TASK, outcome: "failure", format: "csv" });
    const res = await page.request.get(href);
    expect(res.headers()["content-type"]).toContain("text/csv");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^eventTime,outcome,roleArn,roleSessionName,caller/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(",failure,") && l.includes(ORDERS_TASK))).toBe(true);

    // a rolling window is resolved to a time in the link
    await page.getByTestId("quick-range").locator('[data-value="30d"]').click();
    await expect(page).toHaveURL(/range=30d/);
    await expect(page.getByTestId("csv-export")).toHaveAttribute("href", /&from=\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A00Z&outcome=failure&format=csv$/);
  });
});
