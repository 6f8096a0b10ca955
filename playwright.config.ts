import { defineConfig } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "./tests/helpers/chromium";

// Debian's Chromium, never a downloaded browser; flags keep it quiet and
// offline. The app and Redis are started by e2e/global-setup.ts.
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  // Two cores are shared with the rest of the suite: one browser at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ...(process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ? [["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE }] as const] : [])],
  outputDir: "test-results",
  use: {
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    trace: "off",
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
});
