import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";

// `next build` checks only the app (tsconfig.app.json); this checks everything
// else too: tests, scripts, benchmarks and the CLI.
test("the whole project type-checks under strict TypeScript", () => {
  const result = spawnSync("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"], { encoding: "utf8" });
  expect(result.stdout + result.stderr.replace(/^npm warn.*\n/gm, "")).toBe("");
  expect(result.status).toBe(0);
});
