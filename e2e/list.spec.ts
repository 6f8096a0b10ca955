// The browse list over thousands of arrays: a total, sorting over all of them
// (not only the rows loaded first), substring search, and its state surviving Back.
import type { Page } from "@playwright/test";
import { expect, fixturePath, redisPy, test } from "./harness";

const MANY = 3000;

/** redis-py stores a fixture under each of the keys, in one pipeline. */
function storeKeys(fixture: string, keys: string[]): void {
  redisPy(
    "p = r.pipeline(transaction=False)\n" +
      "data = open(sys.argv[1], 'rb').read()\n" +
      "for key in sys.argv[2:]: p.execute_command('NP.SET', key, data)\n" +
      "p.execute()",
    fixturePath(fixture),
    ...keys,
  );
}

const firstRowKey = (page: Page) => page.getByTestId("array-list").locator("[data-key]").first().getAttribute("data-key");

test.beforeAll(() => {
  // Written in an order unlike key order, so only a global sort puts g:0 first.
  const keys = Array.from({ length: MANY }, (_, i) => `g:${(i * 7919) % MANY}`);
  storeKeys("int64", keys);
  storeKeys("grid2d", ["g:1500"]);
  storeKeys("int64", ["myframe:1"]);
});

test(`${MANY} matching arrays: the total is shown and every sort covers all of them`, async ({ page }) => {
  await page.goto("/?q=g:*");
  await expect(page.getByTestId("array-count")).toHaveText(`${MANY.toLocaleString("en-US")} arrays`);
  await expect.poll(() => firstRowKey(page)).toBe("g:0");
  await page.getByRole("button", { name: "Sort by Key" }).click();
  await expect.poll(() => firstRowKey(page)).toBe("g:999");
  // One array is bigger than the rest: first under "Size ▼" wherever the scan found it.
  await page.getByRole("button", { name: "Sort by Size" }).click();
  await page.getByRole("button", { name: "Sort by Size" }).click();
  await expect.poll(() => firstRowKey(page)).toBe("g:1500");
  await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("-bytes");
});

test("the memory column shows MEMORY USAGE for the rows on screen", async ({ page }) => {
  await page.goto("/?q=g:1500");
  await expect(page.locator('[data-key="g:1500"] [data-column="memory"]')).toHaveText(/^\d+(\.\d)? (B|KiB|MiB)$/);
});

test("text without glob characters finds keys that contain it", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("frame");
  await expect(page.locator('[data-key="myframe:1"]')).toBeVisible();
  await expect(page.getByTestId("array-count")).toHaveText("1 array");
});

test("Back from an array page restores the filter, tree, open folders and scroll position", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("g:1");
  // The filter applies after a pause in typing and starts a fresh list: scroll only in that one.
  await expect(page.getByTestId("array-list-panel")).toHaveAttribute("data-match", "*g:1*");
  await page.getByLabel(/Tree by/).check();
  await page.getByRole("button", { name: /^g:/ }).click();
  const list = page.getByTestId("array-list");
  await expect(list.locator("[data-key]").nth(20)).toBeVisible();
  await list.evaluate((el) => (el.scrollTop = 2000));
  await expect.poll(() => new URL(page.url()).searchParams.get("y")).toBe("2000");
  // A row in the middle of the screen (the rendered rows include a few above it).
  const key = await list.locator("[data-key]").nth(12).getAttribute("data-key");
  const row = list.locator(`[data-key="${key}"]`);
  await expect(row).toBeInViewport();
  await row.click();
  await expect(page.getByTestId("meta-shape")).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel(/Filter keys/)).toHaveValue("g:1");
  await expect(page.getByLabel(/Tree by/)).toBeChecked();
  expect(new URL(page.url()).searchParams.getAll("open")).toEqual(["g:"]);
  await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBe(2000);
  // The row sits inside the folder: in view only if the folder is open again and the list scrolled back.
  await expect(row).toBeInViewport();
});
