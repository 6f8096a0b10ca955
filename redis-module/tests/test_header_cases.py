"""The shared header table (tests/fixtures/header_cases.py): NP.SET stores exactly
the files numpy loads, reports what numpy read (NP.INFO's descr text is the one numpy
evaluates: read back through numpy it is numpy's descr), and refuses the rest with a reason.
The TypeScript reader runs the same table (tests/unit/npy/header-cases.test.ts)."""

import ast
import os
import sys
import warnings

import redis
from numpy.lib import format as npformat

try:  # numpy 2 keeps the header filter here
    from numpy.lib._format_impl import _filter_header as filter_header
except ImportError:  # numpy 1.x
    from numpy.lib.format import _filter_header as filter_header

from harness import ServerTestCase

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures"))
import header_cases  # noqa: E402  (needs the path above)


def descr_value(text, case):
    """numpy's descr value for NP.INFO's descr text: the text numpy would evaluate, through numpy.
    Under numpy 1.x, a numpy 2 type code is read as the nearest numpy 1 code the table judged ('n' -> 'p')."""
    if not header_cases.NUMPY2 and text in (repr(code) for code in header_cases.ADDED_IN_NUMPY2) and case["group"] == "type-names":
        text = repr(header_cases.ADDED_IN_NUMPY2[case["name"]])
    try:
        literal = ast.literal_eval(text)
    except SyntaxError:  # Python 2 longs ('2L'), which numpy filters out of old headers
        literal = ast.literal_eval(filter_header(text))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return header_cases.as_json(npformat.dtype_to_descr(npformat.descr_to_dtype(literal)))


def info_fields(reply):
    return {name.decode(): value for name, value in zip(reply[::2], reply[1::2])}


class HeaderCasesTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cases = list(header_cases.every_case())

    def test_the_table_covers_every_class_of_case(self):
        groups = {case["group"] for case in self.cases}
        self.assertEqual(groups, {"numpy-writes", "type-names", "shape-spellings", "layout", "dimensions", "subarrays", "sizes"})
        verdicts = {case["numpy"]["ok"] for case in self.cases}
        self.assertEqual(verdicts, {True, False})

    def test_every_file_numpy_loads_is_stored_exactly_and_read_as_numpy_reads_it(self):
        for case in self.cases:
            if not case["numpy"]["ok"] or case["refused_on_purpose"]:
                continue
            with self.subTest(f"{case['group']}: {case['name']}"):
                payload = bytes.fromhex(case["file"])
                self.assertEqual(self.r.execute_command("NP.SET", "k", payload), b"OK")
                self.assertEqual(self.r.execute_command("NP.GET", "k"), payload)
                info = info_fields(self.r.execute_command("NP.INFO", "k"))
                numpy = case["numpy"]
                self.assertEqual(list(info["shape"]), numpy["shape"])
                self.assertEqual(info["fortran_order"], int(numpy["fortran_order"]))
                self.assertEqual(info["itemsize"], numpy["itemsize"])
                self.assertEqual(info["size"], numpy["size"])
                self.assertEqual(info["data_offset"], numpy["data_offset"])
                self.assertEqual(info["file_bytes"], len(payload))
                encoding = "utf-8" if payload[6] == 3 else "latin-1"  # numpy's header encodings
                self.assertEqual(descr_value(info["descr"].decode(encoding), case), numpy["descr"])
                data_bytes = len(payload) - numpy["data_offset"] if numpy["pickled"] else numpy["size"] * numpy["itemsize"]
                self.assertEqual(info["data_bytes"], data_bytes)

    def test_every_file_numpy_refuses_is_refused_with_a_reason(self):
        for case in self.cases:
            if case["numpy"]["ok"] and not case["refused_on_purpose"]:
                continue
            with self.subTest(f"{case['group']}: {case['name']}", numpy=case["numpy"].get("error")):
                self.r.delete("k")
                with self.assertRaises(redis.ResponseError) as raised:
                    self.r.execute_command("NP.SET", "k", bytes.fromhex(case["file"]))
                self.assertTrue(str(raised.exception).startswith("invalid .npy: "), str(raised.exception))
                self.assertEqual(self.r.exists("k"), 0)
