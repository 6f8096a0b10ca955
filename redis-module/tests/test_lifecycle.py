"""Keyspace operations on numpyarry keys: COPY, SCAN TYPE, events, lazy free, MEMORY USAGE, SWAPDB, expiry."""

import time

import numpy as np
import redis

from harness import ServerTestCase, wait_until
from npy_fixtures import npy_bytes

BIG_BYTES = 64 << 20


def big_payload(seed):
    return npy_bytes(np.full(BIG_BYTES // 8, seed, dtype="<u8"))


class CopyTest(ServerTestCase):
    def test_copy_is_independent_of_the_original(self):
        original, replacement = npy_bytes(np.arange(5)), npy_bytes(np.arange(6))
        self.r.execute_command("NP.SET", "a", original)
        self.assertEqual(self.r.copy("a", "b"), True)
        self.r.execute_command("NP.SET", "a", replacement)
        self.assertEqual(self.r.execute_command("NP.GET", "b"), original)
        self.r.delete("a")
        self.assertEqual(self.r.execute_command("NP.GET", "b"), original)
        self.assertEqual(self.r.type("b"), b"numpyarry")

    def test_copy_has_the_etag_of_its_bytes_until_either_changes(self):
        self.r.execute_command("NP.SET", "a", npy_bytes(np.arange(5)))
        self.r.copy("a", "b")
        etag = self.r.execute_command("NP.ETAG", "a")
        self.assertEqual(self.r.execute_command("NP.ETAG", "b"), etag)
        self.r.execute_command("NP.SET", "b", npy_bytes(np.arange(6)))
        self.assertNotEqual(self.r.execute_command("NP.ETAG", "b"), etag)
        self.assertEqual(self.r.execute_command("NP.ETAG", "a"), etag)

    def test_copy_to_another_db(self):
        payload = npy_bytes(np.arange(5))
        self.r.execute_command("NP.SET", "a", payload)
        self.assertTrue(self.r.copy("a", "a", destination_db=3))
        db3 = self.server.client(db=3)
        self.assertEqual(db3.execute_command("NP.GET", "a"), payload)
        db3.execute_command("NP.SET", "a", npy_bytes(np.arange(1)))
        self.assertEqual(self.r.execute_command("NP.GET", "a"), payload)

    def test_copy_replace_overwrites_and_keeps_digest(self):
        self.r.execute_command("NP.SET", "a", npy_bytes(np.arange(5)))
        self.r.set("b", "string")
        self.assertFalse(self.r.copy("a", "b"))
        self.assertTrue(self.r.copy("a", "b", replace=True))
        self.assertEqual(self.r.execute_command("DEBUG", "DIGEST-VALUE", "a"),
                         self.r.execute_command("DEBUG", "DIGEST-VALUE", "b"))

    def test_copy_of_a_big_array_then_free_both(self):
        payload = big_payload(1)
        self.r.execute_command("NP.SET", "a", payload)
        self.r.copy("a", "b")
        self.r.delete("a")
        self.assertEqual(self.r.execute_command("NP.LEN", "b"), len(payload))
        self.assertEqual(self.r.execute_command("NP.GETRANGE", "b", -8, -1), payload[-8:])


class KeyspaceTest(ServerTestCase):
    def test_scan_type_numpyarry_finds_only_np_keys(self):
        for i in range(30):
            self.r.execute_command("NP.SET", f"np:{i}", npy_bytes(np.arange(i)))
            self.r.set(f"str:{i}", "x")
        found = set(self.r.scan_iter(_type="numpyarry", count=7))
        self.assertEqual(found, {f"np:{i}".encode() for i in range(30)})
        self.assertEqual(set(self.r.scan_iter(_type="NUMPYARRY")), found)

    def test_swapdb_moves_np_keys_between_dbs(self):
        payload = npy_bytes(np.arange(5))
        self.r.execute_command("NP.SET", "k", payload)
        self.r.swapdb(0, 1)
        self.assertEqual(self.r.exists("k"), 0)
        self.assertEqual(self.server.client(db=1).execute_command("NP.GET", "k"), payload)

    def test_move_rename_and_del_work_on_np_keys(self):
        payload = npy_bytes(np.arange(5))
        self.r.execute_command("NP.SET", "k", payload)
        self.r.rename("k", "renamed")
        self.assertTrue(self.r.move("renamed", 2))
        db2 = self.server.client(db=2)
        self.assertEqual(db2.execute_command("NP.GET", "renamed"), payload)
        self.assertEqual(db2.delete("renamed"), 1)
        self.assertIsNone(db2.execute_command("NP.GET", "renamed"))

    def test_expire_removes_the_key_and_np_commands_see_it_gone(self):
        self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(5)))
        self.r.pexpire("k", 30)
        wait_until(lambda: not self.r.exists("k"), timeout_s=5, what="expiry")
        self.assertIsNone(self.r.execute_command("NP.GET", "k"))
        self.assertIsNone(self.r.execute_command("NP.INFO", "k"))
        self.assertEqual(self.r.execute_command("NP.LEN", "k"), 0)

    def test_np_set_nx_succeeds_after_the_key_expired(self):
        self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(5)), "PX", 20)
        time.sleep(0.05)
        self.assertEqual(self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(2)), "NX"), b"OK")

    def test_object_encoding_and_idle_time_work(self):
        self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(5)))
        self.assertIsInstance(self.r.object("idletime", "k"), int)


class KeyspaceEventsTest(ServerTestCase):
    def events_after_np_set(self, flags, key="ev"):
        """Keyspace/keyevent messages published by one NP.SET under these flags."""
        self.r.config_set("notify-keyspace-events", flags)
        pubsub = self.server.client().pubsub()
        pubsub.psubscribe("__key*__:*")
        wait_until(lambda: pubsub.get_message(timeout=0.1), what="psubscribe confirmation")
        self.r.execute_command("NP.SET", key, npy_bytes(np.arange(3)))
        # Whatever the flags, one of these two publishes something: the end marker.
        self.r.execute_command("NP.SET", "end-marker", npy_bytes(np.arange(1)))
        self.r.set("end-marker-string", "x")
        messages = []
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=0.1)
            if not message or message["type"] != "pmessage":
                continue
            if b"end-marker" in message["channel"] + message["data"]:
                break
            messages.append((message["channel"], message["data"]))
        pubsub.close()
        return messages

    def test_keyevent_np_set_is_published_with_kea(self):
        messages = self.events_after_np_set("KEA")
        self.assertIn((b"__keyevent@0__:np.set", b"ev"), messages)
        self.assertIn((b"__keyspace@0__:ev", b"np.set"), messages)

    def test_keyevent_class_d_alone_is_enough(self):
        messages = self.events_after_np_set("Ed")
        self.assertEqual([m for m in messages if m[1] == b"ev"], [(b"__keyevent@0__:np.set", b"ev")])

    def test_keyspace_class_d_alone_is_enough(self):
        messages = self.events_after_np_set("Kd")
        self.assertEqual([m for m in messages if m[1] == b"np.set"], [(b"__keyspace@0__:ev", b"np.set")])

    def test_no_np_set_event_without_the_module_class(self):
        messages = self.events_after_np_set("KE$g")
        self.assertFalse([m for m in messages if b"np.set" in m[0] + m[1]], messages)

    def test_refused_np_set_publishes_nothing(self):
        self.r.config_set("notify-keyspace-events", "KEA")
        pubsub = self.server.client().pubsub()
        pubsub.psubscribe("__keyevent@0__:np.set")
        wait_until(lambda: pubsub.get_message(timeout=0.1), what="psubscribe confirmation")
        with self.assertRaises(redis.ResponseError):
            self.r.execute_command("NP.SET", "bad", b"not an npy file")
        self.assertIsNone(self.r.execute_command("NP.SET", "bad", npy_bytes(np.arange(1)), "XX"))
        time.sleep(0.2)
        message = pubsub.get_message(timeout=0.2)
        pubsub.close()
        self.assertIsNone(message)


class LazyFreeTest(ServerTestCase):
    def setUp(self):
        super().setUp()
        # an earlier test's background frees must not count in this one
        wait_until(lambda: self.r.info("memory")["lazyfree_pending_objects"] == 0, what="pending lazy frees")

    def lazyfreed(self):
        return self.r.info("all")["lazyfreed_objects"]

    def test_unlink_of_a_big_array_frees_it_in_the_background(self):
        self.r.execute_command("NP.SET", "big", big_payload(7))
        before = self.lazyfreed()
        self.assertEqual(self.r.unlink("big"), 1)
        self.assertTrue(self.r.ping())
        wait_until(lambda: self.lazyfreed() > before, what="the background free of a 64 MiB array")
        self.assertEqual(self.r.exists("big"), 0)

    def test_flushall_async_of_big_arrays_keeps_the_server_responsive(self):
        for i in range(3):
            self.r.execute_command("NP.SET", f"big{i}", big_payload(i))
        used = self.r.info("memory")["used_memory"]
        self.assertGreater(used, 3 * BIG_BYTES)
        self.r.flushall(asynchronous=True)
        self.assertTrue(self.r.ping())
        self.assertEqual(self.r.dbsize(), 0)
        wait_until(lambda: self.r.info("memory")["used_memory"] < used - 2 * BIG_BYTES, what="memory to be freed")

    def test_small_arrays_are_freed_synchronously(self):
        self.r.execute_command("NP.SET", "small", npy_bytes(np.arange(3)))
        before = self.lazyfreed()
        self.r.unlink("small")
        self.assertEqual(self.lazyfreed(), before)


class MemoryUsageTest(ServerTestCase):
    def test_memory_usage_is_close_to_a_string_with_the_same_bytes(self):
        for size in (1 << 10, 512 << 10, 16 << 20):
            payload = npy_bytes(np.zeros(size // 8, dtype="<f8"))
            with self.subTest(bytes=len(payload)):
                self.r.execute_command("NP.SET", "arr", payload)
                self.r.set("str", payload)
                as_array = self.r.memory_usage("arr", samples=0)
                as_string = self.r.memory_usage("str", samples=0)
                self.assertLessEqual(abs(as_array - as_string), 64 + as_string // 100,
                                     f"MEMORY USAGE {as_array} for the array vs {as_string} for the string")

    def test_used_memory_grows_no_more_than_for_set_of_the_same_bytes(self):
        # A server of its own: big buffers and values left by other tests are freed on
        # Redis's schedule and would move used_memory while we measure.
        server = self.start_server(name="used-memory")
        payload = big_payload(3)
        growth = {}
        for command, key in (("SET", "str"), ("NP.SET", "arr")):
            growth[command] = used_memory_growth(server, command, key, payload)
        self.assertLessEqual(growth["NP.SET"], growth["SET"] * 1.01 + 4096,
                             f"used_memory grew {growth['NP.SET']} for NP.SET vs {growth['SET']} for SET")


def used_memory_growth(server, command, key, payload):
    """What storing costs, measured once the big query buffer is gone.

    A client's query buffer counts in used_memory, and Redis shrinks it (or hands it to
    the stored string) on its own schedule; sending the command on a connection of its
    own and waiting for it to close leaves only the stored value behind.
    """
    observer = server.client()
    clients = observer.info("clients")["connected_clients"]
    before = observer.info("memory")["used_memory"]
    sender = server.client()
    sender.execute_command(command, key, payload)
    sender.connection_pool.disconnect()
    wait_until(lambda: observer.info("clients")["connected_clients"] == clients, what="the sender to disconnect")
    return observer.info("memory")["used_memory"] - before
