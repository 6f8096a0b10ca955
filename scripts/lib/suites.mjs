// Every test suite `npm test` runs, in order, and how to read its result file.
// Python suites and the lint suite write {"passed": N, "failed": N} to $TEST_SUMMARY_FILE.
import { PYTHON } from "./setup.mjs";

const pythonSummary = (s) => ({ passed: s.passed, failed: s.failed });
const vitestSummary = (s) => ({ passed: s.numPassedTests, failed: s.numFailedTests });
const playwrightSummary = (s) => ({ passed: s.stats.expected + s.stats.flaky, failed: s.stats.unexpected });
// vitest.config.ts sends the JSON summary to $TEST_SUMMARY_FILE.
const vitest = (project) => ["npx", "vitest", "run", "--project", project];

export const SUITES = [
  // scripts/lint.ts writes one result per checker (eslint, pyflakes, the module's make lint).
  { name: "lint", command: ["npx", "tsx", "scripts/lint.ts"], count: pythonSummary },
  { name: "module", command: [PYTHON, "redis-module/tests/run.py"], count: pythonSummary },
  {
    name: "module-asan",
    command: [PYTHON, "redis-module/tests/run.py", "--asan"],
    prepare: (run) => run(["make", "-s", "-C", "redis-module", "asan"]),
    count: pythonSummary,
  },
  { name: "python-client", command: [PYTHON, "python-client/tests/run.py"], count: pythonSummary },
  { name: "unit", command: vitest("unit"), count: vitestSummary },
  { name: "integration", command: vitest("integration"), needsApp: true, count: vitestSummary },
  { name: "cluster", command: vitest("cluster"), needsApp: true, count: vitestSummary },
  { name: "e2e", command: ["npx", "playwright", "test"], needsApp: true, count: playwrightSummary },
];
