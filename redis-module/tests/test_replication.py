"""A replica gets arrays by full sync and by the replication stream, identical to the master's."""

import numpy as np
import redis

from harness import ServerTestCase
from npy_fixtures import every_kind, npy_bytes

ZERO_DIGEST = b"0" * 40


class ReplicationTest(ServerTestCase):
    shared_config = {"repl-diskless-sync-delay": 0}

    def setUp(self):
        super().setUp()
        self.master = self.server
        self.replica = self.start_server(name="replica")
        self.m = self.r
        self.s = self.replica.client()

    def sync(self):
        self.master.wait_for_replica(self.replica)

    def assertSameOnBoth(self, key):
        value = self.m.execute_command("NP.GET", key)
        self.assertEqual(self.s.execute_command("NP.GET", key), value)
        master_digest = self.m.execute_command("DEBUG", "DIGEST-VALUE", key)[0]
        self.assertNotEqual(master_digest, ZERO_DIGEST)
        self.assertEqual(self.s.execute_command("DEBUG", "DIGEST-VALUE", key)[0], master_digest)
        self.assertEqual(self.s.execute_command("NP.ETAG", key), self.m.execute_command("NP.ETAG", key))

    def test_full_sync_copies_every_kind(self):
        keys = []
        for name, array in every_kind():
            self.m.execute_command("NP.SET", name, npy_bytes(array))
            keys.append(name)
        self.replica.replicaof(self.master)
        for key in keys:
            with self.subTest(key):
                self.assertSameOnBoth(key)
        self.assertEqual(self.s.execute_command("DEBUG", "DIGEST"), self.m.execute_command("DEBUG", "DIGEST"))

    def test_writes_after_sync_reach_the_replica(self):
        self.replica.replicaof(self.master)
        self.m.execute_command("NP.SET", "later", npy_bytes(np.arange(10, dtype="<f4")))
        self.m.execute_command("NP.SET", "later", npy_bytes(np.arange(20, dtype=">f8")), "ADDED")
        self.m.execute_command("NP.SET", "nested", npy_bytes(dict(every_kind())["nested structured, filled"]))
        self.sync()
        self.assertSameOnBoth("later")
        self.assertSameOnBoth("nested")
        self.assertEqual(self.s.execute_command("DEBUG", "DIGEST"), self.m.execute_command("DEBUG", "DIGEST"))

    def test_ttl_options_reach_the_replica(self):
        self.replica.replicaof(self.master)
        self.m.execute_command("NP.SET", "ex", npy_bytes(np.arange(3)), "EX", 500)
        self.m.execute_command("NP.SET", "kept", npy_bytes(np.arange(3)), "EX", 500)
        self.m.execute_command("NP.SET", "kept", npy_bytes(np.arange(4)), "KEEPTTL")
        self.m.execute_command("NP.SET", "cleared", npy_bytes(np.arange(3)), "EX", 500)
        self.m.execute_command("NP.SET", "cleared", npy_bytes(np.arange(4)))
        self.sync()
        self.assertTrue(400 < self.s.ttl("ex") <= 500)
        self.assertTrue(400 < self.s.ttl("kept") <= 500)
        self.assertEqual(self.s.ttl("cleared"), -1)
        self.assertSameOnBoth("kept")

    def test_refused_and_unmet_writes_change_nothing_on_the_replica(self):
        self.replica.replicaof(self.master)
        good = npy_bytes(np.arange(3))
        self.m.execute_command("NP.SET", "k", good)
        with self.assertRaises(redis.ResponseError):
            self.m.execute_command("NP.SET", "k", good[:-1])
        self.assertIsNone(self.m.execute_command("NP.SET", "k", npy_bytes(np.arange(9)), "NX"))
        self.assertIsNone(self.m.execute_command("NP.SET", "absent", good, "XX"))
        self.sync()
        self.assertEqual(self.s.execute_command("NP.GET", "k"), good)
        self.assertEqual(self.s.exists("absent"), 0)
        self.assertSameOnBoth("k")

    def test_deletes_reach_the_replica(self):
        self.m.execute_command("NP.SET", "k", npy_bytes(np.arange(3)))
        self.replica.replicaof(self.master)
        self.m.delete("k")
        self.sync()
        self.assertEqual(self.s.exists("k"), 0)

    def test_replica_refuses_np_set_and_serves_reads(self):
        payload = npy_bytes(np.arange(3))
        self.m.execute_command("NP.SET", "k", payload)
        self.replica.replicaof(self.master)
        with self.assertRaises(redis.ReadOnlyError):
            self.s.execute_command("NP.SET", "k", npy_bytes(np.arange(5)))
        self.assertEqual(self.s.execute_command("NP.GET", "k"), payload)
        self.assertEqual(self.s.execute_command("NP.LEN", "k"), len(payload))
        self.assertEqual(self.s.execute_command("NP.GETRANGE", "k", 0, 5), payload[:6])
        self.assertIsNotNone(self.s.execute_command("NP.INFO", "k"))

    def test_full_sync_through_an_rdb_file_on_disk(self):
        master = self.start_server({"repl-diskless-sync": "no"}, name="disk-master")
        payload = npy_bytes(dict(every_kind())["v2.0 header, 5000 fields"])
        master.client().execute_command("NP.SET", "k", payload)
        self.replica.replicaof(master)
        self.assertEqual(self.s.execute_command("NP.GET", "k"), payload)
        self.assertEqual(self.s.execute_command("NP.ETAG", "k"), master.client().execute_command("NP.ETAG", "k"))
