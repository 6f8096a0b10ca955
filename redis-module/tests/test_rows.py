"""NP.ROWS: one compact row per key, equal to what NP.INFO and PTTL say of it."""

import numpy as np
import redis

from harness import ServerTestCase
from npy_fixtures import every_kind, npy_bytes

ROW = ["etag", "version", "header", "descr", "shape", "fortran_order", "bytes", "pttl"]


def info_dict(reply):
    return {reply[i].decode(): reply[i + 1] for i in range(0, len(reply), 2)}


class RowsTest(ServerTestCase):
    def rows(self, *keys):
        return self.r.execute_command("NP.ROWS", *keys)

    def expected_row(self, key):
        """The row as the two commands it replaces answer it."""
        info = info_dict(self.r.execute_command("NP.INFO", key))
        return [info["etag"], info["version"], info["header"], info["descr"], info["shape"],
                info["fortran_order"], info["bytes"], self.r.pttl(key)]

    def assertRowEqual(self, row, expected):
        self.assertEqual(len(row), len(ROW))
        for name, got, want in zip(ROW, row, expected):
            if name == "pttl" and want >= 0:
                # PTTL is asked after NP.ROWS: it may have counted down since, never up.
                self.assertTrue(want <= got <= want + 2000, f"pttl {got} vs PTTL {want}")
            else:
                self.assertEqual(got, want, name)

    def test_every_kind_of_array_gives_the_row_np_info_and_pttl_give(self):
        kinds = list(every_kind())
        for i, (_, array) in enumerate(kinds):
            self.r.execute_command("NP.SET", f"k{i}", npy_bytes(array), *(["PX", 600_000 + i] if i % 3 == 0 else []))
        keys = [f"k{i}" for i in range(len(kinds))]
        rows = self.rows(*keys)
        self.assertEqual(len(rows), len(keys))
        for (name, _), key, row in zip(kinds, keys, rows):
            with self.subTest(name):
                self.assertRowEqual(row, self.expected_row(key))

    def test_missing_keys_and_other_types_are_nil_in_place(self):
        self.r.execute_command("NP.SET", "a", npy_bytes(np.arange(4)))
        self.r.set("string", b"x")
        self.r.rpush("list", b"x")
        self.r.hset("hash", "f", "v")
        rows = self.rows("string", "a", "missing", "list", "hash", "a")
        self.assertEqual([row is None for row in rows], [True, False, True, True, True, False])
        self.assertEqual(rows[1], rows[5])

    def test_a_key_without_ttl_answers_minus_one(self):
        self.r.execute_command("NP.SET", "a", npy_bytes(np.zeros((2, 3), order="F")))
        row = self.rows("a")[0]
        self.assertEqual(row[ROW.index("pttl")], -1)
        self.assertEqual(row[ROW.index("fortran_order")], 1)
        self.assertEqual(row[ROW.index("shape")], [2, 3])

    def test_an_expired_key_is_nil(self):
        self.r.execute_command("NP.SET", "a", npy_bytes(np.arange(3)), "PX", 1)
        self.r.execute_command("DEBUG", "SLEEP", "0.01")
        self.assertEqual(self.rows("a"), [None])

    def test_at_least_one_key_is_required(self):
        with self.assertRaisesRegex(redis.ResponseError, "wrong number of arguments"):
            self.rows()

    def test_many_keys_in_one_command(self):
        payload = npy_bytes(np.arange(5, dtype="<f4"))
        pipe = self.r.pipeline(transaction=False)
        for i in range(5000):
            pipe.execute_command("NP.SET", f"k{i}", payload)
        pipe.execute()
        rows = self.rows(*(f"k{i}" for i in range(5000)))
        self.assertEqual(len(rows), 5000)
        self.assertTrue(all(row[ROW.index("bytes")] == len(payload) for row in rows))

    def test_inside_multi_it_reads_the_same_version_as_np_etag(self):
        self.r.execute_command("NP.SET", "a", npy_bytes(np.arange(3)))
        pipe = self.r.pipeline(transaction=True)
        pipe.execute_command("NP.ROWS", "a")
        pipe.execute_command("NP.ETAG", "a")
        rows, etag = pipe.execute()
        self.assertEqual(rows[0][0], etag)


class RowsMetadataTest(ServerTestCase):
    def test_is_readonly_with_every_argument_a_key(self):
        info = self.r.execute_command("COMMAND", "INFO", "np.rows")["np.rows"]
        self.assertIn("readonly", info["flags"])
        self.assertNotIn("write", info["flags"])
        self.assertEqual((info["first_key_pos"], info["last_key_pos"], info["step_count"]), (1, -1, 1))
        keys = self.r.execute_command("COMMAND GETKEYS", "NP.ROWS", "a", "b", "c")
        self.assertEqual([k.decode() if isinstance(k, bytes) else k for k in keys], ["a", "b", "c"])
