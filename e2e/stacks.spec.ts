// Big image stacks: the page fetches the plane on screen (a Range of the .npy
// bytes) instead of the whole array, steps and plays through frames, and
// follows rewrites. The stack is written by NumPy: element [k, i, j] holds
// (k mod 256)·65536 + i·256 + j, exact in float32, so any value on screen can
// be checked against the index it claims.
import type { Page } from "@playwright/test";
import { gateRefinement } from "../tests/helpers/record-relay";
import { expect, openArray, pixelSummary, redisPy, test } from "./harness";

const KEY = "stack:big";
const FRAMES = 400;
const SIDE = 256;
const STACK_BYTES = FRAMES * SIDE * SIDE * 4;

const valueAt = (k: number, i: number, j: number) => (k % 256) * 65536 + i * 256 + j;

/** Writes the stack, plus `offset` on every element (a later version). */
function writeStack(offset: number): void {
  redisPy(
    `import io, numpy as np
k, i, j = np.ogrid[:${FRAMES}, :${SIDE}, :${SIDE}]
a = ((k % 256) * 65536 + i * 256 + j).astype(np.float32) + np.float32(sys.argv[2])
b = io.BytesIO(); np.save(b, a); r.execute_command("NP.SET", sys.argv[1], b.getvalue())`,
    KEY,
    String(offset),
  );
}

/** Counts the bytes of array data the page receives (bodies of /api/arrays/{key}). */
function countArrayBytes(page: Page): { total: number } {
  const counter = { total: 0 };
  page.on("response", async (response) => {
    if (!/\/api\/arrays\/[^/?]+(\?|$)/.test(new URL(response.url()).pathname)) return;
    const sizes = await response
      .request()
      .sizes()
      .catch(() => null);
    counter.total += sizes?.responseBodySize ?? 0;
  });
  return counter;
}

async function framePainted(page: Page, frame: string): Promise<void> {
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-frame", frame);
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
}

/** Hovers the middle of the heatmap and checks the element named there holds what its index says. */
async function hoverChecksValue(page: Page, offset = 0): Promise<number> {
  const area = page.getByTestId("heatmap-area");
  const box = (await area.boundingBox())!;
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 4);
  const hover = page.getByTestId("heatmap-hover");
  await expect(hover).toHaveText(/^\[\d+, \d+, \d+\] = /);
  const [, k, i, j, value] = /^\[(\d+), (\d+), (\d+)\] = (.+)$/.exec((await hover.textContent())!)!;
  expect(Number(value)).toBe(valueAt(Number(k), Number(i), Number(j)) + offset);
  return Number(k);
}

test.beforeAll(() => writeStack(0));

test("a big stack shows its first frame after fetching a small fraction of it, with the slice's exact values", async ({ page }) => {
  const received = countArrayBytes(page);
  await openArray(page, KEY);
  await framePainted(page, "0,0,0");
  expect(received.total, "bytes fetched before the first frame").toBeLessThan(STACK_BYTES / 20);
  await expect(page.getByRole("heading", { name: /Statistics of the plane \[0, :, :\]/ })).toBeVisible();
  await expect(page.getByTestId("stat-min")).toHaveText("0");
  await expect(page.getByTestId("stat-max")).toHaveText("65535");
  await hoverChecksValue(page);
  await expect(page.getByTestId("meta-sha256")).toContainText("not computed: only the planes on screen are downloaded");

  // The displayed axes swapped: still one Range per plane, the transposed values.
  await page.getByRole("button", { name: "swap" }).click();
  await expect(page).toHaveURL(/x=1/);
  await framePainted(page, "0,0,0");
  await hoverChecksValue(page);
  expect(received.total).toBeLessThan(STACK_BYTES / 20);
});

test("a click in the list opens the stack without the route's empty fallback in between, even when the page's script comes after the route", async ({
  page,
}) => {
  // React holds a page back until 300 ms after a fallback it showed: the list must stay until the page replaces it.
  await page.addInitScript(() => {
    const w = window as unknown as { fallbackShown: boolean };
    w.fallbackShown = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="array-route-fallback"]')) w.fallbackShown = true;
    }).observe(document, { childList: true, subtree: true });
  });
  // Nothing of the array route prefetched: the click asks for it, and for the scripts it names after that, which come late.
  await page.route(/[?&]_rsc=/, (route) => (route.request().headers()["next-router-prefetch"] ? route.fulfill({ status: 204 }) : route.fallback()));
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill(KEY);
  const row = page.locator(`[data-key="${KEY}"]`);
  await row.waitFor();
  await page.route(/\/_next\/static\/chunks\//, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.fallback();
  });
  await row.click();
  await framePainted(page, "0,0,0");
  expect(await page.evaluate(() => (window as unknown as { fallbackShown: boolean }).fallbackShown)).toBe(false);
});

test("a stack opened from the list reads its header and first frame in one request, with the frame's exact values", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill(KEY);
  const row = page.locator(`[data-key="${KEY}"]`);
  await row.waitFor();
  const ranges: string[] = [];
  page.on("request", (request) => {
    if (/\/api\/arrays\/[^/?]+$/.test(new URL(request.url()).pathname)) ranges.push(request.headers().range ?? "whole");
  });
  await row.click();
  await framePainted(page, "0,0,0");
  // The first request reads the file's start through the first frame, which no later one reads again
  // (they are frames fetched ahead, and a check of the header for a newer version).
  const [first, ...later] = ranges.map((range) => /^bytes=(\d+)-(\d+)$/.exec(range)!.slice(1).map(Number));
  expect(first[0]).toBe(0);
  expect(first[1] + 1).toBeGreaterThan(SIDE * SIDE * 4);
  expect(later.filter(([start, end]) => start <= first[1] && end >= first[1])).toEqual([]);
  await hoverChecksValue(page);
});

test("the keyboard steps through frames, one or ten at a time", async ({ page }) => {
  await openArray(page, KEY, "?idx=5,0,0");
  await framePainted(page, "5,0,0");
  await page.keyboard.press("ArrowRight");
  await framePainted(page, "6,0,0");
  await expect(page.getByTestId("stat-min")).toHaveText(String(valueAt(6, 0, 0)));
  await page.keyboard.press("Shift+ArrowRight");
  await framePainted(page, "16,0,0");
  await page.keyboard.press("ArrowLeft");
  await framePainted(page, "15,0,0");
  await expect(page.getByLabel("Index on axis 0")).toHaveValue("15");
  expect(await hoverChecksValue(page)).toBe(15);

  // Held colours: frames after the first only swap the picture; hover still reads the frame shown.
  await page.getByLabel("same colours for every frame").check();
  await page.keyboard.press("ArrowRight");
  await framePainted(page, "16,0,0");
  await page.keyboard.press("ArrowRight");
  await framePainted(page, "17,0,0");
  expect(await hoverChecksValue(page)).toBe(17);
});

test("after a step, hover reads the new frame under a pointer that did not move", async ({ page }) => {
  await openArray(page, KEY, "?idx=40,0,0");
  await framePainted(page, "40,0,0");
  expect(await hoverChecksValue(page)).toBe(40);
  await page.keyboard.press("ArrowRight");
  await framePainted(page, "41,0,0");
  await expect(page.getByTestId("heatmap-hover")).toHaveText(/^\[41, /);
  const [, k, i, j, value] = /^\[(\d+), (\d+), (\d+)\] = (.+)$/.exec((await page.getByTestId("heatmap-hover").textContent())!)!;
  expect(Number(value)).toBe(valueAt(Number(k), Number(i), Number(j)));
});

test("playback advances frames, pauses, and stops at the end without loop", async ({ page }) => {
  await openArray(page, KEY);
  await framePainted(page, "0,0,0");
  const play = page.getByRole("button", { name: "Play", exact: true });
  await play.click();
  await expect(play).toHaveAttribute("aria-pressed", "true");
  await expect
    .poll(async () => Number((await page.getByTestId("heatmap").getAttribute("data-frame"))?.split(",")[0]), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(5);
  await page.keyboard.press("Space");
  await expect(play).toHaveAttribute("aria-pressed", "false");
  const stopped = await page.getByLabel("Index on axis 0").inputValue();
  await page.waitForTimeout(500);
  await expect(page.getByLabel("Index on axis 0")).toHaveValue(stopped);

  await page.getByLabel("loop").uncheck();
  await page.getByLabel("stride").fill("100");
  await page.getByLabel("Index on axis 0").fill("0");
  await page.getByLabel("Index on axis 0").press("Enter");
  await framePainted(page, "0,0,0");
  await play.click();
  await expect(play).toHaveAttribute("aria-pressed", "false", { timeout: 10_000 });
  await framePainted(page, "300,0,0");
  expect(await hoverChecksValue(page)).toBe(300);
});

test("a plane across frames is gathered by the server from one version: numpy's transposed slice, without the whole download", async ({ page }) => {
  const received = countArrayBytes(page);
  await openArray(page, KEY, "?x=0&y=2&idx=0,7,0");
  await framePainted(page, "0,7,0");
  await expect(page.getByRole("heading", { name: /Statistics of the plane \[:, 7, :\]/ })).toBeVisible();
  await expectHoverInPlane(page, 7);
  await page.keyboard.press("ArrowRight");
  await framePainted(page, "0,8,0");
  await expectHoverInPlane(page, 8);
  expect(received.total, "bytes fetched for two gathered planes").toBeLessThan(STACK_BYTES / 20);
});

test("the Values tab shows the plane's statistics beside the matrix: numpy's figures for that frame", async ({ page }) => {
  const [min, max, count] = redisPy(
    `import io, numpy as np
p = np.load(io.BytesIO(r.execute_command("NP.GET", sys.argv[1])))[7]
print(int(p.min()), int(p.max()), p.size)`,
    KEY,
  )
    .trim()
    .split(" ")
    .map(Number);
  const received = countArrayBytes(page);
  await openArray(page, KEY, "?view=table&idx=7,0,0");
  await expect(page.getByRole("tab", { name: "Values" })).toHaveAttribute("aria-selected", "true");
  const plane = page.getByTestId("plane-stats");
  await expect(plane.getByRole("heading", { name: /Statistics of the plane \[7, :, :\]/ })).toBeVisible();
  await expect(plane.getByTestId("stat-min")).toHaveText(String(min));
  await expect(plane.getByTestId("stat-max")).toHaveText(String(max));
  await expect(plane.getByTestId("stat-count")).toHaveText(count.toLocaleString("en-US"));
  // The whole array's figures are still offered, not computed: only the plane was fetched.
  await expect(page.getByTestId("stats")).toContainText(/Statistics of the whole array/);
  expect(received.total, "bytes fetched for the matrix and its statistics").toBeLessThan(STACK_BYTES / 20);
});

test("a plane scattered element by element (axes 0 and 1 of a C-order stack) falls back to the whole download", async ({ page }) => {
  await openArray(page, KEY, "?x=0&y=1&idx=0,0,9");
  await framePainted(page, "0,0,9");
  const area = page.getByTestId("heatmap-area");
  const box = (await area.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.getByTestId("heatmap-hover");
  await expect(hover).toHaveText(/^\[\d+, \d+, 9\] = /);
  const [, k, i, value] = /^\[(\d+), (\d+), 9\] = (.+)$/.exec((await hover.textContent())!)!;
  expect(Number(value)).toBe(valueAt(Number(k), Number(i), 9));
});

/** Hovers the heatmap of the plane [:, i, :] and checks the element named there. */
async function expectHoverInPlane(page: Page, i: number): Promise<void> {
  const area = page.getByTestId("heatmap-area");
  const box = (await area.boundingBox())!;
  // Leave first, in case the pointer already rests there and no move would be reported.
  await page.mouse.move(box.x - 20, box.y - 20);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.getByTestId("heatmap-hover");
  await expect(hover).toHaveText(new RegExp(`^\\[\\d+, ${i}, \\d+\\] = `));
  const [, k, j, value] = /^\[(\d+), \d+, (\d+)\] = (.+)$/.exec((await hover.textContent())!)!;
  expect(Number(value)).toBe(valueAt(Number(k), i, Number(j)));
}

test("a rewrite of the stack refreshes the frame on screen", async ({ page }) => {
  test.setTimeout(60_000);
  await openArray(page, KEY, "?idx=3,0,0");
  await framePainted(page, "3,0,0");
  await expect(page.getByTestId("stat-min")).toHaveText(String(valueAt(3, 0, 0)));
  writeStack(1);
  await expect(page.getByTestId("stat-min")).toHaveText(String(valueAt(3, 0, 0) + 1), { timeout: 20_000 });
  await hoverChecksValue(page, 1);
  writeStack(0);
});

test.describe("arrays with a short axis, and long lines", () => {
  test.beforeAll(() =>
    redisPy(`import io, numpy as np
def put(key, a):
    b = io.BytesIO(); np.save(b, a); r.execute_command("NP.SET", key, b.getvalue())
rng = np.random.default_rng(5)
put("short:3x10000", rng.random((3, 10000), dtype=np.float32))
put("short:1x100000", rng.random((1, 100000), dtype=np.float32))
put("line:sine", np.sin(np.arange(1_000_000) / 50.0))`),
  );

  for (const key of ["short:3x10000", "short:1x100000"]) {
    test(`${key} fills a heatmap of its own aspect instead of a sliver`, async ({ page }) => {
      await openArray(page, key, "?view=heatmap");
      await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
      const drawn = (await page.getByTestId("heatmap-canvas").boundingBox())!;
      expect(drawn.height, "the heatmap's height on screen").toBeGreaterThan(100);
      expect(drawn.width).toBeGreaterThan(300);
    });
  }

  test("a million-sample sine draws a filled envelope, not two flat lines", async ({ page }) => {
    await openArray(page, "line:sine");
    await expect(page.getByTestId("lineplot")).toHaveAttribute("data-painted", "true");
    const pixels = await pixelSummary(page, "lineplot");
    expect(pixels.inked, "pixels inked by the band").toBeGreaterThan(60_000);
  });
});

test.describe("a 2-D plane far bigger than the plot", () => {
  const HUGE = "plane:4096x2048";
  const ROWS = 4096;
  const COLUMNS = 2048;
  const HUGE_BYTES = ROWS * COLUMNS * 4;
  /** One hot element away from the middle, at prime indices, so no strided sample of the plane lands on it. */
  const HOT = { row: 1009, column: 1511, value: 1e9 };
  test.beforeAll(() =>
    redisPy(
      `import io, numpy as np
a = np.arange(${ROWS * COLUMNS}, dtype=np.float32).reshape(${ROWS}, ${COLUMNS})
a[${HOT.row}, ${HOT.column}] = ${HOT.value}
b = io.BytesIO(); np.save(b, a); r.execute_command("NP.SET", sys.argv[1], b.getvalue())`,
      HUGE,
    ),
  );

  /** Holds the block reductions the page asks for after the sample until `release` is called, so the sample can be looked at first. */
  async function holdRefinement(page: Page): Promise<() => void> {
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/plane\?.*reduce=/, async (route) => {
      await released;
      await route.continue().catch(() => undefined);
    });
    return release;
  }

  /** The canvas's pixels as drawn: RGBA rows of `width` pixels. */
  async function canvasPixels(page: Page): Promise<{ width: number; height: number; data: number[] }> {
    const png = await page.getByTestId("heatmap-canvas").screenshot();
    return page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d")!;
      context.drawImage(bitmap, 0, 0);
      return { width: bitmap.width, height: bitmap.height, data: Array.from(context.getImageData(0, 0, bitmap.width, bitmap.height).data) };
    }, png.toString("base64"));
  }

  /** The pixels of rows [from, to) of the canvas, as fractions of its height. */
  function rowsOf(pixels: { width: number; height: number; data: number[] }, from: number, to: number): number[] {
    return pixels.data.slice(Math.round(from * pixels.height) * pixels.width * 4, Math.round(to * pixels.height) * pixels.width * 4);
  }

  /** Points at element (row, column) of the unzoomed plane and returns the hover text once it names a block holding that element. */
  async function hoverElement(page: Page, row: number, column: number, pattern: RegExp): Promise<{ text: string; from: number[]; to: number[] }> {
    const box = (await page.getByTestId("heatmap-canvas").boundingBox())!;
    const hover = page.getByTestId("heatmap-hover");
    const seen: string[] = [];
    const holds = (text: string) => {
      if (!pattern.test(text)) return false;
      const block = blockOf(text);
      return block.from[0] <= row && row <= block.to[0] && block.from[1] <= column && column <= block.to[1];
    };
    // The pointer lands within a pixel of the element; a neighbouring pixel may be another cell, so a few are tried.
    for (const [dx, dy] of [
      [0, 0],
      [-1, 0],
      [1, 0],
      [0, -1],
      [0, 1],
      [-1, -1],
      [1, 1],
      [-2, 0],
      [2, 0],
      [0, -2],
      [0, 2],
    ]) {
      await page.mouse.move(box.x + ((column + 0.5) / COLUMNS) * box.width + dx, box.y + ((row + 0.5) / ROWS) * box.height + dy);
      const found = await expect
        .poll(async () => holds((await hover.textContent()) ?? ""), { timeout: 1_500 })
        .toBe(true)
        .then(
          () => true,
          () => false,
        );
      const text = (await hover.textContent()) ?? "";
      seen.push(text);
      if (found) return { text, ...blockOf(text) };
    }
    throw new Error(`no pointer position near element [${row}, ${column}] named a block holding it; hover said: ${seen.join(" | ")}`);
  }

  /** The block a hover text names: "[i, j] = v (sample for a×b elements)" or "axis 0 i0–i1, axis 1 j0–j1: min …, max …". */
  function blockOf(text: string): { from: number[]; to: number[] } {
    const sample = /^\[(\d+), (\d+)\] = \S+ \(sample for (\d+)×(\d+) elements\)$/.exec(text);
    if (sample) {
      const [i, j, a, b] = sample.slice(1).map(Number);
      return { from: [i, j], to: [i + a - 1, j + b - 1] };
    }
    const [, i0, i1, j0, j1] = /^axis 0 (\d+)–(\d+), axis 1 (\d+)–(\d+):/.exec(text)!;
    return { from: [Number(i0), Number(j0)], to: [Number(i1), Number(j1)] };
  }

  /** Bytes of the array the page received, whole or as planes and windows. */
  function countPlaneBytes(page: Page): { total: number } {
    const counter = { total: 0 };
    page.on("response", async (response) => {
      if (!/\/api\/arrays\/[^/?]+(\/plane)?$/.test(new URL(response.url()).pathname)) return;
      const sizes = await response
        .request()
        .sizes()
        .catch(() => null);
      counter.total += sizes?.responseBodySize ?? 0;
    });
    return counter;
  }

  async function hoverCentre(page: Page): Promise<string> {
    const area = page.getByTestId("heatmap-canvas");
    const box = (await area.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 3);
    const hover = page.getByTestId("heatmap-hover");
    await expect(hover).toHaveText(/^\[\d+, \d+\] = /);
    return (await hover.textContent())!;
  }

  test("shows a sample first, and zooming in fetches the window at full resolution with numpy's exact values", async ({ page }) => {
    await holdRefinement(page);
    const received = countPlaneBytes(page);
    await openArray(page, HUGE);
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    await expect(page.getByTestId("heatmap-factor")).toHaveText(/^Sampled every \d+×\d+ elements/);
    const sampled = await hoverCentre(page);
    expect(sampled).toMatch(/\(sample for \d+×\d+ elements\)$/);
    const [, si, sj, sv] = /^\[(\d+), (\d+)\] = (\S+)/.exec(sampled)!;
    expect(Number(sv), "a sample is a real element").toBe(Number(si) * COLUMNS + Number(sj));
    await expect(page.getByRole("heading", { name: /Statistics of a sample of \[:, :\]/ })).toBeVisible();

    // One quick run of wheel turns on the middle (about 28× closer): the window is drawn one element per cell.
    const box = (await page.getByTestId("heatmap-canvas").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let turn = 0; turn < 24; turn++) await page.mouse.wheel(0, -100);
    await expect(page.getByTestId("heatmap-factor")).toHaveText(/^Full resolution \d+×\d+ of rows/);
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    const exact = await hoverCentre(page);
    const [, i, j, value] = /^\[(\d+), (\d+)\] = (\S+)$/.exec(exact)!;
    expect(Number(value)).toBe(Number(i) * COLUMNS + Number(j));
    expect(received.total, "bytes fetched for the sample, the statistics' sample and the zoomed windows").toBeLessThan(HUGE_BYTES / 5);
  });

  /** The window the label names ("… of rows a–b, columns c–d …"), or null for the whole plane. */
  async function shownWindow(page: Page): Promise<{ rows: [number, number]; columns: [number, number] } | null> {
    const match = /of rows (\d+)–(\d+), columns (\d+)–(\d+)/.exec((await page.getByTestId("heatmap-factor").textContent()) ?? "");
    if (!match) return null;
    const [r0, r1, c0, c1] = match.slice(1).map(Number);
    return { rows: [r0, r1], columns: [c0, c1] };
  }

  test("a wheel turn as soon as the first picture is painted zooms: the axes need nothing loaded after it", async ({ page }) => {
    await holdRefinement(page);
    await openArray(page, HUGE);
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    // Read once, not waited for: pan and zoom are live by the time the picture is.
    expect(await page.getByTestId("heatmap-axes").getAttribute("data-ready")).toBe("true");
    const box = (await page.getByTestId("heatmap-canvas").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let turn = 0; turn < 24; turn++) await page.mouse.wheel(0, -100);
    await expect(page.getByTestId("heatmap-factor")).toHaveText(/^Full resolution \d+×\d+ of rows/);
  });

  test("a drag pans the zoomed window (hover then names numpy's element), a double click shows the whole plane, a shift-drag zooms to its box", async ({
    page,
  }) => {
    await holdRefinement(page);
    await openArray(page, HUGE);
    const heatmap = page.getByTestId("heatmap");
    const factor = page.getByTestId("heatmap-factor");
    await expect(heatmap).toHaveAttribute("data-painted", "true");
    const box = (await page.getByTestId("heatmap-canvas").boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(centre.x, centre.y);
    for (let turn = 0; turn < 24; turn++) await page.mouse.wheel(0, -100);
    await expect(factor).toHaveText(/^Full resolution \d+×\d+ of rows/);
    const zoomed = (await shownWindow(page))!;

    // Dragging the picture up and left brings rows below and columns to the right into view.
    await page.mouse.down();
    await page.mouse.move(centre.x - 120, centre.y - 90, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await shownWindow(page))?.rows[0]).toBeGreaterThan(zoomed.rows[0]);
    const panned = (await shownWindow(page))!;
    expect(panned.columns[0]).toBeGreaterThan(zoomed.columns[0]);
    expect(panned.rows[1] - panned.rows[0], "a pan keeps the zoom").toBeCloseTo(zoomed.rows[1] - zoomed.rows[0], -1);
    await expect(factor).toHaveText(/^Full resolution /);
    await expect(heatmap).toHaveAttribute("data-painted", "true");
    const [, i, j, value] = /^\[(\d+), (\d+)\] = (\S+)$/.exec(await hoverCentre(page))!;
    expect(Number(i)).toBeGreaterThanOrEqual(panned.rows[0]);
    expect(Number(i)).toBeLessThanOrEqual(panned.rows[1]);
    expect(Number(j)).toBeGreaterThanOrEqual(panned.columns[0]);
    expect(Number(j)).toBeLessThanOrEqual(panned.columns[1]);
    expect(Number(value), "numpy's element a[i, j] = i·columns + j").toBe(Number(i) * COLUMNS + Number(j));

    await page.mouse.dblclick(centre.x, centre.y);
    await expect(factor).toHaveText(/^Sampled every \d+×\d+ elements to /);

    // A box 40 px square around a quarter of the way in: the zoom shows at least its elements, the box's centre in the middle.
    const corner = { x: box.x + box.width / 4, y: box.y + box.height / 4 };
    await page.keyboard.down("Shift");
    await page.mouse.move(corner.x, corner.y);
    await page.mouse.down();
    await page.mouse.move(corner.x + 40, corner.y + 40, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up("Shift");
    await expect(factor).toHaveText(/^Full resolution \d+×\d+ of rows/);
    const boxed = (await shownWindow(page))!;
    const boxRow = ((corner.y + 20 - box.y) / box.height) * ROWS;
    const boxColumn = ((corner.x + 20 - box.x) / box.width) * COLUMNS;
    expect(Math.abs((boxed.rows[0] + boxed.rows[1]) / 2 - boxRow), "rows centred on the box").toBeLessThan(4);
    expect(Math.abs((boxed.columns[0] + boxed.columns[1]) / 2 - boxColumn), "columns centred on the box").toBeLessThan(4);
    expect(boxed.columns[1] - boxed.columns[0] + 1).toBeGreaterThanOrEqual(Math.floor((40 / box.width) * COLUMNS));
  });

  test.describe("on a touch screen", () => {
    test.use({ hasTouch: true });

    test("two fingers spreading zoom in to full resolution, one finger dragging pans", async ({ page, context }) => {
      await holdRefinement(page);
      await openArray(page, HUGE);
      await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
      const box = (await page.getByTestId("heatmap-canvas").boundingBox())!;
      const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      // Playwright's touchscreen only taps: the fingers are the browser's own touch events, through the DevTools protocol.
      const cdp = await context.newCDPSession(page);
      const touch = (type: "touchStart" | "touchMove" | "touchEnd", fingers: { x: number; y: number }[]) =>
        cdp.send("Input.dispatchTouchEvent", { type, touchPoints: fingers.map((finger, id) => ({ ...finger, id })) });
      await touch("touchStart", [
        { x: centre.x - 20, y: centre.y },
        { x: centre.x + 20, y: centre.y },
      ]);
      for (let step = 1; step <= 10; step++)
        await touch("touchMove", [
          { x: centre.x - 20 - step * 15, y: centre.y },
          { x: centre.x + 20 + step * 15, y: centre.y },
        ]);
      await touch("touchEnd", []);
      await expect(page.getByTestId("heatmap-factor")).toHaveText(/^Full resolution \d+×\d+ of rows/);
      const pinched = (await shownWindow(page))!;

      await touch("touchStart", [centre]);
      for (let step = 1; step <= 10; step++) await touch("touchMove", [{ x: centre.x - step * 8, y: centre.y - step * 8 }]);
      await touch("touchEnd", []);
      await expect.poll(async () => (await shownWindow(page))?.rows[0]).toBeGreaterThan(pinched.rows[0]);
      expect((await shownWindow(page))!.columns[0]).toBeGreaterThan(pinched.columns[0]);
    });
  });

  test("the sample is refined in place to every block's maxima, where a lone hot element shows: numpy's block extremes", async ({ page }) => {
    const release = await holdRefinement(page);
    await openArray(page, HUGE, "?reduce=max");
    const factor = page.getByTestId("heatmap-factor");
    await expect(factor).toHaveText(/^Sampled every \d+×\d+ elements to \d+×\d+ \(refining to block maxima of every element…\)$/);
    const sampled = await hoverElement(page, HOT.row, HOT.column, /\(sample for \d+×\d+ elements\)$/);
    expect(sampled.from, "the sample stands for the hot element's block without being it").not.toEqual([HOT.row, HOT.column]);
    expect(sampled.text).toMatch(new RegExp(`^\\[${sampled.from.join(", ")}\\] = ${sampled.from[0] * COLUMNS + sampled.from[1]} `));

    release();
    await expect(factor).toHaveText(/^Downsampled \d+×\d+ \(block maxima of every element\) to \d+×\d+$/);
    await expect(factor).toHaveAttribute("data-refining", "false");
    const refined = await hoverElement(page, HOT.row, HOT.column, /^axis 0 \d+–\d+, axis 1 \d+–\d+: min /);
    const [min, max] = redisPy(
      `import io, numpy as np
a = np.load(io.BytesIO(r.execute_command("NP.GET", sys.argv[1])))
block = a[${refined.from[0]}:${refined.to[0] + 1}, ${refined.from[1]}:${refined.to[1] + 1}]
print(float(block.min()), float(block.max()))`,
      HUGE,
    )
      .trim()
      .split(" ")
      .map(Number);
    expect(max, "numpy's maximum of the block is the hot element").toBe(HOT.value);
    const [, shownMin, shownMax] = /: min (\S+), max (\S+)$/.exec(refined.text)!;
    expect(Number(shownMax)).toBe(max);
    expect(Math.abs(Number(shownMin) - min) / min, "the block minimum, to the 4 digits shown").toBeLessThan(1e-3);

    // The colour scale is back: changing it repaints the refined blocks, never the sample again.
    await page.getByLabel("Scale").selectOption("symlog");
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    await expect(factor).toHaveText(/^Downsampled /);
  });

  test("the refinement is painted band by band as it arrives: refined above, still sampled below, then numpy's blocks throughout", async ({ page }) => {
    // The first band of blocks holds the plane's first 1024 of 4096 rows (8 MiB); the colours are pinned so only values change them.
    const { gate, close } = await gateRefinement(page);
    await openArray(page, HUGE, `?reduce=max&min=0&max=${ROWS * COLUMNS}`);
    const factor = page.getByTestId("heatmap-factor");
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    await expect(factor).toHaveText(/^Sampled every \d+×\d+ elements to \d+×\d+ \(refining to block maxima of every element…\)$/);
    const sample = await canvasPixels(page);

    gate.pass(1);
    await expect(factor).toHaveText(/^Sampled every \d+×\d+ elements to \d+×\d+ \(refining to block maxima of every element… (2[4-6]) %\)$/);
    await expect(factor).toHaveAttribute("data-refining", "true");
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    const partial = await canvasPixels(page);

    gate.pass(Infinity);
    await expect(factor).toHaveText(/^Downsampled \d+×\d+ \(block maxima of every element\) to \d+×\d+$/);
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    const refined = await canvasPixels(page);
    await close();

    expect(rowsOf(refined, 0.02, 0.2), "the maxima differ from the sampled elements").not.toEqual(rowsOf(sample, 0.02, 0.2));
    expect(rowsOf(partial, 0.02, 0.2), "the first band is drawn as its blocks' maxima").toEqual(rowsOf(refined, 0.02, 0.2));
    expect(rowsOf(partial, 0.35, 0.98), "the rest is still the sample").toEqual(rowsOf(sample, 0.35, 0.98));
    expect(rowsOf(refined, 0.35, 0.98)).not.toEqual(rowsOf(sample, 0.35, 0.98));

    // The whole answer is numpy's: the block holding the hot element has it as its maximum.
    const hot = await hoverElement(page, HOT.row, HOT.column, /^axis 0 \d+–\d+, axis 1 \d+–\d+: min /);
    const max = redisPy(
      `import io, numpy as np
a = np.load(io.BytesIO(r.execute_command("NP.GET", sys.argv[1])))
print(float(a[${hot.from[0]}:${hot.to[0] + 1}, ${hot.from[1]}:${hot.to[1] + 1}].max()))`,
      HUGE,
    );
    expect(Number(/, max (\S+)$/.exec(hot.text)![1])).toBe(Number(max));
  });

  test("the aspect toggle switches between square cells and a plot that fills the width", async ({ page }) => {
    await openArray(page, HUGE);
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-aspect", "equal");
    const equal = (await page.getByTestId("heatmap-canvas").boundingBox())!;
    expect(equal.height / equal.width, "square cells: as tall as the array is").toBeCloseTo(ROWS / COLUMNS, 1);
    await page.getByLabel("Aspect").selectOption("fill");
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-aspect", "fill");
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
    const filled = (await page.getByTestId("heatmap-canvas").boundingBox())!;
    expect(filled.width).toBeGreaterThan(equal.width * 1.5);
    expect(filled.height / filled.width).toBeLessThan(1);
    const pixels = await pixelSummary(page, "heatmap");
    expect(pixels.colours, "the filled plot is painted").toBeGreaterThan(50);
  });
});
