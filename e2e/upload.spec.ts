// Uploading .npy files from the browse page: picker, drag-and-drop,
// malformed files refused in the browser, overwrite only after asking.
import { join } from "node:path";
import { arrayExists, expect, expected, fixtureBytes, fixturePath, fixturesDir, putArray, redisPy, test } from "./harness";

test("upload two files with the file picker", async ({ page, baseURL }) => {
  await page.goto("/");
  await page.locator("#upload-files").setInputFiles([fixturePath("grid2d"), fixturePath("line1d")]);
  const rows = page.getByTestId("upload-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(expected().grid2d.shape);
  await expect(rows.nth(0)).toContainText("float64");
  await expect(rows.nth(1)).toContainText("float32");
  await page.getByLabel("Key for line1d.npy").fill("picked:line");
  await page.getByRole("button", { name: "Upload all 2" }).click();
  await expect(rows.nth(0)).toHaveAttribute("data-status", "stored");
  await expect(rows.nth(1)).toHaveAttribute("data-status", "stored");
  expect(await arrayExists(baseURL!, "grid2d")).toBe(true);
  expect(await arrayExists(baseURL!, "picked:line")).toBe(true);
  await page.getByLabel(/Filter keys/).fill("picked:*");
  await expect(page.locator('[data-key="picked:line"]')).toBeVisible();
});

test("upload by dropping a file on the page, with a key prefix", async ({ page, baseURL }) => {
  await page.goto("/");
  const bytes = Array.from(fixtureBytes("cube3d"));
  const transfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], "cube3d.npy", { type: "application/octet-stream" }));
    return dt;
  }, bytes);
  await page.dispatchEvent("body", "dragenter", { dataTransfer: transfer });
  await expect(page.getByText("Drop .npy or .npz files to upload")).toBeVisible();
  await page.dispatchEvent("body", "dragover", { dataTransfer: transfer });
  await page.dispatchEvent("body", "drop", { dataTransfer: transfer });
  const row = page.getByTestId("upload-row");
  await expect(row).toContainText(expected().cube3d.shape);
  await page.getByLabel("Key prefix (optional)").fill("dropped:");
  await page.getByRole("button", { name: "Upload 1 file" }).click();
  await expect(row).toHaveAttribute("data-status", "stored");
  expect(await arrayExists(baseURL!, "dropped:cube3d")).toBe(true);
});

test("an .npz is opened in the browser: each array uploads under <stem>:<name> with its exact bytes; a member that is not .npy is skipped with its reason", async ({
  page,
}) => {
  const archive = join(fixturesDir(), "run.npz");
  redisPy(
    `import zipfile, numpy as np
np.savez_compressed(sys.argv[1], frames=np.arange(24, dtype="<f4").reshape(2, 3, 4), labels=np.array([3, 1], dtype=">i8"))
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.writestr("notes.txt", "not an array")`,
    archive,
  );
  await page.goto("/");
  await page.locator("#upload-files").setInputFiles([archive]);
  const rows = page.getByTestId("upload-row");
  await expect(rows).toHaveCount(3);
  await expect(page.getByLabel("Key for run.npz › frames.npy")).toHaveValue("run:frames");
  await expect(rows.filter({ hasText: "frames.npy" })).toContainText("(2, 3, 4)");
  await expect(rows.filter({ hasText: "notes.txt" })).toContainText("skipped: not a .npy member");
  await page.getByRole("button", { name: "Upload all 2" }).click();
  await expect(rows.filter({ hasText: "frames.npy" })).toHaveAttribute("data-status", "stored");
  await expect(rows.filter({ hasText: "labels.npy" })).toHaveAttribute("data-status", "stored");
  // Each stored value is the member's bytes as the archive holds them (raises otherwise).
  redisPy(
    `import zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("frames", "labels"):
        assert r.execute_command("NP.GET", "run:" + name) == z.read(name + ".npy"), name`,
    archive,
  );
});

test("a malformed file shows its reason and is never sent", async ({ page, baseURL }) => {
  await page.goto("/");
  await page.locator("#upload-files").setInputFiles([fixturePath("truncated"), fixturePath("notnpy")]);
  const rows = page.getByTestId("upload-row");
  await expect(rows.nth(0)).toHaveAttribute("data-status", "invalid");
  await expect(rows.nth(1)).toHaveAttribute("data-status", "invalid");
  await expect(rows.nth(0).getByRole("alert")).toContainText(/data bytes|short|truncated|follow/i);
  await expect(rows.nth(1).getByRole("alert")).toContainText(/magic|NUMPY|not a \.npy/i);
  await expect(page.getByRole("button", { name: /^Upload( all| 1)/ })).toHaveCount(0);
  expect(await arrayExists(baseURL!, "truncated")).toBe(false);
  expect(await arrayExists(baseURL!, "notnpy")).toBe(false);
});

test("an existing key is replaced only after confirming, with both shapes and dtypes shown and no console error", async ({ page, baseURL }) => {
  await putArray(baseURL!, "clash", fixtureBytes("int64"));
  await page.goto("/");
  await page.locator("#upload-files").setInputFiles(fixturePath("half"));
  await page.getByLabel("Key for half.npy").fill("clash");
  await page.getByRole("button", { name: "Upload 1 file" }).click();
  const row = page.getByTestId("upload-row");
  await expect(row).toHaveAttribute("data-status", "exists");
  await expect(row).toContainText("already exists");
  await expect(row.getByTestId("overwrite-existing")).toContainText(expected().int64.shape);
  await expect(row.getByTestId("overwrite-existing")).toContainText("int64");
  await expect(row.getByTestId("overwrite-new")).toContainText(expected().half.shape);
  await expect(row.getByTestId("overwrite-new")).toContainText("float16");
  const stillOld = Buffer.from(await (await fetch(`${baseURL}/api/arrays/clash`)).arrayBuffer());
  expect(stillOld.equals(fixtureBytes("int64"))).toBe(true);
  await row.getByRole("button", { name: "Overwrite" }).click();
  await expect(row).toHaveAttribute("data-status", "stored");
  const now = Buffer.from(await (await fetch(`${baseURL}/api/arrays/clash`)).arrayBuffer());
  expect(now.equals(fixtureBytes("half"))).toBe(true);
  // The harness fails the test on any console error: the existence check logged none.
});

test.describe("a window 900 px high", () => {
  test.use({ viewport: { width: 1280, height: 900 } });
  test("six queued files scroll inside the panel and leave the array list in sight", async ({ page, baseURL }) => {
    const names = ["grid2d", "line1d", "cube3d", "int64", "half", "complex"];
    await putArray(baseURL!, "six:keep", fixtureBytes("line1d"));
    await page.goto(`/?q=${encodeURIComponent("six:keep")}`);
    await expect(page.locator('[data-key="six:keep"]')).toBeVisible();
    await page.locator("#upload-files").setInputFiles(names.map(fixturePath));
    const rows = page.getByTestId("upload-row");
    await expect(rows).toHaveCount(6);
    const list = page.getByTestId("upload-list");
    expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await expect(rows.first()).toBeInViewport();
    await rows.last().scrollIntoViewIfNeeded();
    await expect(rows.last()).toBeInViewport();
    // The array list below keeps rows on screen.
    await expect(page.locator('[data-key="six:keep"]')).toBeInViewport();
    const listBox = await page.getByTestId("array-list").boundingBox();
    expect(listBox!.height).toBeGreaterThan(100);
    await page.getByLabel("Key prefix (optional)").fill("six:");
    await page.getByRole("button", { name: "Upload all 6" }).click();
    for (let i = 0; i < names.length; i++) await expect(rows.nth(i)).toHaveAttribute("data-status", "stored");
    for (const name of names) expect(await arrayExists(baseURL!, `six:${name}`)).toBe(true);
  });
});
