import { expect, test, type Page } from "@playwright/test";
import path from "node:path";

const arn = (x: string) => encodeURIComponent(`arn:aws:iam::111111111111:${x}`);

/** Every page of the dashboard (and a diagnosis result), with what shows that it has loaded. */
export const PAGES: { name: string; url: string; ready: (page: Page) => Promise<void> }[] = [
  { name: "diagnose", url: "/", ready: (p) => expect(p.getByTestId("empty-state")).toBeVisible({ timeout: 20_000 }) },
  {
    name: "diagnosis",
    url: `/?principal=${arn("user/bob")}&role=${arn("role/ecs/orders-api-task")}`,
    ready: (p) => expect(p.getByTestId("verdict")).toBeVisible({ timeout: 20_000 }),
  },
  { name: "roles", url: "/roles", ready: (p) => expect(p.getByTestId("roles-table")).toBeVisible({ timeout: 20_000 }) },
  { name: "role", url: `/roles/${arn("role/ecs/orders-api-task")}`, ready: (p) => expect(p.getByTestId("role-arn")).toBeVisible({ timeout: 20_000 }) },
  { name: "principal", url: `/principals/${arn("user/alice")}`, ready: (p) => expect(p.getByTestId("assumable-summary")).toBeVisible({ timeout: 20_000 }) },
  { name: "simulate", url: "/simulate", ready: (p) => expect(p.getByTestId("page-empty")).toBeVisible({ timeout: 20_000 }) },
  {
    name: "simulation",
    url: `/simulate?role=${arn("role/ecs/orders-api-task")}&base=${arn("role/power-user")}&caller=${arn("user/alice")}`,
    ready: (p) => expect(p.getByTestId("caveats")).toBeVisible({ timeout: 20_000 }),
  },
  { name: "sessions", url: "/sessions", ready: (p) => expect(p.getByTestId("sessions-table")).toBeVisible({ timeout: 20_000 }) },
  { name: "evaluate", url: "/evaluate", ready: (p) => expect(p.getByRole("heading", { level: 1, name: "Policy evaluator" })).toBeVisible({ timeout: 20_000 }) },
  { name: "signin", url: "/signin", ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 20_000 }) },
];

/** Where the screenshots of a run go: under the run's output directory (test-results). */
export function screenshotPath(name: string): string {
  return path.join(test.info().project.outputDir, "screenshots", `${name}.png`);
}

/** How far the page scrolls sideways: 0 when nothing is wider than the viewport. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
