// Every test suite `npm test` runs, in order, and how to read its result file.
// Python suites and the lint suite write {"passed": N, "failed": N} to $TEST_SUMMARY_FILE.
import { PYTHON, run } from "./setup";

export interface Counts {
  passed: number;
  failed: number;
}

export interface Suite {
  name: string;
  command: string[];
  /** Needs the built Next app (`next build`). */
  needsApp?: boolean;
  /** A build step the suite needs first. */
  prepare?: (runStep: typeof run) => void;
  /** The passed and failed counts from the suite's JSON result file. */
  count: (summary: unknown) => Counts;
}

interface VitestSummary {
  numPassedTests: number;
  numFailedTests: number;
}

interface PlaywrightSummary {
  stats: { expected: number; flaky: number; unexpected: number };
}

const countsSummary = (s: unknown): Counts => s as Counts;
const vitestSummary = (s: unknown): Counts => ({ passed: (s as VitestSummary).numPassedTests, failed: (s as VitestSummary).numFailedTests });
const playwrightSummary = (s: unknown): Counts => {
  const { stats } = s as PlaywrightSummary;
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
};
// vitest.config.ts sends the JSON summary to $TEST_SUMMARY_FILE.
const vitest = (project: string) => ["npx", "vitest", "run", "--project", project];

export const SUITES: Suite[] = [
  // scripts/lint.ts writes one result per checker (eslint, pyflakes, the module's make lint).
  { name: "lint", command: ["npx", "tsx", "scripts/lint.ts"], count: countsSummary },
  { name: "module", command: [PYTHON, "redis-module/tests/run.py"], count: countsSummary },
  {
    name: "module-asan",
    command: [PYTHON, "redis-module/tests/run.py", "--asan"],
    prepare: (runStep) => runStep(["make", "-s", "-C", "redis-module", "asan"]),
    count: countsSummary,
  },
  { name: "python-client", command: [PYTHON, "python-client/tests/run.py"], count: countsSummary },
  { name: "unit", command: vitest("unit"), count: vitestSummary },
  { name: "integration", command: vitest("integration"), needsApp: true, count: vitestSummary },
  { name: "cluster", command: vitest("cluster"), needsApp: true, count: vitestSummary },
  { name: "e2e", command: ["npx", "playwright", "test"], needsApp: true, count: playwrightSummary },
];
