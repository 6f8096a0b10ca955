"""Run the module's test suite: redis-module/tests/test_*.py against real redis-server.

    /usr/bin/python3 redis-module/tests/run.py [--asan] [-k PATTERN] [-q]

--asan loads redis-module/build/asan/numpy_redis.so (built by `make -C redis-module
asan`) with libasan preloaded and fails any test whose server logged a
sanitizer report.  Writes {"passed": N, "failed": N} to $TEST_SUMMARY_FILE when
set; exits 1 when anything failed.
"""

import argparse
import json
import os
import sys
import time
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TESTS_DIR)

import harness  # noqa: E402  (needs the path above)


class CountingResult(unittest.TextTestResult):
    """Counts passed tests (unittest only tracks the failures) and times each test."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self.durations = {}
        self._started = 0.0

    def startTest(self, test):
        self._started = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        self.durations[test.id()] = time.monotonic() - self._started

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--asan", action="store_true", help="use the ASan/UBSan build of the module")
    parser.add_argument("-k", dest="patterns", action="append", default=None,
                        help="only tests whose name contains this substring (repeatable)")
    parser.add_argument("-q", "--quiet", action="store_true", help="one character per test")
    parser.add_argument("--durations", type=int, default=5, metavar="N", help="list the N slowest tests")
    return parser.parse_args()


def load_suite(patterns):
    loader = unittest.TestLoader()
    if patterns:
        loader.testNamePatterns = [f"*{p}*" for p in patterns]
    return loader.discover(TESTS_DIR, pattern="test_*.py", top_level_dir=TESTS_DIR)


def failure_count(result):
    """Failed or errored tests, each counted once however many of its subTests failed."""
    problems = [test for test, _ in result.failures + result.errors] + list(result.unexpectedSuccesses)
    return len({getattr(test, "test_case", test).id() for test in problems})


def preflight():
    """None when a server with the module starts, else why not (one message instead of one per class)."""
    server = harness.RedisServer(name="preflight")
    try:
        server.start()
        return None
    except harness.ServerProblem as problem:
        return str(problem)
    finally:
        server.kill()
        server.cleanup()


def print_slowest(durations, count):
    if count <= 0:
        return
    print(f"\nslowest {count} tests:")
    for test_id, seconds in sorted(durations.items(), key=lambda item: -item[1])[:count]:
        print(f"  {seconds:6.2f}s  {test_id}")


def write_summary(passed, failed):
    path = os.environ.get("TEST_SUMMARY_FILE")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"passed": passed, "failed": failed}, out)


def main():
    args = parse_args()
    harness.configure(asan=args.asan)
    mode = "ASan+UBSan" if args.asan else "plain"
    print(f"numpy-redis module tests ({mode}), module: {harness.module_path()}", flush=True)
    started = time.monotonic()
    problem = preflight()
    if problem:
        print(f"the module does not load, so no test can run:\n{problem}")
        write_summary(0, 1)
        return 1
    try:
        suite = load_suite(args.patterns)
        runner = unittest.TextTestRunner(
            verbosity=1 if args.quiet else 2, resultclass=CountingResult, stream=sys.stdout
        )
        result = runner.run(suite)
    finally:
        harness.stop_every_server()
    print_slowest(result.durations, args.durations)
    failed = failure_count(result)
    passed = result.passed
    elapsed = time.monotonic() - started
    print(f"\nmodule suite ({mode}): {passed} passed, {failed} failed, "
          f"{len(result.skipped)} skipped in {elapsed:.1f}s")
    write_summary(passed, failed)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
