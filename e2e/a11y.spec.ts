// axe-core (WCAG 2.2 AA, and axe's best practices) on every page and on a diagnosis result, and a
// screenshot of each at a phone's width and a desktop's.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { PAGES, screenshotPath } from "./pages";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
// Moderate by axe's scale, but each one is a page a screen-reader user cannot find their way in.
const ALSO_FAIL = new Set(["region", "heading-order", "landmark-unique", "aria-allowed-role", "target-size"]);

for (const p of PAGES) {
  test(`axe finds no serious or critical violation on ${p.name} (${p.url})`, async ({ page }) => {
    await page.goto(p.url);
    await p.ready(page);
    // animations and transitions settled (axe reads computed colours)
    await page.waitForTimeout(300);
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const failing = violations.filter((v) => v.impact === "serious" || v.impact === "critical" || ALSO_FAIL.has(v.id));
    const report = failing.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.split("\n")[1] ?? ""}`).join("\n")}`);
    expect(report, report.join("\n")).toEqual([]);
  });
}

for (const width of [390, 1440]) {
  test(`screenshots of every page at ${width} px wide`, async ({ page }) => {
    test.slow();
    await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
    for (const p of PAGES) {
      await page.goto(p.url);
      await p.ready(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: screenshotPath(`${p.name}-${width}`), fullPage: true });
    }
  });
}
