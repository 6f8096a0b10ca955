"""numpy_redis.save / load / info against a real server, standalone and cluster."""

import datetime

import numpy as np
import redis
from redis.cluster import RedisCluster

import numpy_redis
from harness import ServerTestCase, wait_until


class SaveLoadTest(ServerTestCase):
    def test_save_then_load_returns_an_equal_array(self):
        array = np.arange(12, dtype=">i4").reshape(3, 4)
        self.assertTrue(numpy_redis.save(self.r, "k", array))
        loaded = numpy_redis.load(self.r, "k")
        self.assertEqual(loaded.dtype, array.dtype)
        np.testing.assert_array_equal(loaded, array)

    def test_stored_bytes_are_what_np_save_writes(self):
        array = np.linspace(0, 1, 5)
        numpy_redis.save(self.r, "k", array)
        self.assertEqual(self.r.execute_command("NP.GET", "k"), numpy_redis.to_npy_bytes(array))

    def test_load_of_a_missing_key_is_none(self):
        self.assertIsNone(numpy_redis.load(self.r, "missing"))

    def test_save_accepts_lists_and_scalars(self):
        numpy_redis.save(self.r, "list", [1.5, 2.5])
        numpy_redis.save(self.r, "scalar", 7)
        np.testing.assert_array_equal(numpy_redis.load(self.r, "list"), [1.5, 2.5])
        self.assertEqual(numpy_redis.load(self.r, "scalar").shape, ())

    def test_nx_and_xx_return_none_when_not_met(self):
        self.assertIsNone(numpy_redis.save(self.r, "k", np.arange(1), xx=True))
        self.assertTrue(numpy_redis.save(self.r, "k", np.arange(1), nx=True))
        self.assertIsNone(numpy_redis.save(self.r, "k", np.arange(2), nx=True))
        self.assertTrue(numpy_redis.save(self.r, "k", np.arange(3), xx=True))
        np.testing.assert_array_equal(numpy_redis.load(self.r, "k"), np.arange(3))

    def test_ex_px_and_timedelta_set_ttls(self):
        numpy_redis.save(self.r, "ex", np.arange(1), ex=100)
        numpy_redis.save(self.r, "px", np.arange(1), px=100_000)
        numpy_redis.save(self.r, "td", np.arange(1), ex=datetime.timedelta(minutes=2))
        self.assertTrue(90 < self.r.ttl("ex") <= 100)
        self.assertTrue(90_000 < self.r.pttl("px") <= 100_000)
        self.assertTrue(110 < self.r.ttl("td") <= 120)

    def test_keepttl_keeps_and_plain_save_clears_the_ttl(self):
        numpy_redis.save(self.r, "k", np.arange(1), ex=100)
        numpy_redis.save(self.r, "k", np.arange(2), keepttl=True)
        self.assertGreater(self.r.ttl("k"), 90)
        numpy_redis.save(self.r, "k", np.arange(3))
        self.assertEqual(self.r.ttl("k"), -1)

    def test_conflicting_options_raise_before_sending(self):
        for options in ({"nx": True, "xx": True}, {"ex": 1, "px": 1000}, {"ex": 1, "keepttl": True}):
            with self.subTest(options=options):
                with self.assertRaises(ValueError):
                    numpy_redis.save(self.r, "k", np.arange(1), **options)
        self.assertEqual(self.r.exists("k"), 0)

    def test_object_arrays_need_allow_pickle_to_load(self):
        array = np.array([{"a": 1}, None], dtype=object)
        numpy_redis.save(self.r, "k", array)
        with self.assertRaises(ValueError) as raised:
            numpy_redis.load(self.r, "k")
        self.assertIn("allow_pickle", str(raised.exception))
        self.assertEqual(numpy_redis.load(self.r, "k", allow_pickle=True).tolist(), array.tolist())

    def test_thousands_of_fields_load_despite_numpys_default_header_cap(self):
        array = np.zeros(2, dtype=[(f"f{i}", "u1") for i in range(4000)])
        numpy_redis.save(self.r, "k", array)
        self.assertEqual(numpy_redis.load(self.r, "k").dtype, array.dtype)

    def test_save_onto_a_string_key_raises_wrongtype(self):
        self.r.set("k", "text")
        with self.assertRaises(redis.ResponseError) as raised:
            numpy_redis.save(self.r, "k", np.arange(1))
        self.assertIn("WRONGTYPE", str(raised.exception))
        self.assertEqual(self.r.get("k"), b"text")

    def test_a_decoding_client_still_loads_exact_arrays_as_they_are_read_as_bytes(self):
        decoding = self.server.client(decode_responses=True)
        array = np.arange(256, dtype="u1")
        numpy_redis.save(decoding, "k", array)
        np.testing.assert_array_equal(numpy_redis.load(decoding, "k"), array)

    def test_a_decoding_pipeline_is_refused_with_a_clear_message(self):
        decoding = self.server.client(decode_responses=True)
        numpy_redis.save(decoding, "k", np.zeros(0, dtype="u1"))
        with self.assertRaises((TypeError, UnicodeDecodeError)):
            numpy_redis.load_many(decoding, ["k"])


class InfoTest(ServerTestCase):
    def test_info_is_a_typed_dict(self):
        array = np.asfortranarray(np.zeros((2, 3), dtype="<f4"))
        numpy_redis.save(self.r, "k", array)
        info = numpy_redis.info(self.r, "k")
        self.assertEqual(info["version"], "1.0")
        self.assertEqual(info["descr"], "'<f4'")
        self.assertEqual(info["shape"], (2, 3))
        self.assertIs(info["fortran_order"], True)
        self.assertEqual(info["itemsize"], 4)
        self.assertEqual(info["size"], 6)
        self.assertEqual(info["bytes"], len(numpy_redis.to_npy_bytes(array)))
        self.assertEqual(info["data_offset"], info["bytes"] - 24)
        self.assertTrue(info["header"].startswith("{'descr': '<f4'"))
        self.assertRegex(info["etag"], r"^[0-9a-f]+$")

    def test_info_decodes_v1_headers_as_latin1_and_v3_as_utf8(self):
        numpy_redis.save(self.r, "latin", np.zeros(1, dtype=[("é", "u1")]))
        numpy_redis.save(self.r, "utf8", np.zeros(1, dtype=[("温度", "u1")]))
        self.assertIn("é", numpy_redis.info(self.r, "latin")["descr"])
        self.assertEqual(numpy_redis.info(self.r, "utf8")["version"], "3.0")
        self.assertIn("温度", numpy_redis.info(self.r, "utf8")["descr"])

    def test_info_of_a_missing_key_is_none(self):
        self.assertIsNone(numpy_redis.info(self.r, "missing"))


class ClusterTest(ServerTestCase):
    """A one-node cluster owning every slot: enough for RedisCluster's routing."""

    shared_config = {"cluster-enabled": "yes", "cluster-config-file": "nodes.conf"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        node = cls.server.client()
        node.execute_command("CLUSTER", "ADDSLOTSRANGE", 0, 16383)
        wait_until(lambda: node.cluster("info")["cluster_state"] == "ok", what="cluster state ok")

    def setUp(self):
        super().setUp()
        self.cluster = RedisCluster(host="127.0.0.1", port=self.server.port)
        self.addCleanup(self.cluster.close)

    def test_save_load_and_info_route_through_redis_cluster(self):
        array = np.arange(6, dtype="<u2").reshape(2, 3)
        for key in ("a", "b", "{tag}c"):
            with self.subTest(key=key):
                self.assertTrue(numpy_redis.save(self.cluster, key, array, ex=100))
                np.testing.assert_array_equal(numpy_redis.load(self.cluster, key), array)
                self.assertEqual(numpy_redis.info(self.cluster, key)["shape"], (2, 3))
