"""Arrays survive SAVE/BGSAVE + restart, DEBUG RELOAD, and AOF (with and without RDB preamble)."""

import glob
import os

import numpy as np
import redis

from harness import ServerTestCase, wait_until
from npy_fixtures import every_kind, npy_bytes


def sample_arrays():
    kinds = dict(every_kind())
    names = ("int i8 extremes", "longdouble beyond float64", "big-endian complex128", "Fortran-order 2-D",
             "0-d float", "empty 3-D", "unicode incl. non-BMP", "datetime64[ns]", "nested structured, filled",
             "object array (pickle)", "v2.0 header, 5000 fields", "v3.0 header, non-latin-1 names", "1 MiB float64")
    return {name: npy_bytes(kinds[name]) for name in names}


class PersistenceCase(ServerTestCase):
    def populate(self, client):
        """Store the sample arrays (one with a TTL); returns key -> payload."""
        payloads = sample_arrays()
        for key, payload in payloads.items():
            client.execute_command("NP.SET", key, payload)
        client.execute_command("NP.SET", "ttl", payloads["0-d float"], "EX", 3600)
        payloads["ttl"] = payloads["0-d float"]
        return payloads

    def assertIntact(self, client, payloads):
        self.assertEqual(client.dbsize(), len(payloads))
        for key, payload in payloads.items():
            with self.subTest(key=key):
                self.assertEqual(client.type(key), b"numpyarry")
                self.assertEqual(client.execute_command("NP.GET", key), payload)
        self.assertTrue(3000 < client.ttl("ttl") <= 3600, "the TTL did not survive")
        self.assertEqual(client.ttl("int i8 extremes"), -1)

    def etags(self, client, payloads):
        return {key: client.execute_command("NP.ETAG", key) for key in payloads}

    def digest(self, client):
        return client.execute_command("DEBUG", "DIGEST")


def wait_for_aof_rewrite(client):
    def done():
        info = client.info("persistence")
        return not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]
    wait_until(done, what="BGREWRITEAOF to finish")
    return client.info("persistence")["aof_last_bgrewrite_status"]


class RdbTest(PersistenceCase):
    def test_save_then_restart_keeps_every_array_ttl_and_etag(self):
        server = self.start_server(name="save")
        payloads = self.populate(server.client())
        etags = self.etags(server.client(), payloads)
        digest = self.digest(server.client())
        server.client().save()
        server.restart()
        client = server.client()
        self.assertIntact(client, payloads)
        self.assertEqual(self.etags(client, payloads), etags)
        self.assertEqual(self.digest(client), digest)

    def test_an_etag_never_asked_for_is_saved_as_the_hash_of_the_bytes(self):
        # NP.SET leaves the hash for later; the save computes it (in BGSAVE's child).
        server = self.start_server(name="etag-unasked")
        payloads = self.populate(server.client())
        server.client().bgsave()
        wait_until(lambda: server.client().info("persistence")["rdb_bgsave_in_progress"] == 0, what="BGSAVE")
        server.restart()
        client = server.client()
        restored = self.etags(client, payloads)
        for key, payload in payloads.items():
            client.execute_command("NP.SET", "fresh", payload)
            self.assertEqual(restored[key], client.execute_command("NP.ETAG", "fresh"), key)

    def test_bgsave_then_restart_keeps_every_array(self):
        server = self.start_server(name="bgsave")
        payloads = self.populate(server.client())
        client = server.client()
        client.bgsave()

        def saved():
            info = client.info("persistence")
            return not info["rdb_bgsave_in_progress"] and info["rdb_changes_since_last_save"] == 0
        wait_until(saved, what="BGSAVE")
        self.assertEqual(client.info("persistence")["rdb_last_bgsave_status"], "ok")
        server.restart()
        self.assertIntact(server.client(), payloads)

    def test_shutdown_save_then_restart_keeps_every_array(self):
        server = self.start_server(name="shutdown-save")
        payloads = self.populate(server.client())
        server.restart(save=True)
        self.assertIntact(server.client(), payloads)

    def test_debug_reload_keeps_every_array_etag_and_digest(self):
        payloads = self.populate(self.r)
        etags = self.etags(self.r, payloads)
        digest = self.digest(self.r)
        self.r.execute_command("DEBUG", "RELOAD")
        self.assertIntact(self.r, payloads)
        self.assertEqual(self.etags(self.r, payloads), etags)
        self.assertEqual(self.digest(self.r), digest)

    def test_digest_is_non_zero_and_follows_the_bytes(self):
        self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(3)))
        first = self.r.execute_command("DEBUG", "DIGEST-VALUE", "k")[0]
        self.assertNotEqual(first, b"0" * 40)
        self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(4)))
        self.assertNotEqual(self.r.execute_command("DEBUG", "DIGEST-VALUE", "k")[0], first)
        self.r.execute_command("NP.SET", "k", npy_bytes(np.arange(3)))
        self.assertEqual(self.r.execute_command("DEBUG", "DIGEST-VALUE", "k")[0], first)


class AofTest(PersistenceCase):
    def aof_server(self, preamble, name):
        return self.start_server(
            {"appendonly": "yes", "aof-use-rdb-preamble": preamble, "appendfsync": "always"}, name=name
        )

    def base_aof_text(self, server):
        # appendonly.aof.<sequence>.base.<rdb|aof>: the newest base is the rewrite's
        bases = glob.glob(os.path.join(server.dir, "appendonlydir", "*.base.*"))
        newest = max(bases, key=lambda path: int(os.path.basename(path).split(".")[2]))
        with open(newest, "rb") as f:
            return f.read()

    def incr_aof_bytes(self, server):
        parts = sorted(glob.glob(os.path.join(server.dir, "appendonlydir", "*.incr.aof")))
        return b"".join(open(path, "rb").read() for path in parts)

    def test_np_set_reaches_the_aof_verbatim_and_refusals_do_not(self):
        server = self.aof_server("no", "aof-contents")
        client = server.client()
        good = npy_bytes(np.arange(5, dtype=">u4"))
        refused = npy_bytes(np.arange(6, dtype="<u4"))[:-1]
        client.execute_command("NP.SET", "k", good, "EX", 777)
        with self.assertRaises(redis.ResponseError):
            client.execute_command("NP.SET", "k", refused)
        unmet = npy_bytes(np.arange(7, dtype="<i8"))
        self.assertIsNone(client.execute_command("NP.SET", "k", unmet, "NX"))
        aof = self.incr_aof_bytes(server)
        self.assertIn(good, aof)
        # the TTL travels as given (EX 777) or as its absolute deadline (PXAT)
        self.assertRegex(aof, rb"(?i)\$2\r\nEX\r\n\$3\r\n777\r\n|\$4\r\nPXAT\r\n")
        self.assertNotIn(refused, aof)
        self.assertNotIn(unmet, aof)
        self.assertEqual(aof.upper().count(b"NP.SET"), 1)

    def test_aof_replay_restores_arrays_written_by_np_set(self):
        server = self.aof_server("no", "aof-replay")
        payloads = self.populate(server.client())
        server.restart()
        self.assertIntact(server.client(), payloads)

    def test_aof_replay_after_power_cut(self):
        server = self.aof_server("no", "aof-kill")
        payloads = self.populate(server.client())
        server.kill()
        server.start()
        self.assertIntact(server.client(), payloads)

    def test_bgrewriteaof_without_preamble_writes_np_set_commands(self):
        server = self.aof_server("no", "rewrite-plain")
        payloads = self.populate(server.client())
        digest = self.digest(server.client())
        server.client().bgrewriteaof()
        self.assertEqual(wait_for_aof_rewrite(server.client()), "ok")
        base = self.base_aof_text(server)
        self.assertFalse(base.startswith(b"REDIS"), "the rewrite used an RDB preamble")
        self.assertIn(b"NP.SET", base.upper())
        server.restart()
        self.assertIntact(server.client(), payloads)
        self.assertEqual(self.digest(server.client()), digest)

    def test_bgrewriteaof_with_rdb_preamble_then_restart(self):
        server = self.aof_server("yes", "rewrite-preamble")
        payloads = self.populate(server.client())
        server.client().bgrewriteaof()
        self.assertEqual(wait_for_aof_rewrite(server.client()), "ok")
        self.assertTrue(self.base_aof_text(server).startswith(b"REDIS"))
        server.restart()
        self.assertIntact(server.client(), payloads)

    def test_writes_after_a_rewrite_are_replayed_too(self):
        server = self.aof_server("no", "rewrite-then-write")
        payloads = self.populate(server.client())
        server.client().bgrewriteaof()
        wait_for_aof_rewrite(server.client())
        later = npy_bytes(np.arange(7, dtype=">i2"))
        server.client().execute_command("NP.SET", "later", later)
        payloads["later"] = later
        server.restart()
        self.assertIntact(server.client(), payloads)

    def test_np_set_without_an_expiry_reaches_the_aof_as_sent(self):
        server = self.aof_server("no", "aof-verbatim")
        payload = npy_bytes(np.arange(4, dtype="<i2"))
        self.assertEqual(server.client().execute_command("NP.SET", "k", payload, "nx", "added"), 1)
        self.assertIn(b"$2\r\nnx\r\n$5\r\nadded\r\n", self.incr_aof_bytes(server))

    def test_an_aof_of_an_earlier_version_with_etag_options_loads(self):
        # Earlier versions wrote `NP.SET key bytes [PXAT ms] ETAG <hex>`: the option is skipped on load.
        server = self.aof_server("no", "aof-legacy-etag")
        payload = npy_bytes(np.arange(9, dtype="<f4"))
        server.client().execute_command("NP.SET", "fresh", payload)
        etag = server.client().execute_command("NP.ETAG", "fresh")
        incr = sorted(glob.glob(os.path.join(server.dir, "appendonlydir", "*.incr.aof")))[-1]
        server.stop()
        legacy = [b"NP.SET", b"old", payload, b"PXAT", b"4000000000000", b"ETAG", b"00000000000000ff"]
        with open(incr, "ab") as out:
            out.write(b"*%d\r\n" % len(legacy) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in legacy))
        server.start()
        client = server.client()
        self.assertEqual(client.execute_command("NP.GET", "old"), payload)
        self.assertEqual(client.execute_command("NP.ETAG", "old"), etag)
        self.assertEqual(client.execute_command("PEXPIRETIME", "old"), 4_000_000_000_000)

    def test_debug_loadaof_reloads_the_arrays(self):
        server = self.aof_server("no", "loadaof")
        payloads = self.populate(server.client())
        server.client().execute_command("DEBUG", "LOADAOF")
        self.assertIntact(server.client(), payloads)

    def test_refused_np_set_leaves_nothing_in_the_aof(self):
        server = self.aof_server("no", "aof-refused")
        client = server.client()
        good = npy_bytes(np.arange(3))
        client.execute_command("NP.SET", "k", good)
        with self.assertRaises(redis.ResponseError):
            client.execute_command("NP.SET", "k", good[:-1])
        server.restart()
        self.assertEqual(server.client().execute_command("NP.GET", "k"), good)
