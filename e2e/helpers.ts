import type { Page } from "@playwright/test";

/**
 * Screenshots for looking at the UI, only when E2E_SCREENSHOTS names a directory: what the
 * viewport shows, and a tall one in which the result pane (which scrolls on its own) fits whole.
 */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  await page.screenshot({ path: `${dir}/${name}.png` });
  const size = page.viewportSize();
  if (!size) return;
  await page.setViewportSize({ width: size.width, height: 2400 });
  await page.screenshot({ path: `${dir}/${name}-tall.png` });
  await page.setViewportSize(size);
}

/** Open the Diagnose page and wait until its form is hydrated (typing earlier is lost on a loaded machine). */
export async function gotoDiagnose(page: Page, url = "/"): Promise<void> {
  await page.goto(url);
  await page.locator('form[aria-label="Diagnosis request"][data-hydrated="true"]').waitFor();
}
