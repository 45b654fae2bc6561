// A form shows every field's error at once, inline at the field, and an alert that lists them
// (not one at a time, not "The server refused the request").
import { expect, test } from "@playwright/test";

test("diagnose: two fields the server refuses are both marked at once, and the alert lists both", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("principal-input").fill("arn:aws:iam::111111111111:user/carol");
  await page.getByTestId("role-input").fill("terraform-deployer");
  await page.getByTestId("role-input").press("Escape");
  await page.getByTestId("advanced-toggle").click();
  // both pass the page's own checks; the API's schema refuses both
  await page.getByLabel("Duration (seconds)").fill("9999999");
  await page.getByLabel("Source IP").fill("300.1.1.1");
  await page.getByTestId("diagnose").click();

  const alert = page.getByTestId("error-alert");
  await expect(alert).toContainText("2 fields need a change before diagnosing");
  await expect(alert).not.toContainText("refused");
  await expect(alert.getByTestId("error-field")).toHaveCount(2);
  const duration = page.getByLabel("Duration (seconds)");
  const ip = page.getByLabel("Source IP");
  await expect(duration).toHaveAttribute("aria-invalid", "true");
  await expect(ip).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(`#${await ip.getAttribute("id")}-error`)).toContainText("expected an IPv4 or IPv6 address");
  await expect(page.locator(`#${await duration.getAttribute("id")}-error`)).toBeVisible();
  // the first field has focus; the alert's entry for the second takes you there
  await expect(duration).toBeFocused();
  await alert.getByTestId("error-field").filter({ hasText: "Source IP" }).click();
  await expect(ip).toBeFocused();
  await expect(page.getByTestId("verdict")).toHaveCount(0);
});

test("diagnose: the page's own checks also mark every field at once", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("principal-input").fill("arn:aws:iam::111111111111:user/carol");
  await page.getByTestId("role-input").press("Escape");
  await page.getByTestId("advanced-toggle").click();
  await page.getByLabel("Duration (seconds)").fill("one hour");
  await page.getByTestId("diagnose").click();
  const alert = page.getByTestId("error-alert");
  await expect(alert).toContainText("2 fields need a change before diagnosing");
  await expect(alert.getByTestId("error-field").filter({ hasText: "role" })).toHaveCount(1);
  await expect(alert.getByTestId("error-field").filter({ hasText: /Duration|duration/ })).toHaveCount(1);
  await expect(page.getByTestId("role-input")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Duration (seconds)")).toHaveAttribute("aria-invalid", "true");
});
