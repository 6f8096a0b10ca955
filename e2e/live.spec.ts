// The live array page: redis-py rewrites a 64×64 float32 array ten times a
// second (version i holds i + a ramp in [0, 1), so its minimum is exactly i);
// the page follows it without an error and keeps the view state, pausing
// stops the updates, and deleting the key (or its expiry) shows a notice over
// the last version.
import type { ChildProcess } from "node:child_process";
import type { Page } from "@playwright/test";
import { expect, redisPy, spawnRedisPy, test } from "./harness";

const KEY = "live:frame";

const WRITE_VERSION = `
import io, numpy as np
ramp = np.arange(64 * 64, dtype=np.float32).reshape(64, 64) / 4096
def write(i):
    b = io.BytesIO(); np.save(b, ramp + np.float32(i)); r.execute_command("NP.SET", sys.argv[1], b.getvalue())
`;

/** Writes versions first, first + 1, … every 100 ms until killed. */
function startWriter(first: number): ChildProcess {
  return spawnRedisPy(`${WRITE_VERSION}\nimport time\ni = int(sys.argv[2])\nwhile True:\n    write(i); i += 1; time.sleep(0.1)`, KEY, String(first));
}

function writeVersion(i: number): void {
  redisPy(`${WRITE_VERSION}\nwrite(int(sys.argv[2]))`, KEY, String(i));
}

/** The version on screen: its minimum. */
async function shownVersion(page: Page): Promise<number> {
  const text = (await page.getByTestId("stat-min").textContent()) ?? "";
  const version = Number(text);
  expect(Number.isInteger(version), `stat-min "${text}" names a version written`).toBe(true);
  return version;
}

let writer: ChildProcess | null = null;
test.afterEach(() => {
  writer?.kill();
  writer = null;
});

// A check may race the delete and find the key gone: the browser logs that 404, the page shows the notice.
test.use({ allowedConsoleErrors: [/404/] });

test("an array rewritten ten times a second: the page follows it, keeps the view state, pauses, and notices the delete and the expiry", async ({ page }) => {
  test.setTimeout(90_000);
  writeVersion(0);
  await page.goto(`/arrays/${encodeURIComponent(KEY)}?cmap=magma&scale=symlog`);
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  await expect(page.getByTestId("stat-min")).toHaveText("0");
  await expect(page.getByTestId("follow-state")).toContainText("New versions appear");
  const follow = page.getByLabel("Follow changes");
  await expect(follow).toBeChecked();

  writer = startWriter(1);
  const seen = new Set<number>();
  let last = 0;
  // Until four versions were seen: a loaded machine shows fewer per second, not fewer in all.
  const deadline = Date.now() + 20_000;
  while (seen.size < 4 && Date.now() < deadline) {
    const version = await shownVersion(page);
    expect(version, "versions only move forward").toBeGreaterThanOrEqual(last);
    last = version;
    seen.add(version);
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
    await expect(page.getByTestId("refresh-failure")).toHaveCount(0);
    await expect(page.getByTestId("heatmap")).toBeVisible();
    await page.waitForTimeout(100);
  }
  expect(seen.size, `versions shown: ${[...seen].join(", ")}`).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId("meta-shape")).toHaveText("(64, 64)");
  await expect(page).toHaveURL(/cmap=magma/);
  await expect(page).toHaveURL(/scale=symlog/);
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");

  // The exact values follow too: element (0, 0) is the version number.
  await page.getByRole("tab", { name: "Values" }).click();
  const firstValue = page.getByTestId("matrix").locator('[data-cell="0,0"]');
  await expect(firstValue).toHaveText(/^\d+(\.0)?$/);
  const tableVersion = Number(await firstValue.textContent());
  await expect.poll(async () => Number(await firstValue.textContent())).toBeGreaterThan(tableVersion);
  await page.getByRole("tab", { name: "Heatmap" }).click();

  await follow.uncheck();
  await expect(page.getByTestId("follow-state")).toContainText("Paused");
  // A check already running when the box was unticked may still land.
  await page.waitForTimeout(1_000);
  const paused = await shownVersion(page);
  await expect(page.getByTestId("newer-notice")).toBeVisible();
  await page.waitForTimeout(2_000);
  expect(await shownVersion(page), "nothing changes while paused").toBe(paused);
  await page.getByRole("button", { name: "Load it" }).click();
  await expect.poll(() => shownVersion(page)).toBeGreaterThan(paused);

  await follow.check();
  writer.kill();
  writer = null;
  redisPy("r.delete(sys.argv[1])", KEY);
  await expect(page.getByTestId("removed-notice")).toContainText(`${KEY} was deleted from Redis.`);
  await expect(page.getByTestId("heatmap")).toBeVisible();
  await expect(page.getByRole("link", { name: "Download .npy" })).toHaveCount(0);
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);

  writeVersion(1000);
  await expect(page.getByTestId("stat-min")).toHaveText("1000");
  await expect(page.getByTestId("removed-notice")).toHaveCount(0);

  redisPy("r.pexpire(sys.argv[1], 200)", KEY);
  await expect(page.getByTestId("removed-notice")).toContainText("expired");
  await expect(page.getByTestId("stat-min")).toHaveText("1000");
});
