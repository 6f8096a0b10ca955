// The value table's matrix view: the plane on screen as rows × columns of the
// exact values numpy prints, following the slice sliders and "go to element".
// Expected texts come from NumPy through the corpus generator's fmt_flat.
import type { Page } from "@playwright/test";
import { npy, runPython } from "../tests/helpers";
import { expect, openArray, putArray, test } from "./harness";

// Values of every magnitude and the long texts (NaN, inf, the largest float64) numpy has.
const MAKE_CUBE = `rng = np.random.default_rng(12)
a = rng.standard_normal((6, 300, 70)) * 10.0 ** rng.integers(-8, 9, size=(6, 300, 70))
a[2, 0, :3] = [np.nan, np.inf, -np.inf]
a[5, 299, 69] = -1.7976931348623157e308`;

function cubeBytes(): Buffer {
  return runPython(`import io, sys, numpy as np\n${MAKE_CUBE}\nb = io.BytesIO()\nnp.save(b, a)\nsys.stdout.buffer.write(b.getvalue())`);
}

/** numpy's text of every element of the plane a[i, :, :], row by row. */
function expectedPlane(i: number): string[][] {
  const script = `import sys, json, numpy as np
sys.path.insert(0, "tests/fixtures")
from make_corpus import fmt_flat
${MAKE_CUBE}
print(json.dumps([fmt_flat(row) for row in a[int(sys.argv[1])]]))`;
  return JSON.parse(runPython(script, [String(i)]).toString()) as string[][];
}

/** Every cell drawn now, as "row,col" → text, once none is still loading. */
async function drawnCells(page: Page): Promise<Map<string, string>> {
  const matrix = page.getByTestId("matrix");
  await expect(matrix.locator("[data-cell]").first()).toBeVisible();
  await expect(matrix.locator("[data-cell]", { hasText: "…" })).toHaveCount(0);
  const pairs = await matrix.locator("[data-cell]").evaluateAll((cells) => cells.map((c) => [c.getAttribute("data-cell")!, c.textContent] as const));
  return new Map(pairs);
}

async function expectPlaneShown(page: Page, plane: string[][], label: string) {
  await expect(page.getByTestId("matrix").getByRole("columnheader").first()).toHaveText(label);
  await expect
    .poll(async () => {
      const cells = await drawnCells(page);
      const wrong = [...cells].filter(([at, text]) => {
        const [r, c] = at.split(",").map(Number);
        return plane[r][c] !== text;
      });
      return { drawn: cells.size > 20, wrong: wrong.slice(0, 3) };
    })
    .toEqual({ drawn: true, wrong: [] });
}

test.beforeAll(async () => {
  await putArray(process.env.E2E_BASE_URL!, "matrix:cube", cubeBytes());
});

test("the matrix shows numpy's values of the plane, after the slice slider moves and scrolled both ways", async ({ page }) => {
  await openArray(page, "matrix:cube", "?view=table");
  await expectPlaneShown(page, expectedPlane(0), "[0, :, :]");

  await page.getByLabel("Index on axis 0").fill("2");
  await page.getByLabel("Index on axis 0").press("Enter");
  const plane2 = expectedPlane(2);
  // Row 0 of this plane holds NaN and ±inf.
  await expectPlaneShown(page, plane2, "[2, :, :]");

  // Far down and right: the cells drawn are those in view, with the right values.
  await page.getByTestId("matrix").scrollIntoViewIfNeeded();
  await page.getByTestId("matrix").evaluate((el) => {
    el.scrollTop = 150 * 28;
    el.scrollLeft = el.scrollWidth;
  });
  await expect(page.locator('[data-cell="150,69"]')).toBeVisible();
  await expect(page.locator('[data-cell="0,0"]')).toHaveCount(0);
  await expectPlaneShown(page, plane2, "[2, :, :]");
  // The indices stay in view: row header 150 and column header 69.
  await expect(page.getByRole("rowheader", { name: "150", exact: true })).toBeInViewport();
  await expect(page.getByTestId("matrix").getByRole("columnheader", { name: "69", exact: true })).toBeInViewport();
});

test("go to element takes numpy's index tuple or a flat index, moves the slice and highlights the cell", async ({ page }) => {
  await openArray(page, "matrix:cube", "?view=table");
  await expectPlaneShown(page, expectedPlane(0), "[0, :, :]");
  const plane5 = expectedPlane(5);

  await page.getByLabel("Go to element").fill("(5, 299, 69)");
  await page.getByRole("button", { name: "Go", exact: true }).click();
  await expect(page.getByLabel("Index on axis 0")).toHaveValue("5");
  const cell = page.locator('[data-cell="299,69"]');
  await expect(cell).toBeInViewport();
  await expect(cell).toHaveAttribute("aria-current", "true");
  await expect(cell).toHaveText(plane5[299][69]);
  // The longest float64 text fits its column whole, not cut with "…".
  expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(page.getByTestId("goto-value")).toHaveText(`(5, 299, 69) = ${plane5[299][69]}`);
  await expectPlaneShown(page, plane5, "[5, :, :]");

  const flat = 4 * 300 * 70 + 150 * 70 + 33;
  await page.getByLabel("Go to element").fill(String(flat));
  await page.getByLabel("Go to element").press("Enter");
  await expect(page.getByLabel("Index on axis 0")).toHaveValue("4");
  await expect(page.locator('[data-cell="150,33"]')).toHaveAttribute("aria-current", "true");
  await expect(page.locator('[data-cell="150,33"]')).toHaveText(expectedPlane(4)[150][33]);

  await page.getByLabel("Go to element").fill("(6, 0, 0)");
  await page.getByLabel("Go to element").press("Enter");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("index 6 is out of range for axis 0 of length 6");
});

test("the matrix reaches every element of a 4096 × 4096 plane", async ({ page, baseURL }) => {
  // Element (r, c) is (4096 r + c) mod 251: every cell tells where it is.
  await putArray(baseURL!, "matrix:big", npy("(np.arange(4096 * 4096) % 251).astype(np.uint8).reshape(4096, 4096)"));
  const at = (r: number, c: number) => String((r * 4096 + c) % 251);
  await openArray(page, "matrix:big", "?view=table");
  await expect(page.locator('[data-cell="0,1"]')).toHaveText(at(0, 1));
  await page.getByTestId("matrix").scrollIntoViewIfNeeded();
  await page.getByTestId("matrix").evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    el.scrollLeft = el.scrollWidth;
  });
  await expect(page.locator('[data-cell="4095,4095"]')).toHaveText(at(4095, 4095));
  await expect(page.locator('[data-cell="4095,4095"]')).toBeInViewport();
  await page.getByLabel("Go to element").fill("(1234, 567)");
  await page.getByLabel("Go to element").press("Enter");
  await expect(page.locator('[data-cell="1234,567"]')).toHaveText(at(1234, 567));
  await expect(page.locator('[data-cell="1234,567"]')).toBeInViewport();
  await expect(page.locator('[data-cell="1234,567"]')).toHaveAttribute("aria-current", "true");
});

test("the flat list of a 3-D structured array lines its header up with its columns", async ({ page, baseURL }) => {
  await putArray(baseURL!, "matrix:records", npy("np.zeros((20, 30, 40), dtype=[('x', '<f4'), ('y', '<i8')])"));
  await openArray(page, "matrix:records", "?view=table");
  const table = page.getByTestId("value-table");
  const firstRow = table.getByRole("row").nth(1);
  await expect(firstRow).toContainText("(0, 0, 0)");
  for (const [column, name] of [
    [1, "x"],
    [2, "y"],
  ] as const) {
    const header = await table.getByRole("columnheader", { name, exact: true }).boundingBox();
    const cell = await firstRow.getByRole("cell").nth(column).boundingBox();
    expect(Math.round(header!.x)).toBe(Math.round(cell!.x));
  }
  await page.getByLabel("Go to element").fill("(19, 29, 39)");
  await page.getByLabel("Go to element").press("Enter");
  await expect(table.getByRole("row").filter({ hasText: "(19, 29, 39)" })).toBeVisible();
});
