// Lines and whole-array statistics: a long 1-D line is a filled min/max
// envelope that re-buckets the window on screen as it is zoomed, down to the
// elements themselves; a 2-D array's rows and columns are lines of their own;
// arrays with a short axis open as lines; a big stack's whole-array statistics
// and hash come after a download whose progress is shown while its planes stay
// in view. NumPy, reading the arrays back from Redis, is the reference for
// every number on screen.
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { runPython } from "../tests/helpers";
import { expect, openArray, pixelSummary, redisPort, redisPy, test } from "./harness";

const SINE = "lines:sine";
const GRID = "lines:grid";
const STACK = "lines:stack";
const STACK_SHAPE = [48, 256, 256];

test.beforeAll(() =>
  redisPy(`import io, numpy as np
def put(key, a):
    b = io.BytesIO(); np.save(b, a); r.execute_command("NP.SET", key, b.getvalue())
rng = np.random.default_rng(11)
put("${SINE}", np.sin(np.arange(1_000_000) / 50.0))
put("${GRID}", rng.standard_normal((150, 1500)))
put("lines:3x10000", np.stack([np.sin(np.arange(10_000) / 300.0) + 3 * k for k in range(3)]).astype(np.float32))
put("lines:1x100000", np.sin(np.arange(100_000) / 2000.0)[None, :] + rng.random((1, 100_000)) * 0.1)
put("${STACK}", rng.random((${STACK_SHAPE.join(", ")}), dtype=np.float32) * 1000 + 1)`),
);

/** Runs Python with `a`, the array stored under `key`, loaded from Redis by numpy; prints JSON of `expression` evaluated with `args` in scope. */
function numpy<T>(key: string, expression: string, args: unknown = null): T {
  const script = `import io, json, sys, hashlib, numpy as np, redis
raw = redis.Redis(port=${redisPort()}).execute_command("NP.GET", sys.argv[1])
a = np.load(io.BytesIO(raw))
args = json.loads(sys.stdin.read())
print(json.dumps(${expression}))`;
  return JSON.parse(runPython(script, [key], Buffer.from(JSON.stringify(args))).toString()) as T;
}

interface DrawnTrace {
  name: string;
  fill: string | undefined;
  x: number[];
  y: number[];
}

/** The traces Plotly holds for the line plot: what it draws. */
function drawnTraces(page: Page): Promise<DrawnTrace[]> {
  return page.getByTestId("lineplot").evaluate((el) =>
    (el as unknown as { data: { name: string; fill?: string; x: ArrayLike<number>; y: ArrayLike<number> }[] }).data.map((t) => ({
      name: t.name,
      fill: t.fill,
      x: Array.from(t.x),
      y: Array.from(t.y),
    })),
  );
}

/** Waits until a figure shows `want` to the six significant digits the panel prints. */
async function expectFigure(figure: Locator, want: number): Promise<void> {
  await expect.poll(async () => Math.abs(Number(await figure.textContent()) - want) <= Math.abs(want) * 1e-5, { message: `${want}` }).toBe(true);
}

async function linePainted(page: Page): Promise<void> {
  await expect(page.getByTestId("lineplot")).toHaveAttribute("data-painted", "true");
}

/** Waits for the plot to show another window than `previous`, then for it to be painted. */
async function rebucketed(page: Page, previous: string | null): Promise<string> {
  const plot = page.getByTestId("lineplot");
  await expect.poll(() => plot.getAttribute("data-window")).not.toBe(previous);
  await linePainted(page);
  return (await plot.getAttribute("data-window"))!;
}

/** Drags a zoom box across the plot between two fractions of its width (the y axis is fixed, so the box spans the index axis). */
async function zoomBox(page: Page, from: number, to: number): Promise<void> {
  const area = page.locator('[data-testid="lineplot"] .nsewdrag').first();
  const box = (await area.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 4 });
  await page.mouse.up();
}

/** Checks the envelope drawn (the min and max traces) against numpy's min and max of every bucket. */
async function envelopeMatchesNumpy(page: Page): Promise<number> {
  const plot = page.getByTestId("lineplot");
  const factor = Number(await plot.getAttribute("data-factor"));
  const end = Number((await plot.getAttribute("data-window"))!.split(",")[1]);
  expect(factor, "elements per bucket").toBeGreaterThan(1);
  const [band] = await drawnTraces(page);
  expect(band.fill, "the envelope is a filled band").toBe("toself");
  // The band goes along the maxima and comes back along the minima.
  const half = band.x.length / 2;
  const starts = band.x.slice(0, half);
  const maxes = band.y.slice(0, half);
  const mins = band.y.slice(half).reverse();
  expect(band.x.slice(half).reverse()).toEqual(starts);
  const [lo, hi] = numpy<[number[], number[]]>(
    SINE,
    "[[float(a[s:min(s + args['f'], args['end'])].min()) for s in args['x']], [float(a[s:min(s + args['f'], args['end'])].max()) for s in args['x']]]",
    { x: starts, f: factor, end },
  );
  expect(mins).toEqual(lo);
  expect(maxes).toEqual(hi);
  return factor;
}

test("a million-sample line is a filled envelope that re-buckets on zoom, down to numpy's own samples", async ({ page }) => {
  await openArray(page, SINE);
  await linePainted(page);
  expect((await pixelSummary(page, "lineplot")).inked, "pixels inked by the band").toBeGreaterThan(60_000);
  const wholeFactor = await envelopeMatchesNumpy(page);
  let window = (await page.getByTestId("lineplot").getAttribute("data-window"))!;

  // Zoom with the toolbar's box, three times: every window is bucketed afresh, finer each time.
  await page.locator('[data-testid="lineplot"] .modebar-btn[data-title="Zoom"]').click();
  await zoomBox(page, 0.45, 0.55);
  window = await rebucketed(page, window);
  const zoomedFactor = await envelopeMatchesNumpy(page);
  expect(zoomedFactor).toBeLessThan(wholeFactor / 5);
  await zoomBox(page, 0.45, 0.55);
  window = await rebucketed(page, window);
  await zoomBox(page, 0.4, 0.6);
  window = await rebucketed(page, window);

  // Few enough elements in view: the line is drawn through numpy's samples themselves.
  await expect(page.getByTestId("lineplot")).toHaveAttribute("data-factor", "1");
  const [samples] = await drawnTraces(page);
  expect(samples.name).toBe("value");
  expect(samples.x.length).toBeGreaterThan(10);
  expect(samples.x).toEqual(Array.from({ length: samples.x.length }, (_, i) => samples.x[0] + i));
  expect(samples.y).toEqual(numpy<number[]>(SINE, "[float(v) for v in a[args[0]:args[1]]]", [samples.x[0], samples.x[0] + samples.x.length]));
  await expect(page.getByTestId("line-detail")).toContainText("every element drawn");

  // Double-click: the whole line again, as an envelope.
  const area = page.locator('[data-testid="lineplot"] .nsewdrag').first();
  await area.dblclick();
  await rebucketed(page, window);
  expect(await envelopeMatchesNumpy(page)).toBe(wholeFactor);
});

test("a 2-D array's row and column profiles are numpy's rows and columns", async ({ page }) => {
  await openArray(page, GRID, "?view=line");
  await linePainted(page);
  await expect(page.getByTestId("profile-name")).toHaveText("[0, :]");

  await page.getByLabel("Row index").fill("7");
  await page.getByLabel("Row index").press("Enter");
  await expect(page).toHaveURL(/at=7/);
  await expect.poll(async () => (await drawnTraces(page))[0]?.name).toBe("[7, :]");
  await linePainted(page);
  let [line] = await drawnTraces(page);
  expect(line.x).toEqual(Array.from({ length: 1500 }, (_, i) => i));
  expect(line.y).toEqual(numpy<number[]>(GRID, "a[7, :].tolist()"));

  await page.getByRole("radio", { name: "Columns" }).click();
  await expect(page.getByTestId("profile-name")).toHaveText("[:, 0]");
  await page.getByLabel("Column index").fill("1234");
  await page.getByLabel("Column index").press("Enter");
  await expect.poll(async () => (await drawnTraces(page))[0]?.name).toBe("[:, 1234]");
  await linePainted(page);
  [line] = await drawnTraces(page);
  expect(line.x).toEqual(Array.from({ length: 150 }, (_, i) => i));
  expect(line.y).toEqual(numpy<number[]>(GRID, "a[:, 1234].tolist()"));
});

for (const [key, rows] of [
  ["lines:3x10000", ["[0, :]", "[1, :]", "[2, :]"]],
  ["lines:1x100000", ["[0, :]"]],
] as const) {
  test(`${key} opens as lines, one per row, with its heatmap a tab away`, async ({ page }) => {
    await openArray(page, key);
    await expect(page.getByRole("tab", { name: "Line" })).toHaveAttribute("aria-selected", "true");
    await linePainted(page);
    const names = [...new Set((await drawnTraces(page)).map((t) => t.name))];
    expect(names).toEqual(rows);
    const plotArea = (await page.locator('[data-testid="lineplot"] .nsewdrag').first().boundingBox())!;
    expect(plotArea.height, "the plot's height on screen").toBeGreaterThan(200);
    expect((await pixelSummary(page, "lineplot")).inked, "pixels inked by the lines").toBeGreaterThan(5_000);

    await page.getByRole("tab", { name: "Heatmap" }).click();
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  });
}

/**
 * Holds the stack's whole download (a GET without Range; frames are Ranges)
 * in the browser until the returned function is called, so its progress can be
 * looked at however fast the machine is. The bytes are still the server's.
 */
async function holdWholeDownload(context: BrowserContext): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route(
    (url) => url.pathname === `/api/arrays/${encodeURIComponent(STACK)}`,
    async (route) => {
      if (route.request().method() === "GET" && !route.request().headers().range) await held;
      // A cancelled download's request is gone by then.
      await route.continue().catch(() => undefined);
    },
  );
  return release;
}

test("a big stack's whole-array statistics show the download's progress, then numpy's figures and hash, the plane's beside them", async ({ page, context }) => {
  await openArray(page, STACK, "?idx=5,0,0");
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  const plane = numpy<{ min: number; max: number }>(STACK, "{'min': float(a[5].min()), 'max': float(a[5].max())}");
  const planeStats = page.getByTestId("plane-stats");
  await expect(planeStats.getByRole("heading")).toHaveText(/Statistics of the plane \[5, :, :\]/);
  await expectFigure(planeStats.getByTestId("stat-min"), plane.min);
  await expectFigure(planeStats.getByTestId("stat-max"), plane.max);
  await expect(page.getByTestId("meta-sha256")).toContainText("only the planes on screen are downloaded");

  // The whole download is held until its progress bar has been seen.
  const release = await holdWholeDownload(context);
  const arrayStats = page.getByTestId("stats");
  await expect(arrayStats.getByRole("heading")).toHaveText("Statistics of the whole array");
  await arrayStats.getByRole("button", { name: /Download the whole array \(12 MiB\)/ }).click();
  const progress = page.getByTestId("whole-progress");
  await expect(progress).toBeVisible();
  await expect(progress).toContainText("Downloading the whole array");
  await expect(page.getByTestId("meta-sha256")).toContainText("computed once the whole array is downloaded");

  // Meanwhile the planes stay in view: another frame, with its own statistics.
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-frame", "6,0,0");
  await expect(planeStats.getByRole("heading")).toHaveText(/\[6, :, :\]/);
  await expect(progress).toBeVisible();

  release();
  await expect(progress).toBeHidden();
  const want = numpy<{ min: number; max: number; mean: number; std: number; sha: string }>(
    STACK,
    "{'min': float(a.min()), 'max': float(a.max()), 'mean': float(a.astype(np.float64).mean()), 'std': float(a.astype(np.float64).std()), 'sha': hashlib.sha256(raw).hexdigest()}",
  );
  for (const stat of ["min", "max", "mean", "std"] as const) await expectFigure(arrayStats.getByTestId(`stat-${stat}`), want[stat]);
  await expect(page.getByTestId("meta-sha256")).toHaveText(want.sha);
  await expect(planeStats.getByRole("heading")).toHaveText(/\[6, :, :\]/);
});

test("the whole download can be cancelled and asked for again, the planes in view throughout", async ({ page, context }) => {
  await openArray(page, STACK, "?idx=2,0,0");
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  const release = await holdWholeDownload(context);
  const arrayStats = page.getByTestId("stats");
  await arrayStats.getByRole("button", { name: /Download the whole array/ }).click();
  await expect(page.getByTestId("whole-progress")).toBeVisible();
  await page.getByTestId("whole-progress").getByRole("button", { name: "Cancel" }).click();
  await expect(arrayStats.getByTestId("whole-failed")).toHaveText("The whole array was not downloaded (cancelled).");
  await expect(page.getByTestId("meta-sha256")).toContainText("not computed: the download of all 12 MiB stopped");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-frame", "3,0,0");

  release();
  await arrayStats.getByRole("button", { name: "Download it again (12 MiB)" }).click();
  const want = numpy<{ max: number }>(STACK, "{'max': float(a.max())}");
  await expectFigure(arrayStats.getByTestId("stat-max"), want.max);
});
