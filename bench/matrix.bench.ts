// Matrix view benchmark (issue 12): a 4096×4096 float32 plane (64 MiB) in the
// value table, scrolled diagonally a step every animation frame. Reports the
// frame intervals while scrolling (median and 95th percentile), the longest
// main-thread task, how many cells are in the DOM, and how long until every
// cell on screen shows its value after a jump ("go to" far away). Real Redis,
// the real built app (NEXT_DIST_DIR, default .next), Debian's Chromium.
//
//   npx tsx bench/matrix.bench.ts
import { launchChromium, runPython, startStack } from "../tests/helpers";
import { observeLongTasks, type LongTask } from "./long-tasks";
import { median, percentile } from "./statistics";

const KEY = "bench:matrix:4096x4096:f4";
const SCROLL_FRAMES = 240;
const RUNS = 3;

async function main(): Promise<void> {
  const stack = await startStack();
  const browser = await launchChromium();
  try {
    runPython(
      `import io, sys, numpy as np, redis
r = redis.Redis(port=int(sys.argv[1]))
b = io.BytesIO(); np.save(b, np.random.default_rng(4).standard_normal((4096, 4096), dtype=np.float32)); r.execute_command("NP.SET", sys.argv[2], b.getvalue())`,
      [String(stack.redis.port), KEY],
    );
    for (let run = 1; run <= RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      // tsx keeps function names with a __name helper, which the page does not have.
      await page.addInitScript("window.__name = (f) => f");
      await page.addInitScript(observeLongTasks);
      await page.goto(`${stack.app.url}/arrays/${encodeURIComponent(KEY)}?view=table`);
      await page.locator('[data-cell="0,0"]').filter({ hasNotText: "…" }).waitFor({ timeout: 120_000 });
      await page.getByTestId("matrix").scrollIntoViewIfNeeded();
      await page.evaluate(() => ((window as unknown as { __longTasks: LongTask[] }).__longTasks = []));
      const scroll = await page.getByTestId("matrix").evaluate(
        (el, frames) =>
          new Promise<{ intervals: number[]; maxCells: number }>((resolve) => {
            const intervals: number[] = [];
            let last = performance.now();
            let maxCells = 0;
            let n = 0;
            const step = (now: number) => {
              intervals.push(now - last);
              last = now;
              maxCells = Math.max(maxCells, el.querySelectorAll("[data-cell]").length);
              el.scrollTop += 97;
              el.scrollLeft += 53;
              if (++n < frames) requestAnimationFrame(step);
              else resolve({ intervals: intervals.slice(1), maxCells });
            };
            requestAnimationFrame(step);
          }),
        SCROLL_FRAMES,
      );
      const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: LongTask[] }).__longTasks.map((t) => t.duration)));
      const jumpStart = Date.now();
      await page.getByLabel("Go to element").fill("(3900, 4000)");
      await page.getByLabel("Go to element").press("Enter");
      await page.locator('[data-cell="3900,4000"]').filter({ hasNotText: "…" }).waitFor();
      await page
        .getByTestId("matrix")
        .locator("[data-cell]", { hasText: "…" })
        .first()
        .waitFor({ state: "detached" })
        .catch(() => undefined);
      const jumpMs = Date.now() - jumpStart;
      console.log(
        `run ${run}: scrolling ${SCROLL_FRAMES} frames: frame interval median ${median(scroll.intervals).toFixed(1)} ms, p95 ${percentile(scroll.intervals, 95).toFixed(1)} ms; ` +
          `longest task ${longest.toFixed(0)} ms; at most ${scroll.maxCells} cells in the DOM; go to (3900, 4000) → values on screen in ${jumpMs} ms`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
