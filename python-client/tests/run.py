"""The python-client suite: client.py's Zero Information Loss checks plus numpy_redis's API tests.

    /usr/bin/python3 python-client/tests/run.py

Starts a redis-server with the module (redis-module/tests/harness.py), runs
client.py against it and counts its ✅/❌ lines, then runs
python-client/tests/test_*.py.  Writes {"passed": N, "failed": N} to
$TEST_SUMMARY_FILE when set; exits 1 when anything failed.
"""

import json
import os
import subprocess
import sys
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
CLIENT_DIR = os.path.dirname(TESTS_DIR)
REPO = os.path.dirname(CLIENT_DIR)
sys.path.insert(0, os.path.join(REPO, "redis-module", "tests"))

import harness  # noqa: E402  (needs the path above)

SUCCESS_LINE = "🎉 ALL TESTS PASSED - ZERO INFORMATION LOSS ACHIEVED!"


class CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def run_client_script():
    """(passed, failed) from client.py's ✅/❌ lines against a fresh server."""
    server = harness.RedisServer(name="python-client").start()
    try:
        completed = subprocess.run(
            [sys.executable, os.path.join(CLIENT_DIR, "client.py"), "--port", str(server.port)],
            capture_output=True, text=True, timeout=600,
        )
    finally:
        server.cleanup()
    sys.stdout.write(completed.stdout)
    sys.stdout.write(completed.stderr)
    passed = completed.stdout.count("✅")
    failed = completed.stdout.count("❌")
    complete = completed.returncode == 0 and SUCCESS_LINE in completed.stdout
    if not complete and failed == 0:
        failed = 1  # crashed or stopped early without saying what failed
        print(f"client.py exited with {completed.returncode} without the success line")
    return passed, failed


def run_api_tests():
    suite = unittest.TestLoader().discover(TESTS_DIR, pattern="test_*.py", top_level_dir=TESTS_DIR)
    result = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout).run(suite)
    problems = [test for test, _ in result.failures + result.errors] + list(result.unexpectedSuccesses)
    failed = len({getattr(test, "test_case", test).id() for test in problems})
    return result.passed, failed


def main():
    try:
        script_passed, script_failed = run_client_script()
        api_passed, api_failed = run_api_tests()
    finally:
        harness.stop_every_server()
    passed, failed = script_passed + api_passed, script_failed + api_failed
    print(f"\npython-client suite: client.py {script_passed} ✅ {script_failed} ❌; "
          f"API tests {api_passed} passed, {api_failed} failed")
    summary_path = os.environ.get("TEST_SUMMARY_FILE")
    if summary_path:
        with open(summary_path, "w", encoding="utf-8") as out:
            json.dump({"passed": passed, "failed": failed}, out)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
