"""The python-client suite: install numpy_redis into a fresh venv, then test the installed package.

    /usr/bin/python3 python-client/tests/run.py

First `pip install --no-index --no-build-isolation` of python-client/ into a
new venv that sees the system's numpy and redis-py (--system-site-packages):
that install is one test.  Then, with the venv's python and without the
source tree on sys.path (python -P), client.py's Zero Information Loss
checks against a fresh redis-server with the module (its ✅/❌ lines are
counted) and python-client/tests/test_*.py.  Writes {"passed": N,
"failed": N} to $TEST_SUMMARY_FILE when set; exits 1 when anything failed.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
CLIENT_DIR = os.path.dirname(TESTS_DIR)
REPO = os.path.dirname(CLIENT_DIR)
HARNESS_DIR = os.path.join(REPO, "redis-module", "tests")
INSIDE_VENV_FLAG = "--inside-venv"
SUCCESS_LINE = "🎉 ALL TESTS PASSED - ZERO INFORMATION LOSS ACHIEVED!"


class CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def install_into_fresh_venv(scratch):
    """The venv's python with numpy_redis installed from a copy of python-client/, or None."""
    venv = os.path.join(scratch, "venv")
    source = os.path.join(scratch, "python-client")
    # A copy, so the build's egg-info and build/ folders never land in the checkout.
    shutil.copytree(CLIENT_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    steps = [
        [sys.executable, "-m", "venv", "--system-site-packages", venv],
        [os.path.join(venv, "bin", "python"), "-m", "pip", "install", "--no-index", "--no-build-isolation",
         "--disable-pip-version-check", "--quiet", source],
    ]
    for step in steps:
        print(f"$ {' '.join(step)}", flush=True)
        completed = subprocess.run(step, capture_output=True, text=True, timeout=600)
        if completed.returncode != 0:
            print(completed.stdout + completed.stderr)
            print(f"❌ install into a fresh venv failed (exit status {completed.returncode})")
            return None
    print("✅ installed into a fresh venv", flush=True)
    return os.path.join(venv, "bin", "python")


def run_in_venv(python, scratch):
    """(passed, failed) of this script run again inside the venv."""
    summary = os.path.join(scratch, "inside.json")
    # The module's server harness comes from redis-module/tests; numpy_redis only from the venv.
    completed = subprocess.run(
        [python, "-P", os.path.abspath(__file__), INSIDE_VENV_FLAG],
        env={**os.environ, "TEST_SUMMARY_FILE": summary, "PYTHONPATH": HARNESS_DIR}, timeout=1800,
    )
    if not os.path.exists(summary):
        print(f"the tests inside the venv exited with {completed.returncode} without a summary")
        return 0, 1
    with open(summary, encoding="utf-8") as source:
        counts = json.load(source)
    return counts["passed"], counts["failed"]


def run_client_script(harness):
    """(passed, failed) from client.py's ✅/❌ lines against a fresh server."""
    server = harness.RedisServer(name="python-client").start()
    try:
        completed = subprocess.run(
            [sys.executable, "-P", os.path.join(CLIENT_DIR, "client.py"), "--port", str(server.port)],
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


def inside_venv():
    import harness  # on PYTHONPATH inside the venv (run_in_venv)

    try:
        script_passed, script_failed = run_client_script(harness)
        api_passed, api_failed = run_api_tests()
    finally:
        harness.stop_every_server()
    print(f"\nclient.py {script_passed} ✅ {script_failed} ❌; API tests {api_passed} passed, {api_failed} failed")
    return script_passed + api_passed, script_failed + api_failed


def outside_venv():
    scratch = tempfile.mkdtemp(prefix="numpy-redis-python-client-")
    try:
        python = install_into_fresh_venv(scratch)
        if python is None:
            return 0, 1
        passed, failed = run_in_venv(python, scratch)
        return passed + 1, failed
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    passed, failed = inside_venv() if INSIDE_VENV_FLAG in sys.argv else outside_venv()
    if INSIDE_VENV_FLAG not in sys.argv:
        print(f"\npython-client suite: {passed} passed, {failed} failed (the venv install included)")
    summary_path = os.environ.get("TEST_SUMMARY_FILE")
    if summary_path:
        with open(summary_path, "w", encoding="utf-8") as out:
            json.dump({"passed": passed, "failed": failed}, out)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
