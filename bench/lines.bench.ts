// Line re-bucketing benchmark (issue 11): how long the worker takes to bucket
// a window of a long line into min/max pairs, in Node: by scanning the window
// (lib/npy's lineEnvelope, what every zoom cost before the pyramid) and from
// the line's min/max pyramid (pyramidEnvelope, what a zoom costs now), side by
// side, with the pyramid's one-off build; and, in headless Chromium against the real app and Redis, how long a
// zoom or a double-click takes from the mouse button's release to the new
// window painted, with the longest main-thread task meanwhile. Cases are run
// in interleaved rounds so a busy machine weighs on all of them alike.
//
//   npm run bench:lines             (NEXT_DIST_DIR=.next-ui npm run bench:lines for another build)
//   npm run bench:lines -- bucketing (the Node part only)
import type { Page } from "@playwright/test";
import { buildLinePyramid, lineEnvelope, pyramidBytes, pyramidEnvelope, type LinePyramid, type NumericView } from "../lib/npy";
import { launchChromium, runPython, startStack } from "../tests/helpers";
import { observeLongTasks, type LongTask } from "./long-tasks";
import { median } from "./statistics";

const PIXELS = 800;
const BUCKET_ROUNDS = 9;
const ZOOM_ROUNDS = 5;

function sineView(length: number, Type: Float32ArrayConstructor | Float64ArrayConstructor): NumericView {
  const values = new Type(length);
  for (let i = 0; i < length; i++) values[i] = Math.sin(i / 50) + ((i * 7919) % 101) / 1000;
  return { values, shape: [length], strides: [1], exact: true };
}

interface BucketCase {
  label: string;
  view: NumericView;
  start: number;
  end: number;
  maxPoints: number;
}

function bucketCases(): BucketCase[] {
  const million = sineView(1e6, Float64Array);
  const tenMillion = sineView(1e7, Float64Array);
  const hundredMillion = sineView(1e8, Float32Array);
  const whole = (label: string, view: NumericView): BucketCase => ({ label, view, start: 0, end: view.shape[0], maxPoints: PIXELS });
  const middle = (label: string, view: NumericView, span: number, maxPoints = PIXELS): BucketCase => {
    const start = Math.floor(view.shape[0] / 2 - span / 2);
    return { label, view, start, end: start + span, maxPoints };
  };
  return [
    whole("10⁶ float64, whole line", million),
    middle("10⁶ float64, 1 % in view", million, 1e4),
    middle("10⁶ float64, 3 200 elements, each drawn", million, 3200, 3200),
    whole("10⁷ float64, whole line", tenMillion),
    middle("10⁷ float64, 10 % in view", tenMillion, 1e6),
    whole("10⁸ float32 (400 MB), whole line", hundredMillion),
    middle("10⁸ float32, 1 % in view", hundredMillion, 1e6),
  ];
}

function bucketingRows(): string[] {
  const cases = bucketCases();
  const scans = cases.map(() => [] as number[]);
  const fromPyramids = cases.map(() => [] as number[]);
  const builds = new Map<NumericView, number[]>();
  const pyramids = new Map<NumericView, LinePyramid>();
  for (let round = 0; round < BUCKET_ROUNDS; round++) {
    cases.forEach((c, i) => {
      const range = { start: c.start, end: c.end };
      let t0 = performance.now();
      lineEnvelope(c.view, c.maxPoints, 0, undefined, range);
      scans[i].push(performance.now() - t0);
      if (!pyramids.has(c.view) || round < 3) {
        t0 = performance.now();
        pyramids.set(c.view, buildLinePyramid(c.view, 0, [0]));
        builds.set(c.view, [...(builds.get(c.view) ?? []), performance.now() - t0]);
      }
      t0 = performance.now();
      pyramidEnvelope(pyramids.get(c.view)!, c.maxPoints, range);
      fromPyramids[i].push(performance.now() - t0);
    });
  }
  const rows = cases.map(
    (c, i) =>
      `| ${c.label} → ${Math.min(c.maxPoints, c.end - c.start).toLocaleString("en-US")} buckets | ${median(scans[i]).toFixed(2)} ms | ${median(fromPyramids[i]).toFixed(3)} ms |`,
  );
  const lines = [...new Set(cases.map((c) => c.view))];
  const buildRows = lines.map((view) => {
    const label = cases.find((c) => c.view === view)!.label.split(",")[0];
    const mib = (pyramidBytes(pyramids.get(view)!) / 2 ** 20).toFixed(1);
    return `| building the pyramid of ${label} (once per line; ${mib} MiB) | — | ${median(builds.get(view)!).toFixed(1)} ms |`;
  });
  return [...rows, ...buildRows];
}

interface Step {
  ms: number;
  longestTask: number;
}

/** Releases the mouse (ending a zoom drag) or double-clicks, then waits for another window painted. */
async function timed(page: Page, act: () => Promise<void>): Promise<Step> {
  const plot = page.getByTestId("lineplot");
  const before = await plot.getAttribute("data-window");
  const t0 = await page.evaluate(() => performance.now());
  await act();
  await page.waitForFunction((previous) => {
    const el = document.querySelector('[data-testid="lineplot"]');
    return el?.getAttribute("data-window") !== previous && el?.getAttribute("data-painted") === "true";
  }, before);
  return page.evaluate((start) => {
    const w = window as unknown as { __longTasks: LongTask[] };
    const painted = performance.getEntriesByName("line:painted").at(-1)!.startTime;
    const during = w.__longTasks.filter((t) => t.start + t.duration >= start);
    return { ms: painted - start, longestTask: Math.max(0, ...during.map((t) => t.duration)) };
  }, t0);
}

/** Drags the zoom box over the middle tenth of the plot; the time runs from the release. */
async function zoomToMiddleTenth(page: Page): Promise<Step> {
  const box = (await page.locator('[data-testid="lineplot"] .nsewdrag').first().boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.45, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, y, { steps: 4 });
  return timed(page, () => page.mouse.up());
}

async function resetZoom(page: Page): Promise<Step> {
  return timed(page, () => page.locator('[data-testid="lineplot"] .nsewdrag').first().dblclick());
}

const ARRAYS = [
  { key: "bench:line:1e6:f8", length: 1e6, label: "10⁶ float64 (7.6 MiB)" },
  { key: "bench:line:1e7:f8", length: 1e7, label: "10⁷ float64 (76 MiB)" },
];
const STEPS = ["zoom to 10 %", "zoom to 1 %", "zoom to 0.1 %", "double-click: whole line"];

async function zoomRows(): Promise<string[]> {
  const stack = await startStack({ redis: { notifyKeyspaceEvents: "" } });
  const browser = await launchChromium();
  try {
    runPython(
      `import io, sys, numpy as np, redis
r = redis.Redis(port=${stack.redis.port})
for key, n in zip(sys.argv[1::2], sys.argv[2::2]):
    i = np.arange(int(n))
    b = io.BytesIO(); np.save(b, np.sin(i / 50.0) + (i * 7919 % 101) / 1000.0); r.execute_command("NP.SET", key, b.getvalue())`,
      ARRAYS.flatMap((a) => [a.key, String(a.length)]),
    );
    const pages: Page[] = [];
    for (const a of ARRAYS) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.addInitScript(observeLongTasks);
      await page.goto(`${stack.app.url}/arrays/${encodeURIComponent(a.key)}`);
      await page.waitForSelector('[data-testid="lineplot"][data-painted="true"]', { timeout: 120_000 });
      await page.locator('[data-testid="lineplot"] .modebar-btn[data-title="Zoom"]').click();
      pages.push(page);
    }
    const results = ARRAYS.map(() => STEPS.map(() => [] as Step[]));
    for (let round = 0; round < ZOOM_ROUNDS; round++) {
      for (const [i, page] of pages.entries()) {
        for (let z = 0; z < 3; z++) results[i][z].push(await zoomToMiddleTenth(page));
        results[i][3].push(await resetZoom(page));
      }
    }
    return ARRAYS.flatMap((a, i) =>
      STEPS.map((step, s) => {
        const steps = results[i][s];
        return `| ${a.label}, ${step} | ${median(steps.map((t) => t.ms)).toFixed(0)} ms | ${Math.max(...steps.map((t) => t.longestTask)).toFixed(0)} ms |`;
      }),
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `Bucketing a window into min/max pairs, median of ${BUCKET_ROUNDS} interleaved rounds: a scan of the window (lineEnvelope) and the pyramid (pyramidEnvelope):\n`,
  );
  console.log("| line, window | scan | pyramid |\n|---|---|---|");
  for (const row of bucketingRows()) console.log(row);
  if (process.argv.slice(2).includes("bucketing")) return;
  console.log(
    `\nZoom in the browser: mouse released → new window painted, median of ${ZOOM_ROUNDS} interleaved rounds (longest main-thread task: the worst of them):\n`,
  );
  console.log("| line, step | release → painted | longest main-thread task |\n|---|---|---|");
  for (const row of await zoomRows()) console.log(row);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
