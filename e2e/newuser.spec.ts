// What a new user trips over first (issue 12): TTLs in the right unit and live,
// no cloud button in any plot toolbar, a Python snippet that reaches this Redis,
// plain sentences for arrays without values, and the grouped colormaps.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, fixtureBytes, fixturePath, openArray, putArray, redisPort, redisPy, test } from "./harness";

const PYTHON = process.env.NUMPY_REDIS_PYTHON || "/usr/bin/python3";
const PYTHON_CLIENT = fileURLToPath(new URL("../python-client", import.meta.url));

test.beforeAll(async () => {
  for (const name of ["grid2d", "line1d", "empty", "allnan"]) await putArray(process.env.E2E_BASE_URL!, `new:${name}`, fixtureBytes(name));
});

/** "1 min 29 s" → 89. */
function seconds(text: string): number {
  const parts = [...text.matchAll(/(\d+) (h|min|s)/g)].map(([, n, unit]) => Number(n) * { h: 3600, min: 60, s: 1 }[unit as "h" | "min" | "s"]);
  return parts.reduce((a, b) => a + b, 0);
}

test("a key with EX 90 shows about a minute and a half, counts down, and follows an EXPIRE from another client", async ({ page, baseURL }) => {
  await putArray(baseURL!, "new:ttl", fixtureBytes("grid2d"));
  redisPy("r.expire(sys.argv[1], 90)", "new:ttl");
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("new:ttl");
  // About a minute and a half, whatever time a loaded machine took to get here.
  await expect(page.locator('[data-key="new:ttl"]')).toContainText(/1 min [0-3]?\d s/);

  await openArray(page, "new:ttl");
  const ttl = page.getByTestId("meta-ttl");
  await expect(ttl).toHaveText(/^1 min [0-3]?\d s$/);
  const first = seconds((await ttl.textContent())!);
  expect(first).toBeGreaterThanOrEqual(60);
  // Counting down, not a fixed figure: the poll allows for a page slowed by a busy machine.
  await expect.poll(async () => seconds((await ttl.textContent())!), { timeout: 15_000 }).toBeLessThanOrEqual(first - 2);

  redisPy("r.expire(sys.argv[1], 7200)", "new:ttl");
  await expect(ttl).toHaveText(/^(2 h|1 h 59 min)$/);
  redisPy("r.persist(sys.argv[1])", "new:ttl");
  await expect(ttl).toHaveText("never (no TTL)");
});

test("no plot offers to share the chart or send it to a cloud", async ({ page }) => {
  // The line and histogram views are drawn by Plotly: their toolbars keep to local actions.
  const views: [string, string][] = [
    ["new:grid2d", "histogram"],
    ["new:grid2d", "line"],
    ["new:line1d", "line"],
  ];
  for (const [key, view] of views) {
    await openArray(page, key, `?view=${view}`);
    const plot = page.locator(".js-plotly-plot").first();
    await expect(plot).toBeVisible();
    await plot.hover();
    await expect(plot.locator(".modebar-btn").first()).toBeAttached();
    const titles = await plot.locator(".modebar-btn").evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-title") ?? ""));
    expect(titles.length, `${key} ${view} has a toolbar`).toBeGreaterThan(2);
    expect(
      titles.filter((t) => /share|cloud|chart studio|plotly/i.test(t)),
      `${key} ${view} toolbar: ${titles.join(", ")}`,
    ).toEqual([]);
  }
  // The heatmap's axes are the page's own: no Plotly figure, and no control that sends anything away.
  await openArray(page, "new:grid2d", "?view=heatmap");
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  await expect(page.getByTestId("heatmap-axes")).toBeVisible();
  await expect(page.locator(".js-plotly-plot")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /share|cloud|chart studio|plotly/i })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /share|cloud|chart studio|plotly/i })).toHaveCount(0);
});

test("Copy Python names this Redis (a non-default port) and the pasted snippet loads the array", async ({ page, context }) => {
  expect(redisPort()).not.toBe(6390);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openArray(page, "new:grid2d");
  await page.getByRole("button", { name: "Copy Python" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain(`port=${redisPort()}`);
  expect(snippet).not.toMatch(/password/);
  const check = `${snippet}\nimport numpy as np\nassert np.array_equal(a, np.load(${JSON.stringify(fixturePath("grid2d"))})), "different values"\nprint(a.shape)`;
  const out = execFileSync(PYTHON, ["-c", check], { env: { ...process.env, PYTHONPATH: PYTHON_CLIENT }, encoding: "utf8" });
  expect(out.trim()).toBe("(64, 96)");
});

for (const [name, sentence] of [
  ["empty", /The array is empty/],
  ["allnan", /All 12 values are NaN/],
] as const) {
  test(`the ${name} array shows a plain sentence, never a raw error or NaN figures`, async ({ page }) => {
    await openArray(page, `new:${name}`);
    await expect(page.getByTestId("stats-sentence")).toHaveText(sentence);
    await expect(page.getByTestId("stat-mean")).toHaveCount(0);
    const text = await page.locator("main").innerText();
    expect(text).not.toMatch(/Infinity is above|minimum -?Infinity|maximum -?Infinity/);
  });
}

test("colormaps come in groups, including diverging and cyclic ones, and an old link's cmap still works", async ({ page }) => {
  await openArray(page, "new:grid2d", "?view=heatmap&cmap=coolwarm");
  const select = page.getByLabel("Colormap");
  await expect(select).toHaveValue("coolwarm");
  const groups = await select.locator("optgroup").evaluateAll((g) => g.map((e) => e.getAttribute("label")));
  expect(groups).toEqual(expect.arrayContaining(["Perceptual", "Diverging", "Cyclic"]));
  expect(await select.locator("option").count()).toBeGreaterThanOrEqual(39);
  await select.selectOption("sinebow");
  await expect(page).toHaveURL(/cmap=sinebow/);
  await expect(page.getByTestId("heatmap")).toHaveAttribute("data-painted", "true");
  await expect(page.getByTestId("colormap-legend")).toContainText("NaN");
  await expect(page.getByTestId("colorbar")).toContainText("NaN");
});
