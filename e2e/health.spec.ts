// The banner that explains a Redis without the numpy module, against a stack
// of its own (a real redis-server started without loading the module).
import { startStack, type Stack } from "../tests/helpers";
import { expect, test } from "./harness";

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack({ redis: { withModule: false } });
});

test.afterAll(async () => {
  await stack?.stop();
});

test.describe("without the module", () => {
  test.use({ allowedConsoleErrors: [/503|500|Service Unavailable/] });
  test("the page says Redis is not ready and why", async ({ page }) => {
    await page.goto(stack.app.url);
    await expect(page.getByText("Redis is not ready:")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Redis is not ready" })).toContainText(/module/i);
  });
});
