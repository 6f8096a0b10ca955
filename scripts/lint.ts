// `npm run lint` and the lint suite of `npm test`: every checker over its code, one
// result per checker (passed when it finds nothing). Writes {"passed", "failed"} to
// $TEST_SUMMARY_FILE when set; exits 1 when any checker found something.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { PYTHON, ROOT } from "./lib/setup";

interface Checker {
  name: string;
  argv: string[];
}

const CHECKERS: Checker[] = [
  { name: "TypeScript (eslint)", argv: ["npx", "eslint", "--max-warnings", "0", "."] },
  { name: "TypeScript format (prettier)", argv: ["npx", "prettier", "--check", "--log-level", "warn", "."] },
  { name: "Python (pyflakes)", argv: [PYTHON, "-m", "pyflakes", "python-client", "tests/fixtures", "e2e/make_fixtures.py"] },
  { name: "redis-module (make lint: clang-format, cppcheck)", argv: ["make", "-s", "-C", "redis-module", "lint"] },
];

let failed = 0;
for (const checker of CHECKERS) {
  console.log(`--- ${checker.name}: ${checker.argv.join(" ")}`);
  const result = spawnSync(checker.argv[0], checker.argv.slice(1), { cwd: ROOT, stdio: "inherit" });
  const ok = result.status === 0;
  if (!ok) failed += 1;
  console.log(`${ok ? "✅" : "❌"} ${checker.name}${ok ? "" : `: found problems (exit status ${result.status ?? result.signal})`}`);
}
const passed = CHECKERS.length - failed;
console.log(`${passed} passed, ${failed} failed`);
if (process.env.TEST_SUMMARY_FILE) writeFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ passed, failed }));
process.exitCode = failed === 0 ? 0 : 1;
