"""numpy 2's variable-width strings (StringDType, kind 'T'). A .npy header cannot describe
that dtype, so numpy 2's np.save writes descr '|O' and pickles the array (protocol 4), and
np.load gives it back only with allow_pickle=True. Such a file is an object-array file: the
module stores it byte for byte, reports descr '|O' with the pickle as its data, and never
unpickles it. The file comes from the shared case table (tests/fixtures/header_cases.py),
built by np.save under numpy 2, or the same way around an object array under numpy 1.x."""

import io
import os
import pickle
import sys

import numpy as np

from harness import ServerTestCase
from npy_fixtures import npy_bytes, read_header

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures"))
import header_cases  # after the path above

STRINGS = np.array(["a", "", "\u00e9t\u00e9", "x" * 100])


def info_fields(reply):
    return {name.decode(): value for name, value in zip(reply[::2], reply[1::2])}


class StringDTypeTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.file = header_cases.string_dtype_file(STRINGS)

    def test_the_file_is_an_object_array_header_then_a_protocol_4_pickle(self):
        object_file = npy_bytes(STRINGS.astype(object))
        header_length = read_header(object_file)[4]
        self.assertEqual(read_header(self.file)[4], header_length)
        self.assertEqual(self.file[:header_length], object_file[:header_length])
        self.assertIn(b"'descr': '|O'", self.file[:header_length])
        self.assertEqual(self.file[header_length:header_length + 2], b"\x80\x04")
        self.assertEqual(pickle.loads(self.file[header_length:]).tolist(), STRINGS.tolist())

    def test_it_is_stored_exactly_and_described_as_numpy_reads_its_header(self):
        self.assertEqual(self.r.execute_command("NP.SET", "strings", self.file), b"OK")
        self.assertEqual(self.r.execute_command("NP.GET", "strings"), self.file)
        info = info_fields(self.r.execute_command("NP.INFO", "strings"))
        self.assertEqual(info["descr"], b"'|O'")
        self.assertEqual(list(info["shape"]), [len(STRINGS)])
        self.assertEqual(info["data_bytes"], len(self.file) - info["data_offset"])

    def test_numpy_loads_what_comes_back_only_with_allow_pickle(self):
        self.r.execute_command("NP.SET", "strings", self.file)
        stored = self.r.execute_command("NP.GET", "strings")
        with self.assertRaisesRegex(ValueError, "allow_pickle"):
            np.load(io.BytesIO(stored))
        self.assertEqual(np.load(io.BytesIO(stored), allow_pickle=True).tolist(), STRINGS.tolist())
