// `npm test`: set everything up, run every suite, print one total line.
// `npm test -- unit e2e` runs only the named suites.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, PYTHON, CHROMIUM, buildApp, buildModule, ensureSystemPackages, run } from "./lib/setup";
import { SUITES, type Counts } from "./lib/suites";

interface SuiteResult extends Counts {
  name: string;
  seconds: string;
}

const only = process.argv.slice(2);
const unknown = only.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length) {
  console.error(`unknown suite ${unknown.join(", ")}; suites: ${SUITES.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const selected = only.length ? SUITES.filter((s) => only.includes(s.name)) : SUITES;

ensureSystemPackages("test");
buildModule();
if (selected.some((s) => s.needsApp)) buildApp(".next");
for (const suite of selected) suite.prepare?.(run);

const scratch = mkdtempSync(join(tmpdir(), "numpy-redis-test-"));
const env = { ...process.env, NUMPY_REDIS_PYTHON: PYTHON, CHROMIUM_PATH: CHROMIUM, NEXT_DIST_DIR: ".next", NEXT_TELEMETRY_DISABLED: "1" };
const results: SuiteResult[] = [];
for (const suite of selected) {
  const summaryFile = join(scratch, `${suite.name}.json`);
  console.log(`\n=== ${suite.name}: ${suite.command.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(suite.command[0], suite.command.slice(1), {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...env, TEST_SUMMARY_FILE: summaryFile, PLAYWRIGHT_JSON_OUTPUT_FILE: summaryFile },
  });
  const counts = existsSync(summaryFile) ? suite.count(JSON.parse(readFileSync(summaryFile, "utf8"))) : null;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!counts) {
    console.log(`=== ${suite.name}: no results (exit status ${r.status}), counted as 1 failure`);
    results.push({ name: suite.name, passed: 0, failed: 1, seconds });
  } else {
    // A runner that exits non-zero with no failing test still failed (a crash in teardown, say).
    const failed = counts.failed + (r.status !== 0 && counts.failed === 0 ? 1 : 0);
    results.push({ name: suite.name, passed: counts.passed, failed, seconds });
  }
}
rmSync(scratch, { recursive: true, force: true });

console.log("\nsuite                 passed  failed  seconds");
for (const r of results) console.log(`${r.name.padEnd(20)} ${String(r.passed).padStart(7)} ${String(r.failed).padStart(7)} ${r.seconds.padStart(8)}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
