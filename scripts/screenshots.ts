// Takes the README's screenshots of the dashboard (light and dark, laptop and
// phone) against a real Redis and the built app, with arrays made by numpy.
//
//   npm run screenshots          (NEXT_DIST_DIR=.next-ui npm run screenshots for another build)
//   npm run screenshots -- playback   (the playback shots only)
//   npm run screenshots -- huge       (a huge plane sampled, half refined, then refined; a stack's Values tab)
// Writes docs/screenshots/*.png.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { launchChromium, ROOT, runPython, startStack } from "../tests/helpers";
import { gateRefinement } from "../tests/helpers/record-relay";

const OUT = join(ROOT, "docs", "screenshots");

/** A small, realistic store: images, a stack of frames, a signal, a table, odd dtypes. */
const SEED = `
import io, sys, numpy as np, redis
r = redis.Redis(port=int(sys.argv[1]))
def put(key, a):
    b = io.BytesIO(); np.save(b, a); r.execute_command("NP.SET", key, b.getvalue())
rng = np.random.default_rng(0)
y, x = np.mgrid[-2:2:512j, -3:3:768j]
put("sim:run-7:pressure", (np.exp(-(x**2 + y**2)) * np.cos(4 * x) * np.sin(3 * y) + rng.normal(0, 0.02, x.shape)).astype(np.float32))
t = np.arange(24)[:, None, None]
yy, xx = np.mgrid[0:128, 0:160]
put("sim:run-7:frames", np.sin(xx / 9 + t / 3) * np.cos(yy / 11 - t / 5) * (1 + t / 24))
put("camera:0:rgb", np.stack([(xx * 1.6) % 256, (yy * 2) % 256, ((xx + yy) * 0.8) % 256], -1).astype(np.uint8))
put("sensor:temperature", (20 + 5 * np.sin(np.linspace(0, 40 * np.pi, 200000)) + rng.normal(0, 0.5, 200000)).astype(np.float64))
put("model:weights:layer1", rng.normal(0, 0.05, (256, 128)).astype(np.float16))
put("catalog:stars", np.array([(i, rng.uniform(0, 360), rng.uniform(-90, 90), rng.uniform(-1, 15)) for i in range(500)], dtype=[("id", "<i8"), ("ra", "<f8"), ("dec", "<f8"), ("mag", "<f4")]))
put("signal:iq", (np.exp(1j * np.linspace(0, 20, 4096)) * np.linspace(1, 0.2, 4096)).astype(np.complex64))
put("events:timestamps", np.arange("2024-03-01T00:00", "2024-03-02T00:00", 600, dtype="datetime64[s]"))
put("labels", np.array(["cat", "dog", "axolotl", "numbat"]))
put("scalar:answer", np.float64(42.0))
for i in range(40):
    put("frame:%03d" % i, rng.random((64, 64)).astype(np.float32))
r.expire("frame:039", 3600)
r.expire("frame:001", 90)
r.expire("sim:run-7:pressure", 7 * 86400)
put("survey:mosaic", rng.random((6144, 8192), dtype=np.float32))
`;

/** A 75 MiB time-lapse (bright cells drifting over noise): big enough that its frames are fetched one at a time. */
const SEED_STACK = `
import io, sys, numpy as np, redis
r = redis.Redis(port=int(sys.argv[1]))
rng = np.random.default_rng(1)
yy, xx = np.mgrid[0:256, 0:256].astype(np.float32)
cells = rng.uniform(20, 236, (12, 2)).astype(np.float32)
drift = rng.normal(0, 0.6, (12, 2)).astype(np.float32)
frames = np.empty((300, 256, 256), dtype=np.float32)
for t in range(300):
    at = (cells + drift * t) % 256
    frame = rng.normal(0.1, 0.03, (256, 256)).astype(np.float32)
    for cy, cx in at:
        frame += np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 90)
    frames[t] = frame
b = io.BytesIO(); np.save(b, frames); r.execute_command("NP.SET", "microscope:timelapse", b.getvalue())
`;

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
  console.log(`docs/screenshots/${name}.png`);
}

async function painted(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"][data-painted="true"]`).waitFor({ timeout: 60_000 });
}

async function laptop(browser: Browser, base: string, scheme: "light" | "dark", suffix: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, colorScheme: scheme, deviceScaleFactor: 1 });
  await page.goto(`${base}/`);
  await page.locator('[data-key="camera:0:rgb"]').waitFor();
  // The list controls: total, TTL and memory columns, a selection with its actions.
  await page.getByTestId("array-count").filter({ hasNotText: "so far" }).waitFor();
  for (const key of ["frame:000", "frame:001"]) await page.getByLabel(`Select ${key}`, { exact: true }).check();
  await page.locator('[data-key="frame:001"] [data-column="memory"]').filter({ hasText: /\d/ }).waitFor();
  await shoot(page, `browse${suffix}`);
  await page.goto(`${base}/arrays/${encodeURIComponent("sim:run-7:pressure")}?cmap=inferno`);
  await painted(page, "heatmap");
  await page
    .locator('[data-testid="meta-sha256"]')
    .filter({ hasText: /^[0-9a-f]{64}$/ })
    .waitFor();
  await shoot(page, `heatmap${suffix}`);
  if (scheme === "dark") return page.close();
  await page.goto(`${base}/arrays/${encodeURIComponent("sim:run-7:frames")}?idx=9,0,0&cmap=RdBu&scale=symlog`);
  await painted(page, "heatmap");
  await shoot(page, "slice-3d");
  await page.goto(`${base}/arrays/${encodeURIComponent("sensor:temperature")}`);
  await painted(page, "lineplot");
  await shoot(page, "line-1d");
  await page.goto(`${base}/arrays/${encodeURIComponent("camera:0:rgb")}`);
  await painted(page, "rgb-image");
  await shoot(page, "image-rgb");
  await page.goto(`${base}/arrays/${encodeURIComponent("catalog:stars")}?view=table`);
  await page.getByTestId("value-table").getByRole("cell").first().filter({ hasNotText: "…" }).waitFor();
  await shoot(page, "table-structured");
  await page.goto(`${base}/arrays/${encodeURIComponent("sim:run-7:frames")}?view=table&idx=9,0,0`);
  await page.getByLabel("Go to element").fill("(9, 40, 12)");
  await page.getByRole("button", { name: "Go", exact: true }).click();
  await page.locator('[data-cell="40,12"]').filter({ hasNotText: "…" }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, "table-matrix");
  await page.close();
}

async function uploads(browser: Browser, base: string, files: string[]): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await page.goto(`${base}/`);
  await page.locator("#upload-files").setInputFiles(files);
  await page.locator('[data-testid="upload-row"][data-status="invalid"]').waitFor();
  await page.locator('[data-testid="upload-row"][data-status="ready"]').nth(1).waitFor();
  // A key that is taken: the overwrite question with both shapes and dtypes.
  await page.getByLabel("Key for mask.npy").fill("frame:000");
  await page.locator('[data-testid="upload-row"]', { hasText: "mask.npy" }).getByRole("button", { name: "Upload", exact: true }).click();
  await page.getByTestId("overwrite-existing").filter({ hasText: "float32" }).waitFor();
  await shoot(page, "upload");
  await page.close();
}

/** The download bar of a 192 MiB array, caught while it loads (skipped if the load wins the race). */
async function loading(browser: Browser, base: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 420 } });
  await page.goto(`${base}/arrays/${encodeURIComponent("survey:mosaic")}`);
  try {
    await page
      .getByTestId("load-progress")
      .filter({ hasText: /\(([1-9]\d)%\)/ })
      .waitFor({ timeout: 5000 });
    await shoot(page, "loading");
  } catch {
    console.log("loading.png skipped: the array loaded before the bar could be photographed");
  }
  await page.close();
}

/** The playback controls over a big stack, light, dark and on a phone. */
async function playback(browser: Browser, base: string): Promise<void> {
  const url = `${base}/arrays/${encodeURIComponent("microscope:timelapse")}?idx=120,0,0&cmap=viridis`;
  for (const [name, options] of [
    ["playback", { viewport: { width: 1360, height: 860 }, colorScheme: "light" }],
    ["playback-dark", { viewport: { width: 1360, height: 860 }, colorScheme: "dark" }],
    ["phone-playback", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ] as const) {
    const page = await browser.newPage(options);
    await page.goto(url);
    await painted(page, "heatmap");
    await page.getByLabel("same colours for every frame").check();
    await page.getByRole("group", { name: "Playback" }).scrollIntoViewIfNeeded();
    await shoot(page, name);
    await page.close();
  }
}

/** A 4096×8192 float32 field (128 MiB) with 300 lone hot elements that a strided sample misses and block maxima keep. */
const SEED_HUGE = `
import io, sys, numpy as np, redis
r = redis.Redis(port=int(sys.argv[1]))
rng = np.random.default_rng(2)
yy, xx = np.ogrid[0:4096, 0:8192]
a = (np.sin(xx / 900.0) * np.cos(yy / 700.0)).astype(np.float32) + rng.normal(0, 0.05, (4096, 8192)).astype(np.float32)
a[rng.integers(0, 4096, 300), rng.integers(0, 8192, 300)] = 4
b = io.BytesIO(); np.save(b, a); r.execute_command("NP.SET", "survey:hotspots", b.getvalue())
`;

/** A huge plane sampled (its refinement held back), half refined, then refined to block maxima; a stack's Values tab with the plane's statistics. */
async function huge(browser: Browser, base: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  const { gate, close } = await gateRefinement(page);
  await page.goto(`${base}/arrays/${encodeURIComponent("survey:hotspots")}?reduce=max&cmap=magma`);
  await painted(page, "heatmap");
  await shoot(page, "huge-sampled");
  // About half of the bands (each 8 MiB of rows, some 17 of them at this size), painted over the sample.
  gate.pass(8);
  await page
    .getByTestId("heatmap-factor")
    .filter({ hasText: /… (4[6-9]|5\d) %/ })
    .waitFor({ timeout: 60_000 });
  await painted(page, "heatmap");
  await shoot(page, "huge-half-refined");
  gate.pass(Infinity);
  await page
    .getByTestId("heatmap-factor")
    .filter({ hasText: /^Downsampled/ })
    .waitFor({ timeout: 60_000 });
  await painted(page, "heatmap");
  await shoot(page, "huge-refined");
  await close();
  await page.goto(`${base}/arrays/${encodeURIComponent("microscope:timelapse")}?view=table&idx=120,0,0`);
  await page.getByTestId("plane-stats").getByTestId("stat-max").waitFor();
  await page.locator('[data-cell="0,0"]').filter({ hasNotText: "…" }).waitFor();
  await shoot(page, "table-stack-stats");
  await page.close();
}

async function phone(browser: Browser, base: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await page.goto(`${base}/`);
  await page.locator('[data-key="camera:0:rgb"]').waitFor();
  await shoot(page, "phone-browse");
  await page.goto(`${base}/arrays/${encodeURIComponent("sim:run-7:pressure")}`);
  await painted(page, "heatmap");
  await shoot(page, "phone-heatmap");
  await page.goto(`${base}/arrays/${encodeURIComponent("sim:run-7:frames")}?idx=9,0,0`);
  await painted(page, "heatmap");
  await page.getByTestId("slider-axis-0").scrollIntoViewIfNeeded();
  await shoot(page, "phone-slice-3d");
  await page.close();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startStack();
  const browser = await launchChromium();
  try {
    runPython(SEED_STACK, [String(stack.redis.port)]);
    if (process.argv.slice(2).includes("huge")) {
      runPython(SEED_HUGE, [String(stack.redis.port)]);
      return await huge(browser, stack.app.url);
    }
    await playback(browser, stack.app.url);
    if (process.argv.slice(2).includes("playback")) return;
    runPython(SEED, [String(stack.redis.port)]);
    const scratch = runPython(
      `import numpy as np, tempfile, os
d = tempfile.mkdtemp()
np.save(os.path.join(d, "flow-field.npy"), np.random.rand(300, 400).astype(np.float32))
np.save(os.path.join(d, "mask.npy"), np.zeros((1080, 1920), dtype=bool))
raw = open(os.path.join(d, "mask.npy"), "rb").read()
open(os.path.join(d, "broken.npy"), "wb").write(raw[:-100])
print(d)`,
    )
      .toString()
      .trim();
    await laptop(browser, stack.app.url, "light", "");
    await laptop(browser, stack.app.url, "dark", "-dark");
    await uploads(
      browser,
      stack.app.url,
      ["flow-field.npy", "mask.npy", "broken.npy"].map((f) => join(scratch, f)),
    );
    await loading(browser, stack.app.url);
    await phone(browser, stack.app.url);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
