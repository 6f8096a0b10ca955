// The browse list: arrays with their shape and dtype in words, filtering,
// and live updates when another client (redis-py) writes or deletes.
import { expect, expected, fixtureBytes, fixturePath, putArray, redisPy, test } from "./harness";

test("the list shows every array with shape, dtype in words, size and order", async ({ page, baseURL }) => {
  for (const name of ["structured", "complex", "fortran"]) await putArray(baseURL!, `browse:${name}`, fixtureBytes(name));
  await page.goto("/");
  const row = (key: string) => page.locator(`[data-key="${key}"]`);
  await expect(row("browse:structured")).toContainText(/structured: x .*y /);
  await expect(row("browse:complex")).toContainText("complex128");
  await expect(row("browse:complex")).toContainText(expected().complex.shape);
  await expect(row("browse:fortran")).toContainText("int16");
  await expect(row("browse:fortran")).toContainText("F");
  await page.getByLabel(/Filter keys/).fill("browse:c*");
  await expect(row("browse:complex")).toBeVisible();
  await expect(row("browse:fortran")).toHaveCount(0);
});

test("arrays written and deleted by redis-py appear and vanish without a reload", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("from:*");
  await expect(page.getByText("live", { exact: true })).toBeVisible();
  redisPy("r.execute_command('NP.SET', sys.argv[1], open(sys.argv[2], 'rb').read())", "from:python", fixturePath("grid2d"));
  const row = page.locator('[data-key="from:python"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText("float64");
  await expect(row).toContainText(expected().grid2d.shape);
  redisPy("r.delete(sys.argv[1])", "from:python");
  await expect(row).toHaveCount(0);
});

test("a burst of 2000 writes from redis-py appears in full, looked up in a few batched requests", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("burst:*");
  // The filter applies after a debounce; a burst before that would land in the old list.
  await expect(page.getByText(/No arrays match/)).toBeVisible();
  await expect(page.getByText("live", { exact: true })).toBeVisible();
  const lookups: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/arrays") && (url.searchParams.has("key") || url.pathname.endsWith("/info"))) lookups.push(url.pathname);
  });
  redisPy(
    "p = r.pipeline(transaction=False)\n" +
      "data = open(sys.argv[1], 'rb').read()\n" +
      "for i in range(2000): p.execute_command('NP.SET', f'burst:{i}', data)\n" +
      "p.execute()",
    fixturePath("int64"),
  );
  await expect(page.getByTestId("array-count")).toHaveText(/^2,000 arrays/, { timeout: 20_000 });
  await expect(page.locator('[data-key="burst:0"]')).toContainText("int64");
  expect(
    lookups.every((path) => path === "/api/arrays"),
    "no per-key /info requests",
  ).toBe(true);
  expect(lookups.length).toBeGreaterThanOrEqual(10);
  expect(lookups.length).toBeLessThan(60);
});

test("an array written while the event stream was down appears once it reconnects", async ({ page }) => {
  // The first connection to /api/events is held, then ends after its "ready": EventSource reconnects.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let connections = 0;
  await page.route("**/api/events", async (route) => {
    if (connections++ > 0) return route.continue();
    await held;
    await route.fulfill({ status: 200, contentType: "text/event-stream", body: 'retry: 200\n\nevent: ready\ndata: {"events":true}\n\n' });
  });
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("reconnect:*");
  await expect(page.getByText(/No arrays match/)).toBeVisible();
  redisPy("r.execute_command('NP.SET', sys.argv[1], open(sys.argv[2], 'rb').read())", "reconnect:missed", fixturePath("int64"));
  release();
  await expect(page.locator('[data-key="reconnect:missed"]')).toContainText("int64");
  expect(connections).toBeGreaterThanOrEqual(2);
});

test("the tree view groups keys by colon", async ({ page, baseURL }) => {
  await putArray(baseURL!, "tree:a:one", fixtureBytes("int64"));
  await putArray(baseURL!, "tree:a:two", fixtureBytes("int64"));
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("tree:*");
  await page.getByLabel(/Tree by/).check();
  await page.getByRole("button", { name: /^tree:/ }).click();
  await page.getByRole("button", { name: /^a:/ }).click();
  await expect(page.locator('[data-key="tree:a:two"]')).toBeVisible();
});

test("an array opened from the list names its key in the tab title, on a reload too, and not after going back", async ({ page, baseURL }) => {
  await putArray(baseURL!, "browse:titled", fixtureBytes("grid2d"));
  await page.goto("/");
  await page.getByLabel(/Filter keys/).fill("browse:titled");
  await page.locator('[data-key="browse:titled"]').click();
  await expect(page).toHaveTitle("browse:titled · numpy-redis");
  await page.reload();
  await expect(page).toHaveTitle("browse:titled · numpy-redis");
  await page.goBack();
  await expect(page).toHaveTitle("numpy-redis");
});
