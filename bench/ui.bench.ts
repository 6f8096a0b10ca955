// UI benchmark (issue 5): from clicking an array in the list to its heatmap
// painted, for 256×256 float64, 2048×2048 float32 (16 MiB) and 8192×8192
// float32 (256 MiB), with the longest main-thread task while it loads; the
// browse list of 10 000 arrays rendering its first screen; and (issue 11)
// stacks of 2000×256×256 float32 (500 MiB) and 64×1024×1024 float32 (256 MiB):
// click → first frame with the bytes it took, a step to a prefetched and to a
// not yet fetched frame, playback's painted frames per second and a slider
// drag, with the longest main-thread task; and a 16384×8192 float32 plane
// (512 MiB): click → first (sampled) view, → that sample refined to block
// means of every element, a box zoom to a window of about 512² elements →
// painted at full resolution, the longest main-thread task in the 3 s after
// the first picture and how soon after it a wheel turn zooms; and a new user's first click on the 256² stack in a fresh
// browser (nothing cached) and after a reload. Real Redis, the real built app
// (NEXT_DIST_DIR, default .next), Debian's Chromium.
//
//   npm run bench:ui            (NEXT_DIST_DIR=.next-ui npm run bench:ui for another build)
//   npm run bench:ui -- stacks  (the stack and huge-plane measurements only)
//   npm run bench:ui -- huge    (the huge plane only)
//   npm run bench:ui -- budget  (a 4096×256×256 float32 stack of 1 GiB, the limits raised, opened
//                                beside a 16×256×256 one; and the tab's memory, page and workers,
//                                at the first frame and after playing 300 frames of each stack
//                                above, against the plane cache's budget)
//   BENCH_TREES=.next-main,.next npm run bench:ui   (the stacks of two builds, in interleaved rounds; BENCH_ROUNDS, default 4)
import os from "node:os";
import type { Browser, Page } from "@playwright/test";
import { launchChromium, runPython, startApp, startRedis, startStack, type TestApp } from "../tests/helpers";
import { PLANE_CACHE_BUDGET } from "../lib/client/plane-source";
import { observeLongTasks, type LongTask } from "./long-tasks";
import { seedFrames } from "./seed-frames";
import { median } from "./statistics";
import { heldBytes, TabMemoryProbe, type TabMemory } from "./tab-memory";

const LIST_ARRAYS = 10_000;
interface StackCase {
  key: string;
  frames: number;
  side: number;
  label: string;
  runs: number;
}
const STACKS: StackCase[] = [
  { key: "bench:stack:2000x256x256:f4", frames: 2000, side: 256, label: "2000×256×256 float32 (500 MiB)", runs: 3 },
  { key: "bench:stack:64x1024x1024:f4", frames: 64, side: 1024, label: "64×1024×1024 float32 (256 MiB)", runs: 1 },
];
/** A stack over the default 512 MiB limit (opened with the limits raised), and a small one to open beside it. */
const GIB_STACK: StackCase = { key: "bench:stack:4096x256x256:f4", frames: 4096, side: 256, label: "4096×256×256 float32 (1 GiB)", runs: 3 };
const SMALL_STACK: StackCase = { key: "bench:stack:16x256x256:f4", frames: 16, side: 256, label: "16×256×256 float32 (4 MiB)", runs: 3 };
/** The limits raised for a 1 GiB array and its header (MAX_UPLOAD_BYTES, and Redis's proto-max-bulk-len sized to it). */
const RAISED_LIMIT_BYTES = 2 ** 30 + 2 ** 20;
/** Frames painted in playback before the tab's memory is sampled again. */
const MEMORY_PLAYED_FRAMES = 300;
/** How long playback may take to paint them (1024² frames under load come at a few per second). */
const MEMORY_PLAYBACK_LIMIT_MS = 180_000;
const HUGE = { key: "bench:plane:16384x8192:f4", rows: 16384, columns: 8192, label: "16384×8192 float32 (512 MiB)", runs: 3 };
/** How long after the first picture its long tasks are watched (Plotly's axes, where a build has them, come in it). */
const AFTER_PICTURE_MS = 3000;
const FIRST_CLICK_RUNS = 3;
const PLAYBACK_SECONDS = 4;

const CASES = [
  { key: "bench:256x256:f8", expr: "np.random.default_rng(1).random((256, 256))", label: "256×256 float64 (512 KiB)", target: 300, runs: 5 },
  {
    key: "bench:2048x2048:f4",
    expr: "np.random.default_rng(2).random((2048, 2048), dtype=np.float32)",
    label: "2048×2048 float32 (16 MiB)",
    target: 1000,
    runs: 3,
  },
  {
    key: "bench:8192x8192:f4",
    expr: "np.random.default_rng(3).random((8192, 8192), dtype=np.float32)",
    label: "8192×8192 float32 (256 MiB)",
    target: 3000,
    runs: 2,
  },
];

/** Stores arrays straight into Redis with redis-py, as a Python producer would. */
function seed(port: number): void {
  const script = `
import io, sys, numpy as np, redis
r = redis.Redis(port=${port})
def npy(a):
    b = io.BytesIO(); np.save(b, a); return b.getvalue()
for key, expr in zip(sys.argv[1::2], sys.argv[2::2]):
    r.execute_command("NP.SET", key, npy(eval(expr)))
small = npy(np.arange(12, dtype=np.float32).reshape(3, 4))
p = r.pipeline(transaction=False)
for i in range(${LIST_ARRAYS}):
    p.execute_command("NP.SET", "list:%05d" % i, small)
    if i % 1000 == 999: p.execute()
p.execute()
`;
  runPython(
    script,
    CASES.flatMap((c) => [c.key, c.expr]),
  );
}

interface Visit {
  ms: number;
  longestTask: number;
  /** Milliseconds after the click of each stage the page marks (performance.mark). */
  stages: Record<string, number>;
  /** The page's clock at the click. */
  clickedAt: number;
}

async function clickToHeatmap(page: Page, baseURL: string, key: string): Promise<Visit> {
  await page.goto(`${baseURL}/`);
  await page.getByLabel(/Filter keys/).fill(key);
  const link = page.locator(`[data-key="${key}"]`);
  await link.waitFor();
  await page.locator('[data-key^="list:"]').first().waitFor({ state: "detached" });
  // A click that lands while the filtered list is still being redrawn does not navigate: click again, timing the click that did.
  let started: number;
  for (let attempt = 1; ; attempt++) {
    started = await page.evaluate(() => performance.now());
    await link.click({ timeout: 5_000 }).catch(() => undefined);
    const navigated = await page.waitForURL(/\/arrays\//, { timeout: 15_000 }).then(
      () => true,
      () => false,
    );
    if (navigated || /\/arrays\//.test(page.url()) || !(await link.isVisible())) break;
    if (attempt === 3) throw new Error(`clicking ${key} in the list did not open its page`);
    console.log(`  (the click on ${key} did not navigate; clicking again)`);
  }
  await page.waitForSelector('[data-testid="heatmap"][data-painted="true"]', { timeout: 120_000 }).catch(async (error: unknown) => {
    // Say what the page shows instead (an error, a stalled load), not only that it timed out.
    const shown = await page.evaluate(() => document.querySelector("main")?.innerText.slice(0, 600));
    throw new Error(`${key} was not painted; the page shows: ${shown}`, { cause: error });
  });
  return page.evaluate((t0) => {
    const w = window as unknown as { __longTasks: LongTask[] };
    return new Promise<Visit>((resolve) =>
      requestAnimationFrame(() => {
        const painted = performance.getEntriesByName("heatmap:painted").at(-1);
        const ms = (painted ? painted.startTime : performance.now()) - t0;
        const during = w.__longTasks.filter((t) => t.start + t.duration >= t0);
        const stages: Record<string, number> = {};
        for (const m of performance.getEntriesByType("mark")) if (m.startTime >= t0 && !(m.name in stages)) stages[m.name] = Math.round(m.startTime - t0);
        resolve({ ms, longestTask: Math.max(0, ...during.map((t) => t.duration)), stages, clickedAt: t0 });
      }),
    );
  }, started);
}

/** Bytes of array data the page has received since `from` (bodies of /api/arrays/{key}). */
function arrayBytesCounter(page: Page): () => number {
  let total = 0;
  page.on("response", async (response) => {
    if (!/^\/api\/arrays\/[^/]+(\/plane)?$/.test(new URL(response.url()).pathname)) return;
    const sizes = await response
      .request()
      .sizes()
      .catch(() => null);
    total += sizes?.responseBodySize ?? 0;
  });
  return () => total;
}

/** When each event of a step happened, in milliseconds after the key press (see STEP_EVENTS). */
type StepSplit = Record<(typeof STEP_EVENTS)[number], number>;
interface Step {
  ms: number;
  split: StepSplit | null;
}

/**
 * The events of a step, as times since the key press: the frame's Range goes out (`fetch`; at the
 * press itself when the step asks for it before rendering) and its last byte comes (`fetched`, both
 * from the worker's resource timing; none for a frame already in hand), the worker has the
 * heatmap's request once the page rendered the step (`asked`), then the plane is in hand, cut to
 * the plot's cells, coloured, made a bitmap; the page has the answer and draws it (`answered`),
 * the browser paints. Given as times rather than durations because the fetch and the render overlap.
 */
const STEP_EVENTS = ["fetch", "fetched", "asked", "plane", "cut", "coloured", "bitmap", "answered", "painted"] as const;

/** Absolute times (timeOrigin + startTime) of the worker's frame marks and its fetches since `since`. */
async function workerStages(page: Page, since: number): Promise<{ marks: Record<string, number>; fetches: { start: number; end: number }[] } | null> {
  for (const worker of page.workers()) {
    const seen = await worker
      .evaluate((from) => {
        const origin = performance.timeOrigin;
        const marks: Record<string, number> = {};
        for (const m of performance.getEntriesByType("mark")) if (origin + m.startTime >= from && !(m.name in marks)) marks[m.name] = origin + m.startTime;
        const fetches = performance
          .getEntriesByType("resource")
          .filter((r) => origin + r.startTime >= from)
          .map((r) => ({ start: origin + r.startTime, end: origin + (r as PerformanceResourceTiming).responseEnd }));
        performance.clearResourceTimings();
        return "frame:asked" in marks ? { marks, fetches } : null;
      }, since)
      .catch(() => null);
    if (seen) return seen;
  }
  return null;
}

/** Splits a step that started at `pressed` (absolute) into the times of STEP_EVENTS, or null when the worker's marks are missing (a build without them). */
async function stepSplit(page: Page, pressed: number): Promise<StepSplit | null> {
  const page_ = await page.evaluate((from) => {
    // No local functions here: tsx would wrap them in a helper the page does not have.
    const origin = performance.timeOrigin;
    const answered = performance.getEntriesByName("heatmap:answered").find((m) => origin + m.startTime >= from);
    const painted = performance.getEntriesByName("heatmap:painted").find((m) => origin + m.startTime >= from);
    return answered && painted ? { answered: origin + answered.startTime, painted: origin + painted.startTime } : null;
  }, pressed);
  const worker = await workerStages(page, pressed);
  if (!page_ || !worker) return null;
  const { marks } = worker;
  const plane = marks["frame:plane"] ?? marks["frame:asked"];
  // The frame's own Range, if it was not in hand already: the fetches ahead start after the plane is in hand.
  const fetch = worker.fetches.find((f) => f.start >= pressed && f.start <= plane);
  const times = [
    fetch?.start ?? plane,
    fetch?.end ?? plane,
    marks["frame:asked"],
    plane,
    marks["frame:cut"],
    marks["frame:coloured"],
    marks["frame:bitmap"],
    page_.answered,
    page_.painted,
  ];
  if (times.some((t) => t === undefined)) return null;
  return Object.fromEntries(STEP_EVENTS.map((event, i) => [event, Math.round(times[i] - pressed)])) as StepSplit;
}

/** Milliseconds from a key press to the frame it asks for painted, with the split of that time. */
async function stepTime(page: Page, key: string, frame: number): Promise<Step> {
  const [t0, pressed] = await page.evaluate(() => [performance.now(), performance.timeOrigin + performance.now()]);
  await page.keyboard.press(key);
  await page.waitForSelector(`[data-testid="heatmap"][data-frame="${frame},0,0"][data-painted="true"]`, { timeout: 30_000 });
  const ms = await page.evaluate((start) => (performance.getEntriesByName("heatmap:painted").at(-1)?.startTime ?? performance.now()) - start, t0);
  return { ms, split: await stepSplit(page, pressed) };
}

/** The median time of each event over the steps that were split, as "event +n, …" in ms after the press. */
function describeSplits(steps: Step[]): string {
  const splits = steps.flatMap((s) => (s.split ? [s.split] : []));
  if (splits.length === 0) return "not split (the build's worker has no frame marks)";
  return STEP_EVENTS.map((event) => `${event} +${median(splits.map((s) => s[event])).toFixed(0)}`).join(", ") + " ms";
}

/** Frames painted per second while playing at the highest speed, and the longest main-thread task meanwhile. */
async function playbackRate(page: Page): Promise<{ fps: number; longestTask: number }> {
  await page.getByLabel("frames/s").fill("60");
  const t0 = await page.evaluate(() => performance.now());
  const before = performance.now();
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForTimeout(PLAYBACK_SECONDS * 1000);
  await page.keyboard.press("Space");
  const seconds = (performance.now() - before) / 1000;
  return page.evaluate(
    ({ start, seconds }) => {
      const w = window as unknown as { __longTasks: LongTask[] };
      const painted = performance.getEntriesByName("heatmap:painted").filter((m) => m.startTime >= start).length;
      const during = w.__longTasks.filter((t) => t.start >= start);
      return { fps: painted / seconds, longestTask: Math.max(0, ...during.map((t) => t.duration)) };
    },
    { start: t0, seconds },
  );
}

/** Frames painted and the longest main-thread task while the slider's thumb is dragged across the first 100 frames for 2 s. */
async function sliderDrag(page: Page, frames: number): Promise<{ painted: number; longestTask: number }> {
  const slider = (await page.getByTestId("slider-axis-0").boundingBox())!;
  const t0 = await page.evaluate(() => performance.now());
  const y = slider.y + slider.height / 2;
  await page.mouse.move(slider.x + 2, y);
  await page.mouse.down();
  const steps = 40;
  const reach = Math.min(1, 100 / frames) * (slider.width - 4);
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(slider.x + 2 + (reach * i) / steps, y);
    await page.waitForTimeout(50);
  }
  await page.mouse.up();
  await page.waitForTimeout(300);
  return page.evaluate((start) => {
    const w = window as unknown as { __longTasks: LongTask[] };
    const painted = performance.getEntriesByName("heatmap:painted").filter((m) => m.startTime >= start).length;
    return { painted, longestTask: Math.max(0, ...w.__longTasks.filter((t) => t.start >= start).map((t) => t.duration)) };
  }, t0);
}

/** One visit before the timed ones: the app's first request of a page (and of a key's node) is not what is measured. */
async function warmUp(page: Page, baseURL: string, key: string): Promise<void> {
  await page.goto(`${baseURL}/arrays/${encodeURIComponent(key)}`);
  await page.waitForSelector('[data-testid="heatmap"][data-painted="true"]', { timeout: 120_000 });
}

/** What one pass over a stack measured: the table's rows, and the figures the interleaved rounds compare. */
interface StackMeasures {
  rows: string[];
  firstFrames: number[];
  freshSteps: Step[];
}

async function stackRows(page: Page, baseURL: string, stack: StackCase): Promise<StackMeasures> {
  await warmUp(page, baseURL, stack.key);
  const received = arrayBytesCounter(page);
  const firsts: { ms: number; bytes: number; longestTask: number }[] = [];
  for (let i = 0; i < stack.runs; i++) {
    const before = received();
    const visit = await clickToHeatmap(page, baseURL, stack.key);
    firsts.push({ ms: visit.ms, bytes: received() - before, longestTask: visit.longestTask });
    console.log(`  ${stack.key}: first frame ${visit.ms.toFixed(0)} ms, ${(firsts[i].bytes / 2 ** 20).toFixed(2)} MiB, stages ${JSON.stringify(visit.stages)}`);
  }
  await page.waitForTimeout(500);
  const prefetchedSteps = [];
  for (let frame = 1; frame <= 3; frame++) prefetchedSteps.push(await stepTime(page, "ArrowRight", frame));
  const freshSteps = [];
  for (let frame = 13; frame <= 43; frame += 10) freshSteps.push(await stepTime(page, "Shift+ArrowRight", frame));
  for (const [label, steps] of [
    ["prefetched", prefetchedSteps],
    ["not fetched", freshSteps],
  ] as const)
    console.log(`  ${stack.key}: steps to a frame ${label}: ${steps.map((s) => s.ms.toFixed(0)).join(", ")} ms; median split ${describeSplits(steps)}`);
  const prefetched = prefetchedSteps.map((s) => s.ms);
  const fresh = freshSteps.map((s) => s.ms);
  const perFrame = await playbackRate(page);
  const drag = await sliderDrag(page, stack.frames);
  await page.getByLabel("same colours for every frame").check();
  const held = await playbackRate(page);
  await page.getByLabel("same colours for every frame").uncheck();
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  const first = median(firsts.map((f) => f.ms));
  const side = `${stack.side}²`;
  const rows = [
    `| click → first frame painted, ${stack.label} | ${first.toFixed(0)} ms${stack.runs > 1 ? ` (median of ${stack.runs})` : ""} | ≤ 300 ms | ${Math.max(...firsts.map((f) => f.longestTask)).toFixed(0)} ms |`,
    `| bytes fetched by then | ${mib(median(firsts.map((f) => f.bytes)))} of ${mib(4 * stack.frames * stack.side ** 2)} | ≤ 2 MiB | — |`,
    `| step to a prefetched frame (→), ${side} | ${median(prefetched).toFixed(0)} ms (median of ${prefetched.length}) | ≤ 50 ms | — |`,
    `| step to a frame not yet fetched (Shift+→), ${side} | ${median(fresh).toFixed(0)} ms (median of ${fresh.length}) | ≤ 150 ms | — |`,
    `| its events, ms after the press (median of each) | ${describeSplits(freshSteps)} | — | — |`,
    `| playback at 60 frames/s asked, ${side}, colours per frame | ${perFrame.fps.toFixed(1)} frames/s painted | ≥ ${stack.side > 256 ? 10 : 30} | ${perFrame.longestTask.toFixed(0)} ms |`,
    `| the same, same colours for every frame | ${held.fps.toFixed(1)} frames/s painted | ≥ ${stack.side > 256 ? 10 : 30} | ${held.longestTask.toFixed(0)} ms |`,
    `| slider dragged across 100 frames for 2 s, ${side} | ${drag.painted} frames painted | — | ${drag.longestTask.toFixed(0)} ms |`,
  ];
  return { rows, firstFrames: firsts.map((f) => f.ms), freshSteps };
}

/**
 * A new user's first click: a fresh browser context (nothing cached, no worker started, plotly.js
 * not loaded) opens the list and clicks the stack as soon as its row shows; then the same page
 * loaded again (a reload: scripts cached), clicked the same way.
 */
async function firstClickRows(browser: Browser, baseURL: string, stack: StackCase): Promise<{ rows: string[]; fresh: Visit[]; reloaded: Visit[] }> {
  const fresh: Visit[] = [];
  const reloaded: Visit[] = [];
  for (let i = 0; i < FIRST_CLICK_RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(observeLongTasks);
    try {
      const page = await context.newPage();
      fresh.push(await clickToHeatmap(page, baseURL, stack.key));
      reloaded.push(await clickToHeatmap(page, baseURL, stack.key));
    } finally {
      await context.close();
    }
    console.log(
      `  first click in a fresh browser: ${fresh[i].ms.toFixed(0)} ms, stages ${JSON.stringify(fresh[i].stages)}; after a reload ${reloaded[i].ms.toFixed(0)} ms`,
    );
  }
  const row = (label: string, visits: Visit[]) =>
    `| ${label} | ${median(visits.map((v) => v.ms)).toFixed(0)} ms (median of ${visits.length}; ${visits.map((v) => v.ms.toFixed(0)).join(", ")}) | — | ${Math.max(...visits.map((v) => v.longestTask)).toFixed(0)} ms |`;
  return {
    rows: [
      row(`a new user's first click in a fresh browser → first frame, ${stack.side}² stack`, fresh),
      row("the same click after a reload of the list", reloaded),
    ],
    fresh,
    reloaded,
  };
}

/** The window the heatmap's label names ("… of rows a–b, columns c–d …"), or the whole plane. */
async function shownWindow(page: Page): Promise<{ rows: number; columns: number }> {
  const text = (await page.getByTestId("heatmap-factor").textContent()) ?? "";
  const match = /of rows (\d+)–(\d+), columns (\d+)–(\d+)/.exec(text);
  if (!match) return { rows: HUGE.rows, columns: HUGE.columns };
  const [r0, r1, c0, c1] = match.slice(1).map(Number);
  return { rows: r1 - r0 + 1, columns: c1 - c0 + 1 };
}

/**
 * Drags a zoom box over `rows` × `columns` elements around the middle of the view, and returns the
 * page's clock at the release. A build with Plotly's axes zooms to a box in its toolbar's Zoom mode;
 * one with its own axes zooms to a shift-drag's box.
 */
async function boxZoom(page: Page, rows: number, columns: number): Promise<number> {
  await page.waitForSelector('[data-testid="heatmap-axes"][data-ready="true"]');
  const plotlyZoom = page.locator('.modebar-btn[data-title="Zoom"]');
  const canvas = (await page.getByTestId("heatmap-canvas").boundingBox())!;
  const centre = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
  await page.mouse.move(centre.x, centre.y);
  const shift = (await plotlyZoom.count()) === 0;
  if (!shift) await plotlyZoom.click();
  const shown = await shownWindow(page);
  const half = { x: (columns / 2 / shown.columns) * canvas.width, y: (rows / 2 / shown.rows) * canvas.height };
  if (shift) await page.keyboard.down("Shift");
  await page.mouse.move(centre.x - half.x, centre.y - half.y);
  await page.mouse.down();
  await page.mouse.move(centre.x + half.x, centre.y + half.y, { steps: 5 });
  const t0 = await page.evaluate(() => performance.now());
  await page.mouse.up();
  if (shift) await page.keyboard.up("Shift");
  return t0;
}

/**
 * Milliseconds from releasing a box zoom over about 512² elements in the middle of the plane to
 * that window painted at full resolution. The box keeps the plane's proportions (a zoom with one
 * scale for both axes keeps them anyway): rows a little fewer than the plot's height in pixels,
 * half as many columns, 0.95 · 512² elements at a 720 px plot. A first box, a quarter of the
 * plane each way, goes part of the way; the timed one from there.
 */
async function zoomTime(page: Page): Promise<{ ms: number; factor: string }> {
  const canvas = (await page.getByTestId("heatmap-canvas").boundingBox())!;
  await boxZoom(page, HUGE.rows / 4, HUGE.columns / 4);
  await page.waitForFunction(() => /of rows \d+–\d+, columns/.test(document.querySelector('[data-testid="heatmap-factor"]')?.textContent ?? ""), null, {
    timeout: 30_000,
  });
  await page.waitForSelector('[data-testid="heatmap"][data-painted="true"]');
  await page.waitForTimeout(300);
  const rows = Math.floor(canvas.height / 1.02);
  const t0 = await boxZoom(page, rows, Math.floor((rows * HUGE.columns) / HUGE.rows));
  await page.waitForFunction(() => /^Full resolution/.test(document.querySelector('[data-testid="heatmap-factor"]')?.textContent ?? ""), null, {
    timeout: 30_000,
  });
  await page.waitForSelector('[data-testid="heatmap"][data-painted="true"]');
  const ms = await page.evaluate((start) => (performance.getEntriesByName("heatmap:painted").at(-1)?.startTime ?? performance.now()) - start, t0);
  return { ms, factor: (await page.getByTestId("heatmap-factor").textContent()) ?? "" };
}

/** The longest main-thread task that started within `ms` after the first picture of `visit` (waits until then). */
async function longestTaskAfterPicture(page: Page, visit: Visit, ms: number): Promise<number> {
  return page.evaluate(
    ([painted, span]) =>
      new Promise<number>((resolve) =>
        setTimeout(
          () => {
            const tasks = (window as unknown as { __longTasks: LongTask[] }).__longTasks;
            resolve(Math.max(0, ...tasks.filter((t) => t.start >= painted && t.start < painted + span).map((t) => t.duration)));
          },
          Math.max(0, painted + span - performance.now()),
        ),
      ),
    [visit.clickedAt + visit.ms, ms],
  );
}

/**
 * From the first picture, one wheel turn on the middle every 50 ms until the canvas near its top
 * shows other rows (the plane's rows grow down it): when the first turn went (the harness's own
 * delay after the picture) and when the one that zoomed went, milliseconds after the picture.
 * A wheel turn does nothing while a build's axes are not there yet.
 */
async function wheelAfterPicture(page: Page, visit: Visit): Promise<{ first: number; zoomed: number }> {
  const canvas = (await page.getByTestId("heatmap-canvas").boundingBox())!;
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  const painted = visit.clickedAt + visit.ms;
  const nearTop = () =>
    page.evaluate(() => {
      const el = document.querySelector<HTMLCanvasElement>('[data-testid="heatmap-canvas"]')!;
      return Array.from(el.getContext("2d")!.getImageData(0, Math.round(el.height * 0.03), el.width, 1).data).join();
    });
  const before = await nearTop();
  let first: number | null = null;
  for (;;) {
    const turned = (await page.evaluate(() => performance.now())) - painted;
    first ??= turned;
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(50);
    if ((await nearTop()) !== before) return { first, zoomed: turned };
    if (turned > 20_000) throw new Error("no wheel turn zoomed the heatmap within 20 s of its first picture");
  }
}

/**
 * Milliseconds from the click to the sample replaced by its blocks' reductions (the server reads
 * every element) and painted, with the longest main-thread task meanwhile; null for a build that
 * does not refine.
 */
async function refinedTime(page: Page, clickedAt: number): Promise<{ ms: number; longestTask: number } | null> {
  if ((await page.getByTestId("heatmap-factor").getAttribute("data-refining")) === null) return null;
  await page.waitForFunction(() => /^Downsampled/.test(document.querySelector('[data-testid="heatmap-factor"]')?.textContent ?? ""), null, {
    timeout: 120_000,
  });
  await page.waitForSelector('[data-testid="heatmap"][data-painted="true"]');
  return page.evaluate((start) => {
    const w = window as unknown as { __longTasks: LongTask[] };
    const during = w.__longTasks.filter((t) => t.start + t.duration >= start);
    return { ms: performance.getEntriesByName("heatmap:painted").at(-1)!.startTime - start, longestTask: Math.max(0, ...during.map((t) => t.duration)) };
  }, clickedAt);
}

async function hugePlaneRows(page: Page, baseURL: string): Promise<string[]> {
  await warmUp(page, baseURL, HUGE.key);
  const received = arrayBytesCounter(page);
  const firsts: { ms: number; bytes: number; longestTask: number }[] = [];
  const zooms: { ms: number; elements: number }[] = [];
  const refinements: { ms: number; longestTask: number }[] = [];
  const afterPicture: { longestTask: number; wheel: { first: number; zoomed: number } }[] = [];
  for (let i = 0; i < HUGE.runs; i++) {
    const before = received();
    const visit = await clickToHeatmap(page, baseURL, HUGE.key);
    firsts.push({ ms: visit.ms, bytes: received() - before, longestTask: visit.longestTask });
    console.log(`  ${HUGE.key}: first view ${visit.ms.toFixed(0)} ms, ${(firsts[i].bytes / 2 ** 20).toFixed(2)} MiB, stages ${JSON.stringify(visit.stages)}`);
    const longestAfter = await longestTaskAfterPicture(page, visit, AFTER_PICTURE_MS);
    const refined = await refinedTime(page, visit.clickedAt);
    if (refined) refinements.push(refined);
    console.log(
      `  refined → ${refined ? `${refined.ms.toFixed(0)} ms: ${await page.getByTestId("heatmap-factor").textContent()}` : "not refined by this build"}`,
    );
    // Filling the width gives the window room for about 512² elements at one per pixel.
    await page.getByLabel("Aspect").selectOption("fill");
    await page.waitForSelector('[data-testid="heatmap"][data-aspect="fill"][data-painted="true"]');
    await page.waitForTimeout(300);
    const zoom = await zoomTime(page);
    const [, height, width] = /(\d+)×(\d+) of rows/.exec(zoom.factor) ?? ["", "0", "0"];
    zooms.push({ ms: zoom.ms, elements: Number(height) * Number(width) });
    console.log(`  zoom → ${zoom.ms.toFixed(0)} ms: ${zoom.factor}`);
    // Another visit for the wheel: a zoom during the first would have stopped the refinement timed above.
    const wheel = await wheelAfterPicture(page, await clickToHeatmap(page, baseURL, HUGE.key));
    afterPicture.push({ longestTask: longestAfter, wheel });
    console.log(
      `  after the first picture: longest task ${longestAfter.toFixed(0)} ms in ${AFTER_PICTURE_MS} ms; wheel turns from ${wheel.first.toFixed(0)} ms after it, the one that zoomed at ${wheel.zoomed.toFixed(0)} ms`,
    );
  }
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  return [
    `| click → first view (a strided sample), ${HUGE.label} | ${median(firsts.map((f) => f.ms)).toFixed(0)} ms (median of ${HUGE.runs}) | ≤ 1 s | ${Math.max(...firsts.map((f) => f.longestTask)).toFixed(0)} ms |`,
    `| bytes fetched by then (the sample, and the statistics' sample) | ${mib(median(firsts.map((f) => f.bytes)))} of ${mib(4 * HUGE.rows * HUGE.columns)} | — | — |`,
    refinements.length
      ? `| click → the sample replaced by block means of every element (the server reads all of it) | ${median(refinements.map((r) => r.ms)).toFixed(0)} ms (median of ${refinements.length}) | — | ${Math.max(...refinements.map((r) => r.longestTask)).toFixed(0)} ms |`
      : "| click → refined | not refined by this build | — | — |",
    `| box zoom to a window of ${(median(zooms.map((z) => z.elements)) / 512 ** 2).toFixed(2)} · 512² elements → painted at full resolution | ${median(zooms.map((z) => z.ms)).toFixed(0)} ms (median of ${HUGE.runs}) | ≤ 300 ms | — |`,
    `| first picture → the wheel turn that zooms (a turn every 50 ms from the first the harness can send) | ${median(afterPicture.map((a) => a.wheel.zoomed)).toFixed(0)} ms (median of ${HUGE.runs}; ${afterPicture.map((a) => `${a.wheel.zoomed.toFixed(0)} with the first turn at ${a.wheel.first.toFixed(0)}`).join(", ")}) | — | ${Math.max(...afterPicture.map((a) => a.longestTask)).toFixed(0)} ms in the ${AFTER_PICTURE_MS / 1000} s after the first picture |`,
  ];
}

async function listFirstScreen(page: Page, baseURL: string): Promise<number> {
  await page.goto(`${baseURL}/`);
  await page.waitForFunction(() => {
    const list = document.querySelector('[data-testid="array-list"]');
    if (!list) return false;
    const rows = list.querySelectorAll("[data-key]").length;
    return rows > 0 && rows * 40 >= list.clientHeight;
  });
  return page.evaluate(() => performance.now());
}

const stacksOnly = process.argv.slice(2).includes("stacks");
const budgetOnly = process.argv.slice(2).includes("budget");
const hugeOnly = process.argv.slice(2).includes("huge");
/** Build folders to compare (BENCH_TREES=.next-main,.next): the stacks measured in interleaved rounds, one app per build on one Redis. */
const trees = (process.env.BENCH_TREES ?? "").split(",").filter(Boolean);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "4");

/** Per build, what the rounds measured, as lists over every round. */
interface TreeFigures {
  firstFrames: number[];
  firstFrames1024: number[];
  freshSteps: Step[];
  newUser: number[];
  reloaded: number[];
}

/** The load average now, as `uptime` gives it. */
function load(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
}

/**
 * The stack figures of several builds, measured in turn within each round (so a busy minute of the
 * machine hits them alike), with the load average per round; then each build's figures over all rounds.
 */
async function interleaved(browser: Browser): Promise<void> {
  const redis = await startRedis({ notifyKeyspaceEvents: "", maxUploadBytes: 1 << 30 });
  const apps: TestApp[] = [];
  try {
    for (const distDir of trees) apps.push(await startApp({ distDir, redisUrl: redis.url }));
    for (const s of STACKS) {
      console.log(`seeding the ${s.label} stack with redis-py…`);
      seedFrames(redis.port, s.key, [s.frames, s.side, s.side]);
    }
    const figures: TreeFigures[] = trees.map(() => ({ firstFrames: [], firstFrames1024: [], freshSteps: [], newUser: [], reloaded: [] }));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, tree] of trees.entries()) {
        console.log(`round ${round}, ${tree}, load ${load()}`);
        const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
        await context.addInitScript(observeLongTasks);
        try {
          const page = await context.newPage();
          const small = await stackRows(page, apps[i].url, STACKS[0]);
          const big = await stackRows(page, apps[i].url, STACKS[1]);
          const first = await firstClickRows(browser, apps[i].url, STACKS[0]);
          figures[i].firstFrames.push(...small.firstFrames);
          figures[i].firstFrames1024.push(...big.firstFrames);
          figures[i].freshSteps.push(...big.freshSteps);
          figures[i].newUser.push(...first.fresh.map((v) => v.ms));
          figures[i].reloaded.push(...first.reloaded.map((v) => v.ms));
        } finally {
          await context.close();
        }
      }
    }
    const list = (values: number[]) => `median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(", ")})`;
    console.log(`\n| measure | ${trees.join(" | ")} |\n|---|${trees.map(() => "---|").join("")}`);
    const row = (label: string, of: (f: TreeFigures) => string) => console.log(`| ${label} | ${figures.map(of).join(" | ")} |`);
    row(`click → first frame, ${STACKS[0].label}`, (f) => list(f.firstFrames));
    row(`click → first frame, ${STACKS[1].label}`, (f) => list(f.firstFrames1024));
    row("step to a frame not yet fetched, 1024²", (f) => list(f.freshSteps.map((s) => s.ms)));
    row("its events, ms after the press (median of each)", (f) => describeSplits(f.freshSteps));
    row("a new user's first click in a fresh browser, 256² stack", (f) => list(f.newUser));
    row("the same click after a reload of the list", (f) => list(f.reloaded));
    console.log(`load at the end: ${load()}`);
  } finally {
    for (const app of apps) await app.stop();
    await redis.stop();
  }
}

const inMiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Click → first frame of the 1 GiB stack, of the 500 MiB one and of a small one, in turn in one
 * page (so a busy moment of the machine hits them alike), with the bytes each click fetched.
 */
async function gibStackRows(page: Page, baseURL: string): Promise<string[]> {
  const stacks = [SMALL_STACK, STACKS[0], GIB_STACK];
  for (const s of stacks) await warmUp(page, baseURL, s.key);
  const received = arrayBytesCounter(page);
  const firsts = new Map(stacks.map((s) => [s, [] as { ms: number; bytes: number; longestTask: number }[]]));
  for (let i = 0; i < GIB_STACK.runs; i++) {
    for (const s of stacks) {
      const before = received();
      const visit = await clickToHeatmap(page, baseURL, s.key);
      firsts.get(s)!.push({ ms: visit.ms, bytes: received() - before, longestTask: visit.longestTask });
      console.log(`  ${s.key}: first frame ${visit.ms.toFixed(0)} ms, ${inMiB(received() - before)}, load ${load()}`);
    }
  }
  return stacks.map((s) => {
    const runs = firsts.get(s)!;
    const times = `${median(runs.map((r) => r.ms)).toFixed(0)} ms (median of ${runs.length}; ${runs.map((r) => r.ms.toFixed(0)).join(", ")})`;
    const fetched = `${inMiB(median(runs.map((r) => r.bytes)))} fetched of ${inMiB(4 * s.frames * s.side ** 2)}`;
    const longest = Math.max(...runs.map((r) => r.longestTask)).toFixed(0);
    const target = s === GIB_STACK ? "as fast as a small one" : "—";
    return `| click → first frame painted, ${s.label}${s === GIB_STACK ? ", limits raised" : ""} | ${times}, ${fetched} | ${target} | ${longest} ms |`;
  });
}

/** "page 12.3 + 0.8 MiB, workers 3.1 + 60.2 MiB": JS heap + ArrayBuffers of the page and of all its workers together. */
function describeMemory(memory: TabMemory): string {
  const workers = memory.workers.reduce(
    (sum, w) => ({ usedSize: sum.usedSize + w.usedSize, backingStorageSize: sum.backingStorageSize + w.backingStorageSize }),
    {
      usedSize: 0,
      backingStorageSize: 0,
    },
  );
  return `page ${inMiB(memory.page.usedSize)} heap + ${inMiB(memory.page.backingStorageSize)} ArrayBuffers, ${memory.workers.length} worker(s) ${inMiB(workers.usedSize)} + ${inMiB(workers.backingStorageSize)}; total ${inMiB(heldBytes(memory.page) + heldBytes(workers))}`;
}

/** Plays at 60 frames/s asked until `frames` frames were painted (looping past the end), then pauses; the frames painted. */
async function playThrough(page: Page, frames: number): Promise<number> {
  await page.getByLabel("frames/s").fill("60");
  const t0 = await page.evaluate(() => performance.now());
  const painted = () => page.evaluate((start) => performance.getEntriesByName("heatmap:painted").filter((m) => m.startTime >= start).length, t0);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const deadline = Date.now() + MEMORY_PLAYBACK_LIMIT_MS;
  while ((await painted()) < frames && Date.now() < deadline) await page.waitForTimeout(500);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  return painted();
}

/**
 * The tab's memory (page and workers, after a garbage collection) at a stack's first frame, then
 * each time playback has painted MEMORY_PLAYED_FRAMES more frames (twice: a tab bounded by the
 * budget holds as much after the second pass as after the first), in a fresh browser context so
 * nothing of another array is held.
 */
async function memoryRows(browser: Browser, baseURL: string, stack: StackCase): Promise<string[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript(observeLongTasks);
  try {
    const page = await context.newPage();
    const probe = await TabMemoryProbe.start(page);
    await clickToHeatmap(page, baseURL, stack.key);
    const first = await probe.sample();
    console.log(`  ${stack.key}: at the first frame ${describeMemory(first)}`);
    const planes = Math.min(stack.frames, Math.floor(PLANE_CACHE_BUDGET / (4 * stack.side ** 2)));
    const rows = [
      `| tab memory at the first frame, ${stack.label}: JS heap + ArrayBuffers after a GC (the plane cache's budget: ${inMiB(PLANE_CACHE_BUDGET)}, ${planes} planes of ${stack.side}²) | ${describeMemory(first)} | — | — |`,
    ];
    let played = 0;
    for (let pass = 1; pass <= 2; pass++) {
      played += await playThrough(page, MEMORY_PLAYED_FRAMES);
      const after = await probe.sample();
      console.log(`  ${stack.key}: after ${played} frames painted ${describeMemory(after)}, load ${load()}`);
      rows.push(
        `| the same after playback painted ${played} frames | ${describeMemory(after)} | bounded by the budget, not the array's ${inMiB(4 * stack.frames * stack.side ** 2)} | — |`,
      );
    }
    return rows;
  } finally {
    await context.close();
  }
}

/** The 1 GiB stack beside a small one, and the tab's memory against the plane cache's budget while stacks play. */
async function budgetRows(browser: Browser, page: Page, stack: { redis: { port: number }; app: { url: string } }): Promise<string[]> {
  for (const s of [SMALL_STACK, GIB_STACK, ...STACKS]) {
    console.log(`seeding the ${s.label} stack with redis-py…`);
    seedFrames(stack.redis.port, s.key, [s.frames, s.side, s.side]);
  }
  const rows = await gibStackRows(page, stack.app.url);
  for (const s of STACKS) rows.push(...(await memoryRows(browser, stack.app.url, s)));
  return rows;
}

async function main(): Promise<void> {
  if (trees.length > 0) {
    const browser = await launchChromium();
    try {
      await interleaved(browser);
    } finally {
      await browser.close();
    }
    return;
  }
  // The 512 MiB plane and its header, and the 1 GiB stack, are over the default limits: raised for them, in Redis and in the app.
  const stack = await startStack({
    redis: { notifyKeyspaceEvents: "", maxUploadBytes: RAISED_LIMIT_BYTES },
    app: { env: { MAX_UPLOAD_BYTES: String(RAISED_LIMIT_BYTES) } },
  });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(observeLongTasks);
    const page = await context.newPage();
    const rows: string[] = [];
    if (budgetOnly) {
      rows.push(...(await budgetRows(browser, page, stack)));
      console.log(`\n| measure | result | target | longest main-thread task |\n|---|---|---|---|`);
      for (const r of rows) console.log(r);
      console.log(`load at the end: ${load()}`);
      return;
    }
    for (const s of hugeOnly ? [] : STACKS) {
      console.log(`seeding the ${s.label} stack with redis-py…`);
      seedFrames(stack.redis.port, s.key, [s.frames, s.side, s.side]);
      rows.push(...(await stackRows(page, stack.app.url, s)).rows);
      for (const r of rows) console.log(r);
    }
    if (!hugeOnly) rows.push(...(await firstClickRows(browser, stack.app.url, STACKS[0])).rows);
    console.log(`seeding the ${HUGE.label} plane with redis-py…`);
    seedFrames(stack.redis.port, HUGE.key, [HUGE.rows, HUGE.columns]);
    // A wider window, so a filled plot has room for 512×512 elements at one per pixel.
    await page.setViewportSize({ width: 1600, height: 1000 });
    rows.push(...(await hugePlaneRows(page, stack.app.url)));
    await page.setViewportSize({ width: 1280, height: 860 });
    for (const r of rows) console.log(r);
    if (!stacksOnly && !hugeOnly) {
      console.log(`seeding ${CASES.length} arrays and ${LIST_ARRAYS} small ones with redis-py…`);
      seed(stack.redis.port);
      rows.push(...(await arrayRows(page, stack.app.url)));
    }
    console.log("\n| measure | result | target | longest main-thread task |\n|---|---|---|---|");
    for (const r of rows) console.log(r);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

async function arrayRows(page: Page, baseURL: string): Promise<string[]> {
  const rows: string[] = [];
  // The very first array opened in a session also pays for evaluating
  // plotly.js (when the click comes before the list page's idle preload):
  // reported on its own line, not mixed into the medians.
  const cold = await clickToHeatmap(page, baseURL, CASES[0].key);
  console.log(`  cold first visit: ${cold.ms.toFixed(0)} ms, longest task ${cold.longestTask.toFixed(0)} ms, stages ${JSON.stringify(cold.stages)}`);
  for (const c of CASES) {
    const results = [];
    for (let i = 0; i < c.runs; i++) results.push(await clickToHeatmap(page, baseURL, c.key));
    const ms = median(results.map((r) => r.ms));
    const longest = Math.max(...results.map((r) => r.longestTask));
    for (const r of results) console.log(`  ${c.key}: ${r.ms.toFixed(0)} ms, longest task ${r.longestTask.toFixed(0)} ms, stages ${JSON.stringify(r.stages)}`);
    rows.push(`| click → heatmap painted, ${c.label} | ${ms.toFixed(0)} ms (median of ${c.runs}) | ≤ ${c.target} ms | ${longest.toFixed(0)} ms |`);
    console.log(rows[rows.length - 1]);
  }
  rows.push(
    `| same, 256×256 float64, first array of a session (plotly.js not yet evaluated) | ${cold.ms.toFixed(0)} ms | — | ${cold.longestTask.toFixed(0)} ms |`,
  );
  const list = [];
  for (let i = 0; i < 3; i++) list.push(await listFirstScreen(page, baseURL));
  rows.push(
    `| browse list, ${LIST_ARRAYS + CASES.length + 1} arrays, first screen | ${median(list).toFixed(0)} ms (median of 3, from navigation start) | ≤ 500 ms | — |`,
  );
  console.log(rows[rows.length - 1]);
  return rows;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
