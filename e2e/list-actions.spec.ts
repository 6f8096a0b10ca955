// The Redis basics from the browse list: TTL, rename, copy, deleting ticked
// arrays and every array matching a pattern, each checked against Redis itself.
import type { Page } from "@playwright/test";
import { arrayExists, expect, fixtureBytes, openArray, putArray, redisPy, test } from "./harness";

async function store(baseURL: string, ...keys: string[]) {
  for (const key of keys) await putArray(baseURL, key, fixtureBytes("int64"));
}

async function ttlOf(baseURL: string, key: string): Promise<number> {
  const response = await fetch(`${baseURL}/api/arrays/${encodeURIComponent(key)}/info`);
  return ((await response.json()) as { ttl: number }).ttl;
}

const row = (page: Page, key: string) => page.locator(`[data-key="${key}"]`);

async function showAndTick(page: Page, filter: string, key: string) {
  await page.goto(`/?q=${encodeURIComponent(filter)}`);
  await expect(row(page, key)).toBeVisible();
  await page.getByLabel(`Select ${key}`, { exact: true }).check();
}

/** Opens the TTL editor of `key` with its "TTL…" button and sets `amount` `unit`, or removes the TTL (null). */
async function editTtl(page: Page, key: string, change: { amount: string; unit: string } | null) {
  await page.getByRole("button", { name: "TTL…" }).click();
  const dialog = page.getByRole("dialog", { name: `TTL of ${key}` });
  if (change) {
    await dialog.getByLabel("Expire in").fill(change.amount);
    await dialog.getByLabel("Unit").selectOption(change.unit);
    await dialog.getByRole("button", { name: "Set TTL" }).click();
  } else {
    await dialog.getByRole("button", { name: "Remove TTL" }).click();
  }
  await expect(dialog).toHaveCount(0);
}

test("set, change and remove a TTL; a TTL set by another client shows up live", async ({ page, baseURL }) => {
  await store(baseURL!, "act:ttl", "act:ttl-live");
  await showAndTick(page, "act:ttl", "act:ttl");
  await editTtl(page, "act:ttl", { amount: "90", unit: "s" });
  const ttl = await ttlOf(baseURL!, "act:ttl");
  expect(ttl).toBeGreaterThan(80_000);
  expect(ttl).toBeLessThanOrEqual(90_000);
  await expect(row(page, "act:ttl").locator('[data-column="ttl"]')).not.toHaveText("—");

  await editTtl(page, "act:ttl", null);
  expect(await ttlOf(baseURL!, "act:ttl")).toBe(-1);
  await expect(row(page, "act:ttl").locator('[data-column="ttl"]')).toHaveText("—");

  const live = row(page, "act:ttl-live").locator('[data-column="ttl"]');
  await expect(live).toHaveText("—");
  redisPy("r.expire(sys.argv[1], 5000)", "act:ttl-live");
  await expect(live).not.toHaveText("—");
});

test.describe("a refused rename", () => {
  // The browser logs the 409 the refusal comes with.
  test.use({ allowedConsoleErrors: [/status of 409/] });

  test("rename an array; a taken name is refused and nothing changes", async ({ page, baseURL }) => {
    await store(baseURL!, "act:ren", "act:taken");
    await showAndTick(page, "act:", "act:ren");
    await page.getByRole("button", { name: "Rename…" }).click();
    const dialog = page.getByRole("dialog", { name: "Rename act:ren" });
    await dialog.getByLabel(/New key/).fill("act:taken");
    await dialog.getByRole("button", { name: "Rename" }).click();
    await expect(dialog.getByRole("alert")).toHaveText('"act:taken" already exists; nothing was renamed. Delete it first or choose another name');
    expect(await arrayExists(baseURL!, "act:ren")).toBe(true);
    await dialog.getByLabel(/New key/).fill("act:renamed");
    await dialog.getByRole("button", { name: "Rename" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row(page, "act:renamed")).toBeVisible();
    await expect(row(page, "act:ren")).toHaveCount(0);
    expect(await arrayExists(baseURL!, "act:ren")).toBe(false);
  });
});

test("copy an array: both exist", async ({ page, baseURL }) => {
  await store(baseURL!, "act:orig");
  await showAndTick(page, "act:orig", "act:orig");
  await page.getByRole("button", { name: "Copy…" }).click();
  const dialog = page.getByRole("dialog", { name: "Copy act:orig" });
  await expect(dialog.getByLabel(/New key/)).toHaveValue("act:orig:copy");
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(row(page, "act:orig:copy")).toBeVisible();
  await expect(row(page, "act:orig")).toBeVisible();
  expect(await arrayExists(baseURL!, "act:orig")).toBe(true);
  expect(await arrayExists(baseURL!, "act:orig:copy")).toBe(true);
});

test("tick a range with shift-click and delete it after confirming the count", async ({ page, baseURL }) => {
  const keys = Array.from({ length: 5 }, (_, i) => `act:del:${i}`);
  await store(baseURL!, ...keys);
  await showAndTick(page, "act:del:*", "act:del:0");
  await page.getByLabel("Select act:del:3", { exact: true }).click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("selected-count")).toHaveText("4 arrays selected");
  await page.getByRole("button", { name: "Delete 4 arrays…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete 4 arrays?" });
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Deleted 4 arrays");
  for (const key of keys.slice(0, 4)) await expect(row(page, key)).toHaveCount(0);
  await expect(row(page, "act:del:4")).toBeVisible();
  expect(await arrayExists(baseURL!, "act:del:4")).toBe(true);
  expect(await arrayExists(baseURL!, "act:del:2")).toBe(false);
});

test("select all matching, and delete every array matching a pattern", async ({ page, baseURL }) => {
  const keys = Array.from({ length: 30 }, (_, i) => `act:pat:${i}`);
  await store(baseURL!, ...keys, "act:patx");
  await page.goto(`/?q=${encodeURIComponent("act:pat:*")}`);
  await expect(page.getByTestId("array-count")).toHaveText("30 arrays");
  await page.getByLabel("Select all 30 matching").check();
  await expect(page.getByTestId("selected-count")).toHaveText("30 arrays selected");
  await page.getByRole("button", { name: "Delete all 30 arrays matching…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete all 30 arrays matching act:pat:*?" });
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Deleted 30 arrays matching act:pat:*");
  await expect(page.getByText(/No arrays match/)).toBeVisible();
  expect(await arrayExists(baseURL!, "act:pat:7")).toBe(false);
  expect(await arrayExists(baseURL!, "act:patx")).toBe(true);
});

test("the array page sets and removes the TTL through the same editor", async ({ page, baseURL }) => {
  await store(baseURL!, "act:page-ttl");
  await openArray(page, "act:page-ttl");
  await editTtl(page, "act:page-ttl", { amount: "2", unit: "h" });
  expect(await ttlOf(baseURL!, "act:page-ttl")).toBeGreaterThan(7_100_000);
  await editTtl(page, "act:page-ttl", null);
  expect(await ttlOf(baseURL!, "act:page-ttl")).toBe(-1);
});

test("the array page's TTL editor opens with the TTL the array has now", async ({ page, baseURL }) => {
  await store(baseURL!, "act:page-ttl-now");
  redisPy("r.expire(sys.argv[1], 5400)", "act:page-ttl-now");
  await openArray(page, "act:page-ttl-now");
  await page.getByRole("button", { name: "TTL…" }).click();
  const dialog = page.getByRole("dialog", { name: "TTL of act:page-ttl-now" });
  await expect(dialog.getByTestId("ttl-now")).toHaveText(/^It expires in 1 h (29|30) min$/);
  // The starting value is the TTL now (90 min, or a few seconds less), not the "1 h" offered for none.
  const amount = Number(await dialog.getByLabel("Expire in").inputValue());
  const unit = await dialog.getByLabel("Unit").inputValue();
  const seconds = amount * { s: 1, min: 60, h: 3600, d: 86400 }[unit]!;
  expect(seconds).toBeGreaterThan(5300);
  expect(seconds).toBeLessThanOrEqual(5400);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  redisPy("r.persist(sys.argv[1])", "act:page-ttl-now");
  await page.getByRole("button", { name: "TTL…" }).click();
  await expect(dialog.getByTestId("ttl-now")).toHaveText("It has no TTL (kept until deleted)");
});

test.describe("deleting many arrays by pattern", () => {
  test.setTimeout(120_000);
  const COUNT = 20_000;
  const storeMany = (prefix: string) =>
    redisPy(
      `import io, numpy as np
b = io.BytesIO(); np.save(b, np.arange(3, dtype='<i2')); data = b.getvalue()
p = r.pipeline(transaction=False)
for i in range(int(sys.argv[2])): p.execute_command('NP.SET', f'{sys.argv[1]}{i}', data)
p.execute()`,
      prefix,
      String(COUNT),
    );

  test("shows how many are deleted so far and can be stopped, the count matching Redis", async ({ page, baseURL }) => {
    storeMany("bulk:a:");
    await page.goto(`/?q=${encodeURIComponent("bulk:a:*")}`);
    const button = page.getByRole("button", { name: `Delete all ${COUNT.toLocaleString("en-US")} arrays matching…` });
    await expect(button).toBeVisible({ timeout: 60_000 });
    await button.click();
    const dialog = page.getByRole("dialog", { name: `Delete all ${COUNT.toLocaleString("en-US")} arrays matching bulk:a:*?` });
    // The third round is held until Stop was pressed: a fast machine would otherwise finish
    // all 20 000 before the progress could be read, a slow one as well as a fast one stops mid-way.
    let rounds = 0;
    let releaseRound!: () => void;
    const held = new Promise<void>((resolve) => (releaseRound = resolve));
    await page.route(
      (url) => url.pathname === "/api/arrays" && url.searchParams.has("match"),
      async (route) => {
        if (route.request().method() === "DELETE" && ++rounds === 3) await held;
        await route.continue();
      },
    );
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(dialog.getByTestId("delete-progress")).toHaveText(/^Deleted [\d,]+ so far…$/);
    await dialog.getByRole("button", { name: "Stop" }).click();
    releaseRound();
    await expect(page.getByRole("status")).toHaveText(/^(Stopped after deleting|Deleted) [\d,]+ arrays matching bulk:a:\*$/);
    const reported = Number((await page.getByRole("status").textContent())!.replace(/\D/g, ""));
    const left = await arraysLeft(baseURL!, "bulk:a:*");
    expect(reported + left).toBe(COUNT);
    expect(reported, "stopped after a few rounds of 500, well before all").toBeLessThan(COUNT);
  });
});

/** Arrays matching a pattern in Redis now, counted through the API's SCAN count. */
async function arraysLeft(baseURL: string, match: string): Promise<number> {
  let cursor = "0";
  let total = 0;
  do {
    const body = (await (await fetch(`${baseURL}/api/array-count?${new URLSearchParams({ match, cursor })}`)).json()) as { cursor: string; counted: number };
    total += body.counted;
    cursor = body.cursor;
  } while (cursor !== "0");
  return total;
}

test("download the ticked arrays, and every array matching the filter, as an .npz of the stored bytes", async ({ page, baseURL }) => {
  await putArray(baseURL!, "npz:a", fixtureBytes("int64"));
  await putArray(baseURL!, "npz:b", fixtureBytes("grid2d"));
  await putArray(baseURL!, "npz:c", fixtureBytes("half"));
  await showAndTick(page, "npz:*", "npz:a");
  await page.getByLabel("Select npz:c", { exact: true }).check();
  const archives: Record<string, string[]> = {};
  for (const [link, expected] of [
    ["Download .npz", ["npz:a", "npz:c"]],
    ["Download 3 arrays as .npz", ["npz:a", "npz:b", "npz:c"]],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
    const path = await download.path();
    archives[path] = [...expected];
    expect(download.suggestedFilename()).toMatch(/\.npz$/);
  }
  // Each archive holds exactly these members, each NP.GET's bytes, and np.load opens it (raises otherwise).
  for (const [path, keys] of Object.entries(archives)) {
    redisPy(
      `import json, zipfile, numpy as np
keys = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1]) as z:
    assert sorted(z.namelist()) == sorted(k + ".npy" for k in keys), z.namelist()
    for k in keys:
        assert z.read(k + ".npy") == r.execute_command("NP.GET", k), k
assert sorted(np.load(sys.argv[1]).files) == sorted(keys)`,
      path,
      JSON.stringify(keys),
    );
  }
});
