// The array page against NumPy: metadata, stats, every view drawing pixels,
// N-D slicing, exact values in the table, byte-identical downloads.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { arrayExists, expect, expected, fixtureBytes, openArray, pixelSummary, putArray, test, type Expected } from "./harness";

const KEYS = ["grid2d", "line1d", "rgb", "cube3d", "int64", "half", "complex", "datetime", "structured", "fortran", "scalar", "unicode", "pickled"];

test.beforeAll(async () => {
  for (const name of KEYS) await putArray(process.env.E2E_BASE_URL!, `page:${name}`, fixtureBytes(name));
});

function expectClose(text: string, want: number) {
  const got = Number(text);
  expect(Number.isFinite(got), `"${text}" is a number`).toBe(true);
  expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(1e-9, Math.abs(want) * 1e-5));
}

test("a 2-D float64 array: numpy's shape, dtype and stats, and a painted heatmap", async ({ page }) => {
  const want: Expected = expected().grid2d;
  await openArray(page, "page:grid2d");
  await expect(page.getByTestId("meta-shape")).toHaveText(want.shape);
  await expect(page.getByTestId("meta-dtype")).toHaveText("float64");
  await expect(page.getByText(want.descr, { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId("stat-mean")).not.toHaveText("");
  for (const stat of ["min", "max", "mean", "std"] as const) expectClose((await page.getByTestId(`stat-${stat}`).textContent())!, want[stat]!);
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  const pixels = await pixelSummary(page, "heatmap");
  expect(pixels.colours).toBeGreaterThan(100);
  await expect(page.getByTestId("meta-sha256")).toHaveText(/^[0-9a-f]{64}$/);
  const { createHash } = await import("node:crypto");
  await expect(page.getByTestId("meta-sha256")).toHaveText(createHash("sha256").update(fixtureBytes("grid2d")).digest("hex"));
});

test("hovering the heatmap shows the exact value of the element", async ({ page }) => {
  await openArray(page, "page:grid2d");
  const heatmap = page.getByTestId("heatmap");
  await expect(heatmap).toHaveAttribute("data-painted", "true");
  const area = page.getByTestId("heatmap-area");
  const box = (await area.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId("heatmap-hover")).toHaveText(/^\[\d+, \d+\] = -?\d/);
});

/** The heatmap's ticks along an axis as shown: the number each label reads, and where its mark is on the page. */
async function ticks(page: Page, axis: "x" | "y"): Promise<{ value: number; at: number }[]> {
  return page
    .getByTestId(`heatmap-${axis}-ticks`)
    .locator("[data-tick]")
    .evaluateAll(
      (marks, across) =>
        marks.map((mark) => {
          const line = mark.querySelector("line")!.getBoundingClientRect();
          return { value: Number(mark.textContent.replace(/,/g, "")), at: across ? line.x + line.width / 2 : line.y + line.height / 2 };
        }),
      axis === "x",
    );
}

/** CSS pixels per element along an axis, from its first and last ticks. */
function pixelsPerElement(marks: { value: number; at: number }[]): number {
  const [first, last] = [marks[0], marks[marks.length - 1]];
  return (last.at - first.at) / (last.value - first.value);
}

test("the heatmap's axes tick element indices of the plane, row 0 at the top, and keep square cells through a zoom and a pan", async ({ page }) => {
  await openArray(page, "page:grid2d");
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-aspect", "equal");
  const [rows, columns] = [64, 96];
  const canvas = (await page.getByTestId("heatmap-canvas").boundingBox())!;
  const expectIndices = (marks: { value: number; at: number }[], size: number) => {
    expect(marks.length, "ticks on the axis").toBeGreaterThanOrEqual(3);
    for (const mark of marks) {
      expect(Number.isInteger(mark.value), `${mark.value} is an element index`).toBe(true);
      expect(mark.value).toBeGreaterThanOrEqual(0);
      expect(mark.value).toBeLessThan(size);
    }
    // Larger indices further right and further down.
    expect(marks.map((m) => m.at)).toEqual([...marks.map((m) => m.at)].sort((a, b) => a - b));
  };
  const x = await ticks(page, "x");
  const y = await ticks(page, "y");
  expectIndices(x, columns);
  expectIndices(y, rows);
  expect(y[0].value, "row 0 is ticked at the top").toBe(0);
  expect(Math.abs(y[0].at - (canvas.y + canvas.height / rows / 2)), "row 0's tick is at the middle of the top row of the picture").toBeLessThan(1.5);
  expect(Math.abs(x[0].at - (canvas.x + canvas.width / columns / 2)), "column 0's tick is at the middle of the left column").toBeLessThan(1.5);
  const square = (label: string, across: number, down: number) => expect(Math.abs(across / down - 1), `${label}: square cells`).toBeLessThan(0.02);
  square("whole", pixelsPerElement(x), pixelsPerElement(y));

  await page.mouse.move(canvas.x + canvas.width * 0.3, canvas.y + canvas.height * 0.6);
  for (let turn = 0; turn < 6; turn++) await page.mouse.wheel(0, -100);
  await expect.poll(async () => pixelsPerElement(await ticks(page, "x"))).toBeGreaterThan(pixelsPerElement(x) * 2);
  const zoomedX = await ticks(page, "x");
  const zoomedY = await ticks(page, "y");
  expectIndices(zoomedX, columns);
  expectIndices(zoomedY, rows);
  square("zoomed", pixelsPerElement(zoomedX), pixelsPerElement(zoomedY));

  await page.mouse.down();
  await page.mouse.move(canvas.x + canvas.width * 0.3 + 60, canvas.y + canvas.height * 0.6 + 40, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await ticks(page, "x"))[0].at).not.toBe(zoomedX[0].at);
  square("panned", pixelsPerElement(await ticks(page, "x")), pixelsPerElement(await ticks(page, "y")));
});

test("a 1-D array draws a line", async ({ page }) => {
  await openArray(page, "page:line1d");
  await expect(page.getByTestId("meta-dtype")).toHaveText("float32");
  await expect(page.getByTestId("lineplot")).toHaveAttribute("data-painted", "true");
  const pixels = await pixelSummary(page, "lineplot");
  expect(pixels.inked).toBeGreaterThan(2000);
});

test("the histogram view draws the distribution of a 2-D array", async ({ page }) => {
  await openArray(page, "page:grid2d", "?view=histogram");
  await expect(page.getByTestId("histogram")).toHaveAttribute("data-painted", "true");
  const pixels = await pixelSummary(page, "histogram");
  expect(pixels.inked).toBeGreaterThan(2000);
});

test("an H×W×3 uint8 array is shown as an image", async ({ page }) => {
  await openArray(page, "page:rgb");
  await expect(page.getByRole("tab", { name: "Image" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("rgb-image")).toHaveAttribute("data-painted", "true");
  const pixels = await pixelSummary(page, "rgb-image");
  expect(pixels.colours).toBeGreaterThan(200);
});

test("moving the slider of a 3-D array changes the plot and the URL", async ({ page }) => {
  await openArray(page, "page:cube3d");
  await expect(page.getByTestId("meta-shape")).toHaveText(expected().cube3d.shape);
  const heatmap = page.getByTestId("heatmap");
  await expect(heatmap).toHaveAttribute("data-painted", "true");
  const before = await heatmap.screenshot();
  await page.getByTestId("slider-axis-0").fill("4");
  await expect(page).toHaveURL(/idx=4(%2C|,)0(%2C|,)0/);
  await expect(heatmap).toHaveAttribute("data-painted", "true");
  await expect.poll(async () => (await heatmap.screenshot()).equals(before)).toBe(false);
});

test("a deep link restores the view state", async ({ page }) => {
  await openArray(page, "page:cube3d", "?view=heatmap&idx=2,0,0&cmap=magma&rev=1&scale=symlog");
  await expect(page.getByLabel("Colormap")).toHaveValue("magma");
  await expect(page.getByLabel("Reversed")).toBeChecked();
  await expect(page.getByLabel("Scale", { exact: true })).toHaveValue("symlog");
  await expect(page.getByLabel("Index on axis 0")).toHaveValue("2");
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  await page.getByLabel("Scale", { exact: true }).selectOption("log");
  await page.getByLabel("Min", { exact: true }).fill("-1");
  await expect(page.getByText("log scale needs a minimum above 0")).toBeVisible();
});

async function tableCells(page: import("@playwright/test").Page, column: number): Promise<string[]> {
  // Arrays of two or more axes show a matrix of the plane: its cells row after row are the C-order values.
  const matrix = page.getByTestId("matrix");
  await expect(matrix.or(page.getByTestId("value-table"))).toBeVisible();
  if (await matrix.isVisible()) {
    await expect(matrix.locator("[data-cell]", { hasText: "…" })).toHaveCount(0);
    return matrix.locator("[data-cell]").evaluateAll((cells) => cells.map((c) => c.textContent));
  }
  const rows = page
    .getByTestId("value-table")
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
  await expect(rows.first()).not.toContainText("…");
  return rows.evaluateAll((rows, c) => rows.map((r) => (r.children[c] as HTMLElement).innerText), column);
}

for (const name of ["int64", "half", "complex", "datetime", "fortran", "unicode"]) {
  test(`the table shows numpy's exact values for ${name}`, async ({ page }) => {
    await openArray(page, `page:${name}`, "?view=table");
    expect(await tableCells(page, 1)).toEqual(expected()[name].values);
  });
}

test("the table shows one column per field of a structured array", async ({ page }) => {
  await openArray(page, "page:structured", "?view=table");
  const want = expected().structured.fields!;
  await expect(page.getByRole("columnheader", { name: "x", exact: true })).toBeVisible();
  expect(await tableCells(page, 1)).toEqual(want.x);
  expect(await tableCells(page, 2)).toEqual(want.y);
});

test("complex arrays plot a chosen part", async ({ page }) => {
  await openArray(page, "page:complex", "?view=line&part=imaginary");
  await expect(page.getByLabel("Complex part")).toHaveValue("imaginary");
  await expect(page.getByTestId("lineplot")).toHaveAttribute("data-painted", "true");
  expectClose((await page.getByTestId("stat-max").textContent())!, expected().complex.imagMax!);
});

for (const name of ["grid2d", "datetime"]) {
  test(`the download is byte-identical for ${name}`, async ({ page }) => {
    await openArray(page, `page:${name}`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download .npy" }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`${name}\\.npy$`));
    const saved = readFileSync(await download.path());
    expect(saved.equals(fixtureBytes(name))).toBe(true);
  });
}

test.describe("a missing key", () => {
  test.use({ allowedConsoleErrors: [/404/] });
  test("says the array does not exist", async ({ page }) => {
    await page.goto(`/arrays/${encodeURIComponent("no such key")}`);
    await expect(page.getByText("There is no array named")).toBeVisible();
  });
});

test("keys with slashes, percent signs, spaces and non-ASCII open from the list and download exactly", async ({ page, baseURL }) => {
  const key = "odd/dir %20 50%?#é";
  await putArray(baseURL!, key, fixtureBytes("int64"));
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("odd/*");
  await page.locator(`[data-key="${key}"]`).click();
  await expect(page.getByTestId("array-key")).toHaveText(key);
  await expect(page.getByTestId("meta-shape")).toHaveText(expected().int64.shape);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download .npy" }).click()]);
  expect(readFileSync(await download.path()).equals(fixtureBytes("int64"))).toBe(true);
});

test("the keys '', '.' and '..' open from the list and download exactly", async ({ page, baseURL }) => {
  const keys = ["", ".", ".."];
  for (const key of keys) await putArray(baseURL!, key, fixtureBytes("int64"));
  for (const key of keys) {
    await page.goto("/");
    await page.locator(`[data-key="${key}"]`).click();
    await expect(page.getByTestId("array-key")).toHaveText(key === "" ? "(empty key)" : key);
    await expect(page.getByTestId("meta-shape")).toHaveText(expected().int64.shape);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download .npy" }).click()]);
    expect(readFileSync(await download.path()).equals(fixtureBytes("int64"))).toBe(true);
  }
});

test("a 0-d array shows its value", async ({ page }) => {
  await openArray(page, "page:scalar");
  await expect(page.getByTestId("meta-shape")).toHaveText(expected().scalar.shape);
  await expect(page.getByTestId("scalar-value")).toHaveText(expected().scalar.values![0]);
});

test("an object array shows its metadata and is never decoded", async ({ page }) => {
  await openArray(page, "page:pickled");
  await expect(page.getByTestId("meta-shape")).toHaveText(expected().pickled.shape);
  await expect(page.getByTestId("object-notice")).toContainText(/pickled Python objects: download to load with numpy/i);
  await expect(page.getByRole("tab")).toHaveCount(0);
});

test("a download in progress can be cancelled, and resumed", async ({ page }) => {
  await page.route(/\/api\/arrays\/page%3Agrid2d$/, async (route) => {
    // Hold the bytes back so the bar is on screen when Cancel is pressed.
    await new Promise((r) => setTimeout(r, 2000));
    await route.continue().catch(() => undefined);
  });
  await page.goto(`/arrays/${encodeURIComponent("page:grid2d")}`);
  await expect(page.getByTestId("load-progress")).toBeVisible();
  await expect(page.getByTestId("meta-dtype")).toHaveText("float64");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText("Loading cancelled")).toBeVisible();
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.getByRole("button", { name: "Load the values" }).click();
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
});

test("delete asks first, then removes the array and returns to the list", async ({ page, baseURL }) => {
  await putArray(baseURL!, "page:doomed", fixtureBytes("int64"));
  await openArray(page, "page:doomed");
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Keep" }).click();
  expect(await arrayExists(baseURL!, "page:doomed")).toBe(true);
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(await arrayExists(baseURL!, "page:doomed")).toBe(false);
});
