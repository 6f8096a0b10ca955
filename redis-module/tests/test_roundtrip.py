"""NP.SET then NP.GET gives back exactly what np.save wrote, for every kind of array."""

import numpy as np

from harness import ServerTestCase
from npy_fixtures import (
    assert_arrays_equal,
    every_kind,
    explicit_versions,
    frame,
    load_npy,
    npy_bytes,
)


class RoundTripTest(ServerTestCase):
    def assertRoundTrips(self, label, payload, expected=None):
        self.assertEqual(self.r.execute_command("NP.SET", "a", payload), b"OK", label)
        stored = self.r.execute_command("NP.GET", "a")
        self.assertEqual(stored, payload, f"{label}: stored bytes differ")
        if expected is not None:
            assert_arrays_equal(self, expected, load_npy(stored), label)

    def test_every_dtype_and_layout_numpy_writes_round_trips_byte_exact(self):
        for name, array in every_kind():
            with self.subTest(name):
                self.assertRoundTrips(name, npy_bytes(array), array)

    def test_versions_1_2_and_3_written_explicitly_round_trip(self):
        for version, array, payload in explicit_versions():
            with self.subTest(version=version):
                self.assertEqual(payload[6:8], bytes(version))
                self.assertRoundTrips(f"v{version}", payload, array)

    def test_numpy_chooses_v2_for_huge_headers_and_v3_for_non_latin1_names(self):
        by_name = dict(every_kind())
        self.assertEqual(npy_bytes(by_name["v2.0 header, 5000 fields"])[6:8], b"\x02\x00")
        self.assertEqual(npy_bytes(by_name["v3.0 header, non-latin-1 names"])[6:8], b"\x03\x00")

    def test_trailing_bytes_after_the_data_are_kept(self):
        array = np.arange(4, dtype="<i4")
        payload = npy_bytes(array) + b"trailing \x00\xff bytes"
        self.assertRoundTrips("trailing", payload, array)

    def test_object_array_data_is_an_unchecked_pickle(self):
        array = np.array([{"nested": [1, 2]}, "text", 3.5], dtype=object)
        self.assertRoundTrips("object", npy_bytes(array), array)

    def test_headers_numpy_accepts_but_never_writes_are_accepted(self):
        data = np.arange(3, dtype="<f8").tobytes()
        variants = {
            "double quotes": '{"descr": "<f8", "fortran_order": False, "shape": (3,)}',
            "keys reordered": "{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}",
            "no trailing comma, no spaces": "{'descr':'<f8','fortran_order':False,'shape':(3,)}",
            "extra whitespace": "{ 'descr' : '<f8' ,\t'fortran_order' : False , 'shape' : ( 3 , ) , }",
            "16-byte alignment (numpy < 1.14)": None,
            "no alignment": None,
        }
        standard = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
        for name, header in variants.items():
            align = {"16-byte alignment (numpy < 1.14)": 16, "no alignment": 0}.get(name, 64)
            payload = frame(header or standard, align=align, data=data)
            with self.subTest(name):
                expected = load_npy(payload)  # numpy accepts it: the ground truth
                self.assertRoundTrips(name, payload, expected)

    def test_latin1_field_name_is_stored_as_the_single_byte(self):
        payload = npy_bytes(np.zeros(1, dtype=[("é", "<i4")]))
        self.assertIn(b"'\xe9'", payload)
        self.assertRoundTrips("latin-1", payload)

    def test_overwrite_replaces_the_value(self):
        first, second = np.arange(3), np.linspace(0, 1, 7)
        self.r.execute_command("NP.SET", "a", npy_bytes(first))
        self.assertRoundTrips("overwrite", npy_bytes(second), second)

    def test_binary_key_names_work(self):
        key = b"\x00key\xff with spaces \xe2\x82\xac"
        payload = npy_bytes(np.arange(5))
        self.assertEqual(self.r.execute_command("NP.SET", key, payload), b"OK")
        self.assertEqual(self.r.execute_command("NP.GET", key), payload)

    def test_64_mib_array_round_trips(self):
        array = np.arange(8 << 20, dtype="<u8")
        payload = npy_bytes(array)
        self.assertRoundTrips("64 MiB", payload)
        self.assertEqual(self.r.execute_command("NP.LEN", "a"), len(payload))
