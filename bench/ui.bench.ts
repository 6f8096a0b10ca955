// UI benchmark (issue 5): from clicking an array in the list to its heatmap
// painted, for 256×256 float64, 2048×2048 float32 (16 MiB) and 8192×8192
// float32 (256 MiB), with the longest main-thread task while it loads; and the
// browse list of 10 000 arrays rendering its first screen. Real Redis, the
// real built app (NEXT_DIST_DIR, default .next), Debian's Chromium.
//
//   npm run bench:ui            (NEXT_DIST_DIR=.next-ui npm run bench:ui for another build)
import { chromium, type Page } from "@playwright/test";
import { runPython, startStack } from "../tests/helpers";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const LIST_ARRAYS = 10_000;

const CASES = [
  { key: "bench:256x256:f8", expr: "np.random.default_rng(1).random((256, 256))", label: "256×256 float64 (512 KiB)", target: 300, runs: 5 },
  { key: "bench:2048x2048:f4", expr: "np.random.default_rng(2).random((2048, 2048), dtype=np.float32)", label: "2048×2048 float32 (16 MiB)", target: 1000, runs: 3 },
  { key: "bench:8192x8192:f4", expr: "np.random.default_rng(3).random((8192, 8192), dtype=np.float32)", label: "8192×8192 float32 (256 MiB)", target: 3000, runs: 2 },
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
  runPython(script, CASES.flatMap((c) => [c.key, c.expr]));
}

/** Installed before any page script: records long tasks for the whole visit. */
function observeLongTasks(): void {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
}

interface Visit {
  ms: number;
  longestTask: number;
  /** Milliseconds after the click of each stage the page marks (performance.mark). */
  stages: Record<string, number>;
}

async function clickToHeatmap(page: Page, baseURL: string, key: string): Promise<Visit> {
  await page.goto(`${baseURL}/`);
  await page.getByLabel(/Filter keys/).fill(key);
  const link = page.locator(`[data-key="${key}"]`);
  await link.waitFor();
  await page.locator('[data-key^="list:"]').first().waitFor({ state: "detached" });
  const started = await page.evaluate(() => {
    const w = window as unknown as { __clickedAt: number };
    w.__clickedAt = performance.now();
    return w.__clickedAt;
  });
  await link.click();
  await page.waitForSelector('[data-testid="heatmap"][data-painted="true"]', { timeout: 120_000 });
  return page.evaluate((t0) => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    return new Promise<Visit>((resolve) =>
      requestAnimationFrame(() => {
        const painted = performance.getEntriesByName("heatmap:painted").at(-1);
        const ms = (painted ? painted.startTime : performance.now()) - t0;
        const during = w.__longTasks.filter((t) => t.start + t.duration >= t0);
        const stages: Record<string, number> = {};
        for (const m of performance.getEntriesByType("mark")) if (m.startTime >= t0 && !(m.name in stages)) stages[m.name] = Math.round(m.startTime - t0);
        resolve({ ms, longestTask: Math.max(0, ...during.map((t) => t.duration)), stages });
      }),
    );
  }, started);
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

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const stack = await startStack({ redis: { notifyKeyspaceEvents: "" } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    console.log(`seeding ${CASES.length} arrays and ${LIST_ARRAYS} small ones with redis-py…`);
    seed(stack.redis.port);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(observeLongTasks);
    const page = await context.newPage();
    const rows: string[] = [];
    // The very first array opened in a session also pays for evaluating
    // plotly.js (when the click comes before the list page's idle preload):
    // reported on its own line, not mixed into the medians.
    const cold = await clickToHeatmap(page, stack.app.url, CASES[0].key);
    console.log(`  cold first visit: ${cold.ms.toFixed(0)} ms, longest task ${cold.longestTask.toFixed(0)} ms, stages ${JSON.stringify(cold.stages)}`);
    for (const c of CASES) {
      const results = [];
      for (let i = 0; i < c.runs; i++) results.push(await clickToHeatmap(page, stack.app.url, c.key));
      const ms = median(results.map((r) => r.ms));
      const longest = Math.max(...results.map((r) => r.longestTask));
      for (const r of results) console.log(`  ${c.key}: ${r.ms.toFixed(0)} ms, longest task ${r.longestTask.toFixed(0)} ms, stages ${JSON.stringify(r.stages)}`);
      rows.push(`| click → heatmap painted, ${c.label} | ${ms.toFixed(0)} ms (median of ${c.runs}) | ≤ ${c.target} ms | ${longest.toFixed(0)} ms |`);
      console.log(rows[rows.length - 1]);
    }
    rows.push(`| same, 256×256 float64, first array of a session (plotly.js not yet evaluated) | ${cold.ms.toFixed(0)} ms | — | ${cold.longestTask.toFixed(0)} ms |`);
    const list = [];
    for (let i = 0; i < 3; i++) list.push(await listFirstScreen(page, stack.app.url));
    rows.push(`| browse list, ${LIST_ARRAYS + CASES.length} arrays, first screen | ${median(list).toFixed(0)} ms (median of 3, from navigation start) | ≤ 500 ms | — |`);
    console.log(rows[rows.length - 1]);
    console.log("\n| measure | result | target | longest main-thread task |\n|---|---|---|---|");
    for (const r of rows) console.log(r);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
