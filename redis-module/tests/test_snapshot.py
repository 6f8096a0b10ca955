"""NP.SNAPSHOT: the etag, the length and a range of one version, equal to what
MULTI NP.ETAG NP.LEN NP.GETRANGE EXEC answers."""

import numpy as np
import redis

from harness import ServerTestCase
from npy_fixtures import every_kind, npy_bytes

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"


class SnapshotTest(ServerTestCase):
    def snapshot(self, *args):
        return self.r.execute_command("NP.SNAPSHOT", *args)

    def transaction(self, key, start, end):
        """What the app asked before NP.SNAPSHOT, in one MULTI."""
        pipe = self.r.pipeline(transaction=True)
        pipe.execute_command("NP.ETAG", key)
        pipe.execute_command("NP.LEN", key)
        pipe.execute_command("NP.GETRANGE", key, start, end)
        return pipe.execute()

    def test_every_kind_of_array_answers_what_the_transaction_answers(self):
        for i, (name, array) in enumerate(every_kind()):
            with self.subTest(name):
                payload = npy_bytes(array)
                self.r.execute_command("NP.SET", f"k{i}", payload)
                self.assertEqual(self.snapshot(f"k{i}", 0, -1), self.transaction(f"k{i}", 0, -1))
                self.assertEqual(self.snapshot(f"k{i}", 0, -1)[2], payload)

    def test_ranges_are_cut_as_np_getrange_cuts_them(self):
        payload = npy_bytes(np.random.default_rng(5).random(50))
        n = len(payload)
        self.r.execute_command("NP.SET", "arr", payload)
        edges = (0, 1, 5, 127, 128, n - 2, n - 1, n, n + 1, 10**12, -1, -2, -n, -n - 1, -(10**12), -1000)
        for start in edges:
            for end in edges:
                with self.subTest(start=start, end=end):
                    self.assertEqual(self.snapshot("arr", start, end), self.transaction("arr", start, end))

    def test_without_a_range_it_answers_the_etag_and_the_length(self):
        payload = npy_bytes(np.arange(12, dtype=">i2").reshape(3, 4))
        self.r.execute_command("NP.SET", "k", payload)
        etag, length, _ = self.transaction("k", 0, -1)
        self.assertEqual(self.snapshot("k"), [etag, length])
        self.assertEqual(length, len(payload))

    def test_a_rewrite_gives_a_new_etag_with_its_own_bytes(self):
        first, second = npy_bytes(np.zeros(4)), npy_bytes(np.ones(6))
        self.r.execute_command("NP.SET", "k", first)
        before = self.snapshot("k", 0, -1)
        self.r.execute_command("NP.SET", "k", second)
        after = self.snapshot("k", 0, -1)
        self.assertNotEqual(before[0], after[0])
        self.assertEqual(after[1:], [len(second), second])
        self.assertEqual(after[0], self.r.execute_command("NP.ETAG", "k"))

    def test_a_missing_key_is_nil(self):
        self.assertIsNone(self.snapshot("missing", 0, -1))
        self.assertIsNone(self.snapshot("missing"))

    def test_another_type_is_wrongtype_and_untouched(self):
        self.r.set("s", b"x")
        for args in (("s",), ("s", 0, -1)):
            with self.assertRaises(redis.ResponseError) as caught:
                self.snapshot(*args)
            self.assertEqual(str(caught.exception), WRONGTYPE)
        self.assertEqual(self.r.get("s"), b"x")

    def test_arity_and_offsets_are_checked(self):
        self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(3)))
        for args in ((), ("k", 0), ("k", 0, 1, 2)):
            with self.subTest(args=args), self.assertRaises(redis.ResponseError) as caught:
                self.snapshot(*args)
            self.assertIn("wrong number of arguments", str(caught.exception))
        for start, end in (("a", 1), (0, "b"), ("1.5", 2)):
            with self.subTest(start=start, end=end), self.assertRaises(redis.ResponseError) as caught:
                self.snapshot("k", start, end)
            self.assertIn("not an integer", str(caught.exception))

    def test_it_is_a_readonly_command_with_one_key(self):
        info = self.r.execute_command("COMMAND", "INFO", "np.snapshot")["np.snapshot"]
        self.assertIn("readonly", info["flags"])
        self.assertEqual((info["first_key_pos"], info["last_key_pos"], info["step_count"]), (1, 1, 1))
