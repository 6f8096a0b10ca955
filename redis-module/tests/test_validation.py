"""NP.SET refuses malformed .npy payloads with a reason, storing nothing and keeping old values."""

import io
import os

import numpy as np
import redis

import header_mutations
import malformed_npy
import random_dtypes
from harness import ServerTestCase
from npy_fixtures import npy_bytes


class ValidationTest(ServerTestCase):
    def np_set_error(self, key, payload, *options):
        with self.assertRaises(redis.ResponseError) as raised:
            self.r.execute_command("NP.SET", key, payload, *options)
        return str(raised.exception)

    def test_each_malformed_payload_is_refused_with_its_reason(self):
        for case in malformed_npy.every_malformed():
            with self.subTest(case.name):
                self.r.delete("fresh")
                message = self.np_set_error("fresh", case.payload)
                self.assertTrue(message.startswith("invalid .npy: "), message)
                self.assertIn(case.keyword, message)
                self.assertEqual(self.r.exists("fresh"), 0, "a refused payload was stored")

    def test_refused_payload_keeps_the_old_value_its_ttl_and_etag(self):
        good = npy_bytes(np.arange(10, dtype="<i8"))
        for case in malformed_npy.every_malformed():
            with self.subTest(case.name):
                self.r.execute_command("NP.SET", "kept", good, "PX", 600_000)
                etag = self.r.execute_command("NP.ETAG", "kept")
                self.np_set_error("kept", case.payload)
                self.assertEqual(self.r.execute_command("NP.GET", "kept"), good)
                self.assertGreater(self.r.pttl("kept"), 0, "the TTL was lost")
                self.assertEqual(self.r.execute_command("NP.ETAG", "kept"), etag)

    def test_refused_payload_with_options_keeps_the_old_value(self):
        good = npy_bytes(np.arange(3))
        self.r.execute_command("NP.SET", "kept", good, "EX", 1000)
        bad = good[:-1]
        for options in ([], ["XX"], ["KEEPTTL"], ["EX", "5"], ["XX", "PX", "5000"]):
            with self.subTest(options=options):
                self.np_set_error("kept", bad, *options)
                self.assertEqual(self.r.execute_command("NP.GET", "kept"), good)
                self.assertGreater(self.r.ttl("kept"), 900)

    def test_numpy_refuses_the_same_payloads(self):
        # Ground truth for the table: np.load must refuse what NP.SET refuses.
        for case in malformed_npy.every_malformed():
            if not case.numpy_refuses:
                continue
            with self.subTest(case.name):
                with self.assertRaises(Exception):
                    np.load(io.BytesIO(case.payload), allow_pickle=False)

    def test_every_header_mutation_the_module_accepts_numpy_loads(self):
        # Differential check: the module must never store what numpy cannot load.
        pipe = self.r.pipeline(transaction=False)
        cases = list(header_mutations.mutated_payloads(3000, seed=20240601))
        for _, payload in cases:
            pipe.execute_command("NP.SET", "k", payload)
        replies = pipe.execute(raise_on_error=False)
        wrongly_accepted = [text for (text, payload), reply in zip(cases, replies)
                            if not isinstance(reply, Exception) and not header_mutations.numpy_loads(payload)]
        self.assertEqual(wrongly_accepted, [], f"{len(wrongly_accepted)} headers numpy refuses were stored")

    def test_random_nested_dtypes_get_numpys_itemsize_and_size(self):
        for dtype, array in random_dtypes.random_arrays(300, seed=7):
            with self.subTest(dtype=str(dtype)):
                payload = npy_bytes(array)
                self.assertEqual(self.r.execute_command("NP.SET", "k", payload), b"OK")
                info = self.r.execute_command("NP.INFO", "k")
                fields = dict(zip(info[::2], info[1::2]))
                self.assertEqual((fields[b"itemsize"], fields[b"size"]), (dtype.itemsize, array.size))
                if array.nbytes:
                    message = self.np_set_error("k", payload[:-1])
                    self.assertIn(f"declares {array.nbytes} data bytes but {array.nbytes - 1} follow", message)

    def test_short_data_message_names_both_byte_counts(self):
        for case, declared, present in malformed_npy.short_data():
            with self.subTest(case.name):
                message = self.np_set_error("k", case.payload)
                self.assertIn(f"header declares {declared} data bytes but {present} follow", message)

    def test_python_code_in_the_header_is_never_evaluated(self):
        marker = malformed_npy.SIDE_EFFECT_MARKER
        if os.path.exists(marker):
            os.remove(marker)
        for case in malformed_npy.not_a_literal_dict():
            self.np_set_error("k", case.payload)
        self.assertFalse(os.path.exists(marker), "the header's Python code ran")

    def test_literal_error_says_where_the_problem_is(self):
        case = next(c for c in malformed_npy.not_a_literal_dict() if c.name == "Python call as the descr value")
        message = self.np_set_error("k", case.payload)
        self.assertRegex(message, r"\d", "the literal error should carry an offset")

    def test_wrong_version_message_names_the_version(self):
        case = next(c for c in malformed_npy.unsupported_versions() if c.name == "version 1.1")
        self.assertIn("1.1", self.np_set_error("k", case.payload))

    def test_refused_payloads_leave_the_server_healthy(self):
        for case in malformed_npy.every_malformed():
            try:
                self.r.execute_command("NP.SET", "k", case.payload)
            except redis.ResponseError:
                pass
        self.assertTrue(self.r.ping())
        self.assertEqual(self.r.dbsize(), 0)

    def test_object_dtype_skips_the_data_length_check(self):
        array = np.array([1, "x"], dtype=object)
        payload = npy_bytes(array)
        header_only = payload[: payload.index(b"\n") + 1]
        self.assertEqual(self.r.execute_command("NP.SET", "k", header_only), b"OK")
        self.assertEqual(self.r.execute_command("NP.GET", "k"), header_only)

    def test_structured_dtype_with_object_field_skips_the_data_length_check(self):
        payload = npy_bytes(np.array([(1, "x")], dtype=[("n", "<i8"), ("o", "O")]))
        header_only = payload[: payload.index(b"\n") + 1]
        self.assertEqual(self.r.execute_command("NP.SET", "k", header_only), b"OK")

    def test_exactly_enough_data_is_accepted(self):
        for count in (0, 1, 1000):
            with self.subTest(count=count):
                payload = npy_bytes(np.ones(count, dtype="<c16"))
                self.assertEqual(self.r.execute_command("NP.SET", "k", payload), b"OK")
