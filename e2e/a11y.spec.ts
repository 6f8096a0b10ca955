// axe-core on every screen, light and dark: no serious or critical violations.
// axe-core's own script is injected into the page (no download, no browser of its own).
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";
import { expect, fixtureBytes, fixturePath, openArray, putArray, test } from "./harness";

const AXE_SCRIPT = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Serious and critical WCAG 2 A/AA violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(" ")}`);
}

const SCREENS: [string, (page: Page) => Promise<void>][] = [
  [
    "browse",
    async (page) => {
      await page.goto("/");
      await expect(page.locator('[data-key="a11y:grid2d"]')).toBeVisible();
    },
  ],
  [
    "array page with heatmap",
    async (page) => {
      await openArray(page, "a11y:grid2d", "?view=heatmap");
      await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
      await expect(page.getByTestId("stat-mean")).not.toHaveText("");
    },
  ],
  [
    "array page with a row profile",
    async (page) => {
      await openArray(page, "a11y:grid2d", "?view=line");
      await expect(page.getByTestId("lineplot")).toHaveAttribute("data-painted", "true");
      await expect(page.getByLabel("Row index")).toBeVisible();
    },
  ],
  [
    "array page with the matrix of values",
    async (page) => {
      await openArray(page, "a11y:grid2d", "?view=table");
      await expect(page.getByTestId("matrix").locator('[data-cell="0,0"]')).not.toHaveText("…");
      await page.getByLabel("Go to element").fill("(1, 2)");
      await page.getByLabel("Go to element").press("Enter");
      await expect(page.getByTestId("matrix").locator('[aria-current="true"]')).toHaveCount(1);
    },
  ],
  [
    "upload panel open",
    async (page) => {
      await page.goto("/");
      await page.locator("#upload-files").setInputFiles([fixturePath("grid2d")]);
      await expect(page.getByTestId("upload-row")).toHaveCount(1);
    },
  ],
  [
    "login",
    async (page) => {
      await page.goto("/login");
      await expect(page.locator("main")).toBeVisible();
    },
  ],
];

test.beforeAll(async () => {
  await putArray(process.env.E2E_BASE_URL!, "a11y:grid2d", fixtureBytes("grid2d"));
});

for (const colorScheme of ["light", "dark"] as const) {
  for (const [screen, open] of SCREENS) {
    test(`${screen} (${colorScheme}) has no serious or critical accessibility violations`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await open(page);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}
