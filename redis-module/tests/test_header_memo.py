"""NP.SET remembers the last header it accepted (npy_header_memo.c) and checks only the data
length of a payload that starts with it: the verdict, the reason and what NP.INFO reports must
be those of a full check, whatever came before. The C unit (tests/header_memo_test.c) compares
both paths on every one-byte change of numpy-made headers."""

import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import redis

from harness import ServerTestCase
from npy_fixtures import npy_bytes

MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class HeaderMemoUnitTest(unittest.TestCase):
    def test_the_memo_agrees_with_a_full_check_on_every_one_byte_change(self):
        build = subprocess.run(["make", "-s", "-C", MODULE_DIR, "build/unit/header_memo_test"], capture_output=True,
                               text=True)
        self.assertEqual(build.returncode, 0, build.stdout + build.stderr)
        with tempfile.TemporaryDirectory(prefix="npy-memo-seeds-") as seeds:
            subprocess.run([sys.executable, os.path.join(MODULE_DIR, "fuzz", "make_seeds.py"), seeds], check=True,
                           capture_output=True)
            run = subprocess.run([os.path.join(MODULE_DIR, "build", "unit", "header_memo_test"), seeds],
                                 capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)


class HeaderMemoServerTest(ServerTestCase):
    def np_set_error(self, key, payload):
        with self.assertRaises(redis.ResponseError) as raised:
            self.r.execute_command("NP.SET", key, payload)
        return str(raised.exception)

    def test_the_same_header_with_short_data_is_refused_after_a_good_one(self):
        good = npy_bytes(np.arange(5, dtype="<f8"))
        self.assertEqual(self.r.execute_command("NP.SET", "a", good), b"OK")
        message = self.np_set_error("b", good[:-1])
        self.assertEqual(message, "invalid .npy: header declares 40 data bytes but 39 follow")
        self.assertEqual(self.r.exists("b"), 0)
        self.assertEqual(self.r.execute_command("NP.SET", "b", good + b"\0"), b"OK")
        self.assertEqual(self.r.execute_command("NP.GET", "b"), good + b"\0")

    def test_a_header_differing_in_one_byte_is_checked_in_full(self):
        good = npy_bytes(np.arange(5, dtype="<f8"))
        self.r.execute_command("NP.SET", "a", good)
        bad = good.replace(b"'<f8'", b"'<f9'")
        self.assertIn("f9", self.np_set_error("b", bad))
        other = good.replace(b"'<f8'", b"'<i8'")
        self.assertEqual(self.r.execute_command("NP.SET", "b", other), b"OK")
        info = self.r.execute_command("NP.INFO", "b")
        fields = dict(zip(info[::2], info[1::2]))
        self.assertEqual(fields[b"descr"], b"'<i8'")

    def test_info_after_a_remembered_header_is_that_of_a_full_check(self):
        arrays = [np.arange(5, dtype="<f8"), np.zeros((2, 3), dtype=[("x", "<i4"), ("y", ">f8", (2,))]),
                  np.array([1, "two"], dtype=object)]
        for array in arrays:
            payload = npy_bytes(array)
            with self.subTest(dtype=str(array.dtype)):
                self.r.execute_command("NP.SET", "first", payload)
                self.r.execute_command("NP.SET", "second", payload)
                self.assertEqual(self.r.execute_command("NP.INFO", "second"),
                                 self.r.execute_command("NP.INFO", "first"))
                self.assertEqual(self.r.execute_command("NP.GET", "second"), payload)

