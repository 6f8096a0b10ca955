"""The etag's hash on its own (tests/hash_test.c, built by `make unit`): every byte position
changes it, lengths are told apart, outputs spread evenly, one input bit flips each output
bit about half the time, and its pinned values hold (RDB files store them)."""

import os
import subprocess
import unittest

MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class HashTest(unittest.TestCase):
    def test_the_c_unit_checks_pass(self):
        build = subprocess.run(["make", "-s", "-C", MODULE_DIR, "build/unit/hash_test"], capture_output=True, text=True)
        self.assertEqual(build.returncode, 0, build.stdout + build.stderr)
        run = subprocess.run([os.path.join(MODULE_DIR, "build", "unit", "hash_test")], capture_output=True, text=True,
                             timeout=300)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
