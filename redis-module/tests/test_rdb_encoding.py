"""The type's RDB encoding: DUMP/RESTORE, encver 2 written, encver 1 and 0 (reference layout) read, bad input refused."""

import os
import time

import numpy as np
import redis

import rdb_format
from harness import ServerTestCase
from npy_fixtures import every_kind, npy_bytes


def rdb_version(client):
    """The RDB version this server writes, read from a DUMP of a plain string."""
    client.set("__rdb_version_probe", b"x")
    try:
        return rdb_format.split_dump(client.dump("__rdb_version_probe"))[1]
    finally:
        client.delete("__rdb_version_probe")


def sample_payloads():
    kinds = dict(every_kind())
    names = ("float64 random", "nested structured, filled", "object array (pickle)",
             "v2.0 header, 5000 fields", "v3.0 header, non-latin-1 names", "empty 1-D")
    return {name: npy_bytes(kinds[name]) for name in names}


class DumpRestoreTest(ServerTestCase):
    def test_dump_and_restore_round_trip_every_kind(self):
        for name, array in every_kind():
            with self.subTest(name):
                payload = npy_bytes(array)
                self.r.execute_command("NP.SET", "src", payload)
                self.r.restore("dst", 0, self.r.dump("src"), replace=True)
                self.assertEqual(self.r.execute_command("NP.GET", "dst"), payload)
                self.assertEqual(self.r.type("dst"), b"numpyarry")

    def test_dump_writes_encoding_version_2(self):
        self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(3)))
        self.assertEqual(rdb_format.module_id_in_dump(self.r.dump("k")), ("numpyarry", 2))

    def test_restore_with_ttl_sets_the_ttl(self):
        self.r.execute_command("NP.SET", "src", npy_bytes(np.arange(3)))
        self.r.restore("dst", 50_000, self.r.dump("src"))
        self.assertTrue(0 < self.r.pttl("dst") <= 50_000)

    def test_restored_value_has_the_etag_of_its_bytes(self):
        self.r.execute_command("NP.SET", "src", npy_bytes(np.arange(3)))
        self.r.restore("dst", 0, self.r.dump("src"))
        self.assertEqual(self.r.execute_command("NP.ETAG", "dst"), self.r.execute_command("NP.ETAG", "src"))

    def test_encver_1_etag_is_replaced_by_the_hash_of_the_bytes(self):
        # encver 1 stored an id the master chose; another server holding the same bytes would not share it.
        payload = npy_bytes(np.arange(6, dtype="<i2"))
        self.r.restore("old", 0, rdb_format.module_dump(1, rdb_format.etag_items(payload, 0x1234), rdb_version(self.r)))
        self.r.execute_command("NP.SET", "fresh", payload)
        self.assertEqual(self.r.execute_command("NP.GET", "old"), payload)
        self.assertEqual(self.r.execute_command("NP.ETAG", "old"), self.r.execute_command("NP.ETAG", "fresh"))
        self.assertNotEqual(self.r.execute_command("NP.ETAG", "old"), b"0000000000001234")

    def test_encver_2_keeps_the_stored_etag(self):
        # Loading does not hash the bytes again: the etag written with them is the hash.
        payload = npy_bytes(np.arange(6, dtype="<i2"))
        self.r.execute_command("NP.SET", "fresh", payload)
        etag = int(self.r.execute_command("NP.ETAG", "fresh"), 16)
        self.r.restore("copy", 0, rdb_format.module_dump(2, rdb_format.etag_items(payload, etag), rdb_version(self.r)))
        self.assertEqual(self.r.execute_command("NP.ETAG", "copy"), self.r.execute_command("NP.ETAG", "fresh"))

    def assertEveryTruncationRefused(self, body, version):
        # RESTORE reads the object from the whole payload, so a body missing only
        # its last one or two bytes can be completed by the 2-byte RDB version
        # that follows it: those cuts are not truncations as the server sees them.
        for cut in range(1, len(body) - 2):
            with self.subTest(cut=cut, of=len(body)):
                with self.assertRaises(redis.ResponseError):
                    self.r.restore("dst", 0, rdb_format.dump_payload(body[:cut], version), replace=True)
                self.assertEqual(self.r.exists("dst"), 0)
                self.r.delete("dst")
        self.assertServerAlive()

    def test_every_truncation_of_a_dump_is_refused_and_the_server_lives(self):
        self.r.execute_command("NP.SET", "src", npy_bytes(np.arange(20, dtype="<i2")))
        self.assertEveryTruncationRefused(*rdb_format.split_dump(self.r.dump("src")))

    def test_truncated_restore_does_not_replace_an_existing_key(self):
        payload = npy_bytes(np.arange(5))
        self.r.execute_command("NP.SET", "k", payload)
        body, version = rdb_format.split_dump(self.r.dump("k"))
        with self.assertRaises(redis.ResponseError):
            self.r.restore("k", 0, rdb_format.dump_payload(body[:-20], version), replace=True)
        self.assertEqual(self.r.execute_command("NP.GET", "k"), payload)

    def test_restore_of_encver_0_payloads_loads_them(self):
        version = rdb_version(self.r)
        for name, payload in sample_payloads().items():
            with self.subTest(name):
                dump = rdb_format.module_dump(0, rdb_format.encver0_items(payload), version)
                self.r.restore("old", 0, dump, replace=True)
                self.assertEqual(self.r.execute_command("NP.GET", "old"), payload)
                self.assertEqual(self.r.execute_command("NP.LEN", "old"), len(payload))
                self.assertIsNotNone(self.r.execute_command("NP.INFO", "old"))
                self.r.execute_command("NP.SET", "fresh", payload)
                self.assertEqual(self.r.execute_command("NP.ETAG", "old"), self.r.execute_command("NP.ETAG", "fresh"))

    def test_encver_0_value_is_rewritten_as_encver_2(self):
        payload = npy_bytes(np.arange(4))
        dump = rdb_format.module_dump(0, rdb_format.encver0_items(payload), rdb_version(self.r))
        self.r.restore("old", 0, dump)
        self.assertEqual(rdb_format.module_id_in_dump(self.r.dump("old")), ("numpyarry", 2))

    def test_encver_0_with_a_length_that_disagrees_is_refused(self):
        payload = npy_bytes(np.arange(4))
        for claimed in (len(payload) + 1, len(payload) - 1, 0, 1 << 40):
            with self.subTest(claimed=claimed):
                items = [("uint", claimed), ("string", payload)]
                with self.assertRaises(redis.ResponseError):
                    self.r.restore("bad", 0, rdb_format.module_dump(0, items, rdb_version(self.r)))
                self.assertEqual(self.r.exists("bad"), 0)
        self.assertServerAlive()

    def test_encver_0_holding_an_invalid_npy_is_refused(self):
        payload = npy_bytes(np.arange(4))[:-3]
        with self.assertRaises(redis.ResponseError):
            self.r.restore("bad", 0, rdb_format.module_dump(0, rdb_format.encver0_items(payload), rdb_version(self.r)))
        self.assertEqual(self.r.exists("bad"), 0)
        self.assertServerAlive()

    def test_encver_0_missing_its_string_is_refused(self):
        with self.assertRaises(redis.ResponseError):
            self.r.restore("bad", 0, rdb_format.module_dump(0, [("uint", 10)], rdb_version(self.r)))
        self.assertServerAlive()

    def test_every_truncation_of_an_encver_0_payload_is_refused(self):
        payload = npy_bytes(np.arange(4, dtype="<u1"))
        full = rdb_format.module_dump(0, rdb_format.encver0_items(payload), rdb_version(self.r))
        self.assertEveryTruncationRefused(*rdb_format.split_dump(full))

    def test_a_newer_unknown_encoding_version_is_refused(self):
        payload = npy_bytes(np.arange(4))
        for encver in (3, 7, 1023):
            with self.subTest(encver=encver):
                dump = rdb_format.module_dump(encver, rdb_format.encver0_items(payload), rdb_version(self.r))
                with self.assertRaises(redis.ResponseError):
                    self.r.restore("future", 0, dump)
                self.assertEqual(self.r.exists("future"), 0)
        self.assertServerAlive()


class Encver0RdbFileTest(ServerTestCase):
    """An RDB file written by the reference design (encver 0) loads at startup."""

    def write_reference_rdb(self, server, entries):
        version = rdb_version(self.r)
        with open(os.path.join(server.dir, "dump.rdb"), "wb") as out:
            out.write(rdb_format.rdb_file(entries, version))

    def test_rdb_file_with_encver_0_values_loads_at_startup(self):
        payloads = sample_payloads()
        expire_at_ms = int(time.time() * 1000) + 3_600_000
        entries = [(name.encode(), rdb_format.module_value(0, rdb_format.encver0_items(p)), None)
                   for name, p in payloads.items()]
        entries.append((b"with-ttl", rdb_format.module_value(0, rdb_format.encver0_items(payloads["empty 1-D"])), expire_at_ms))
        server = self.new_server(name="encver0")
        self.write_reference_rdb(server, entries)
        client = server.start().client()
        self.assertEqual(client.dbsize(), len(entries))
        for name, payload in payloads.items():
            with self.subTest(name):
                self.assertEqual(client.execute_command("NP.GET", name), payload)
                self.assertEqual(client.type(name), b"numpyarry")
        self.assertTrue(3_500_000 < client.pttl("with-ttl") <= 3_600_000)

    def test_encver_0_rdb_survives_save_and_restart_as_encver_2(self):
        payload = npy_bytes(np.linspace(0, 1, 50))
        server = self.new_server(name="encver0-resave")
        self.write_reference_rdb(server, [(b"k", rdb_format.module_value(0, rdb_format.encver0_items(payload)), None)])
        server.start()
        etag = server.client().execute_command("NP.ETAG", "k")
        server.client().save()
        server.restart()
        client = server.client()
        self.assertEqual(client.execute_command("NP.GET", "k"), payload)
        self.assertEqual(client.execute_command("NP.ETAG", "k"), etag)
        self.assertEqual(rdb_format.module_id_in_dump(client.dump("k")), ("numpyarry", 2))
