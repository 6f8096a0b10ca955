"""save_many / load_many / info_many / scan on one server and on a three-master cluster."""

import numpy as np
import redis
from redis.cluster import RedisCluster

import numpy_redis
from numpy_redis import _chunks
from harness import ServerTestCase
from support import ClusterTestCase


def embeddings(count, width=8):
    return {f"emb:{i}": np.full(width, i, dtype="<f4") for i in range(count)}


class BatchTest(ServerTestCase):
    def test_save_many_then_load_many_in_key_order_with_none_for_missing(self):
        arrays = {"a": np.arange(3), "b": np.ones((2, 2), dtype=">f8"), "c": np.array(["x", "yz"])}
        self.assertEqual(numpy_redis.save_many(self.r, arrays), [True, True, True])
        loaded = numpy_redis.load_many(self.r, ["c", "missing", "a", "b"])
        self.assertIsNone(loaded[1])
        for got, key in zip((loaded[0], loaded[2], loaded[3]), ("c", "a", "b")):
            self.assertEqual(got.dtype, arrays[key].dtype)
            np.testing.assert_array_equal(got, arrays[key])

    def test_ten_thousand_keys_round_trip_across_several_pipelines(self):
        arrays = embeddings(10_000)
        self.assertEqual(numpy_redis.save_many(self.r, arrays), [True] * 10_000)
        self.assertEqual(self.r.dbsize(), 10_000)
        keys = list(arrays)[::-1]
        loaded = numpy_redis.load_many(self.r, keys)
        self.assertEqual(len(loaded), 10_000)
        for key, array in zip(keys, loaded):
            np.testing.assert_array_equal(array, arrays[key])
        infos = numpy_redis.info_many(self.r, keys)
        self.assertEqual({info["shape"] for info in infos}, {(8,)})

    def test_options_apply_to_every_key_and_nx_reports_each(self):
        numpy_redis.save(self.r, "taken", np.arange(1))
        results = numpy_redis.save_many(self.r, [("new", np.arange(2)), ("taken", np.arange(3))], nx=True, ex=100)
        self.assertEqual(results, [True, None])
        np.testing.assert_array_equal(numpy_redis.load(self.r, "taken"), np.arange(1))
        self.assertTrue(90 < self.r.ttl("new") <= 100)

    def test_load_many_with_copy_false_gives_read_only_views(self):
        numpy_redis.save_many(self.r, embeddings(3))
        self.assertTrue(all(not a.flags.writeable for a in numpy_redis.load_many(self.r, ["emb:0", "emb:2"], copy=False)))
        self.assertTrue(all(a.flags.writeable for a in numpy_redis.load_many(self.r, ["emb:0", "emb:2"])))

    def test_a_key_of_another_type_raises_wrongtype(self):
        numpy_redis.save(self.r, "a", np.arange(1))
        self.r.set("text", "x")
        with self.assertRaises(redis.ResponseError) as raised:
            numpy_redis.load_many(self.r, ["a", "text"])
        self.assertIn("WRONGTYPE", str(raised.exception))

    def test_info_many_matches_info_and_has_none_for_missing(self):
        numpy_redis.save_many(self.r, {"a": np.zeros((2, 3)), "b": np.zeros(4, dtype="u1")})
        self.assertEqual(numpy_redis.info_many(self.r, ["a", "nope", "b"]),
                         [numpy_redis.info(self.r, "a"), None, numpy_redis.info(self.r, "b")])

    def test_empty_batches_send_nothing(self):
        self.assertEqual(numpy_redis.save_many(self.r, {}), [])
        self.assertEqual(numpy_redis.load_many(self.r, []), [])
        self.assertEqual(numpy_redis.info_many(self.r, []), [])

    def test_scan_yields_only_arrays_matching_the_glob(self):
        numpy_redis.save_many(self.r, {"frame:1": np.arange(1), "frame:2": np.arange(1), "other": np.arange(1)})
        self.r.set("frame:text", "not an array")
        self.assertEqual(sorted(numpy_redis.scan(self.r, "frame:*")), [b"frame:1", b"frame:2"])
        self.assertEqual(len(list(numpy_redis.scan(self.r))), 3)


class ChunkTest(ServerTestCase):
    def test_chunks_are_bounded_in_commands_and_bytes(self):
        keys = [f"k{i}" for i in range(2500)]
        self.assertEqual([len(c) for c in _chunks.chunks(self.r, keys)], [1000, 1000, 500])
        big = _chunks.MAX_BYTES // 2 + 1
        self.assertEqual([len(c) for c in _chunks.chunks(self.r, keys[:5], [big] * 5)], [1, 1, 1, 1, 1])
        self.assertEqual(sorted(i for c in _chunks.chunks(self.r, keys) for i in c), list(range(2500)))


class ClusterBatchTest(ClusterTestCase):
    def setUp(self):
        super().setUp()
        self.r = RedisCluster(host="127.0.0.1", port=self.cluster.port)
        self.addCleanup(self.r.close)

    def test_batches_reach_every_master_and_come_back_in_key_order(self):
        arrays = embeddings(3000)
        self.assertEqual(numpy_redis.save_many(self.r, arrays), [True] * 3000)
        per_node = [server.client().dbsize() for server in self.cluster.servers]
        self.assertTrue(all(n > 0 for n in per_node), per_node)
        self.assertEqual(sum(per_node), 3000)
        keys = list(arrays) + ["missing"]
        loaded = numpy_redis.load_many(self.r, keys)
        self.assertIsNone(loaded[-1])
        for key, array in zip(keys[:-1], loaded):
            np.testing.assert_array_equal(array, arrays[key])
        self.assertEqual(numpy_redis.info_many(self.r, ["emb:5", "missing"])[0]["shape"], (8,))

    def test_scan_covers_every_master(self):
        numpy_redis.save_many(self.r, embeddings(300))
        self.r.set("emb:text", "x")
        self.assertEqual(len(set(numpy_redis.scan(self.r, "emb:*"))), 300)

    def test_single_saves_of_big_arrays_go_to_the_owning_node(self):
        array = np.random.default_rng(4).random((600, 600))
        for key in ("a", "b", "c", "{a}d"):
            self.assertTrue(numpy_redis.save(self.r, key, array))
            np.testing.assert_array_equal(numpy_redis.load(self.r, key), array)
        self.assertEqual(sum(server.client().dbsize() for server in self.cluster.servers), 4)

    def test_a_load_and_a_save_after_their_slot_moved_follow_the_redirect(self):
        self.r.get("a")  # the client now believes it knows who owns a's slot
        slot = self.r.keyslot("a")
        owner = self.r.get_node_from_key("a").port
        target = next(s for s in self.cluster.servers if s.port != owner)
        target_id = target.client().execute_command("CLUSTER", "MYID").decode()
        for server in self.cluster.servers:
            server.client().execute_command("CLUSTER", "SETSLOT", slot, "NODE", target_id)
        self.assertIsNone(numpy_redis.load(self.r, "a"))  # asked of the old owner, answered by the new
        array = np.random.default_rng(5).random(100_000)
        self.assertTrue(numpy_redis.save(self.r, "a", array))
        np.testing.assert_array_equal(numpy_redis.load(target.client(), "a"), array)
        np.testing.assert_array_equal(numpy_redis.load(self.r, "a"), array)
