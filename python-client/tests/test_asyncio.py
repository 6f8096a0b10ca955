"""numpy_redis.asyncio over redis.asyncio, on one server and on a three-master cluster."""

import asyncio

import numpy as np
import redis
import redis.asyncio
from redis.asyncio.cluster import RedisCluster

import numpy_redis.asyncio as npr
from harness import ServerTestCase
from support import ClusterTestCase


def run(coroutine):
    return asyncio.run(coroutine)


async def collect(iterator):
    return [item async for item in iterator]


class AsyncioTest(ServerTestCase):
    async def client(self):
        return redis.asyncio.Redis(host="127.0.0.1", port=self.server.port)

    def test_save_load_info_and_missing_keys(self):
        async def scenario():
            r = await self.client()
            try:
                array = np.asfortranarray(np.arange(12, dtype=">i4").reshape(3, 4))
                self.assertTrue(await npr.save(r, "k", array, ex=100))
                self.assertIsNone(await npr.save(r, "k", array, nx=True))
                loaded = await npr.load(r, "k")
                self.assertEqual(loaded.dtype, array.dtype)
                self.assertTrue(loaded.flags.f_contiguous and loaded.flags.writeable)
                np.testing.assert_array_equal(loaded, array)
                self.assertFalse((await npr.load(r, "k", copy=False)).flags.writeable)
                self.assertEqual((await npr.info(r, "k"))["shape"], (3, 4))
                self.assertIsNone(await npr.load(r, "missing"))
                self.assertIsNone(await npr.info(r, "missing"))
            finally:
                await r.close()

        run(scenario())
        self.assertTrue(90 < self.r.ttl("k") <= 100)

    def test_batches_and_scan(self):
        arrays = {f"emb:{i}": np.full(4, i, dtype="<f8") for i in range(2500)}

        async def scenario():
            r = await self.client()
            try:
                self.assertEqual(await npr.save_many(r, arrays), [True] * 2500)
                loaded = await npr.load_many(r, ["emb:7", "missing", "emb:2499"])
                infos = await npr.info_many(r, ["emb:7", "missing"])
                keys = await collect(npr.scan(r, "emb:*"))
                return loaded, infos, keys
            finally:
                await r.close()

        self.r.set("emb:text", "x")
        loaded, infos, keys = run(scenario())
        np.testing.assert_array_equal(loaded[0], arrays["emb:7"])
        self.assertIsNone(loaded[1])
        np.testing.assert_array_equal(loaded[2], arrays["emb:2499"])
        self.assertEqual(infos[0]["shape"], (4,))
        self.assertIsNone(infos[1])
        self.assertEqual(len(set(keys)), 2500)

    def test_server_refusals_raise_as_in_the_sync_api(self):
        self.r.set("text", "x")

        async def scenario():
            r = await self.client()
            try:
                with self.assertRaises(redis.ResponseError):
                    await npr.save(r, "text", np.arange(1))
                with self.assertRaises(ValueError):
                    await npr.save(r, "k", np.arange(1), nx=True, xx=True)
            finally:
                await r.close()

        run(scenario())


class AsyncioClusterTest(ClusterTestCase):
    def test_save_load_and_batches_route_by_slot(self):
        arrays = {f"emb:{i}": np.full(3, i, dtype="<i8") for i in range(1000)}

        async def scenario():
            r = RedisCluster(host="127.0.0.1", port=self.cluster.port)
            try:
                self.assertTrue(await npr.save(r, "single", np.arange(5)))
                single = await npr.load(r, "single")
                self.assertEqual(await npr.save_many(r, arrays), [True] * 1000)
                loaded = await npr.load_many(r, list(arrays) + ["missing"])
                keys = await collect(npr.scan(r, "emb:*"))
                return single, loaded, keys
            finally:
                await r.close()

        single, loaded, keys = run(scenario())
        np.testing.assert_array_equal(single, np.arange(5))
        self.assertIsNone(loaded[-1])
        for key, array in zip(arrays, loaded):
            np.testing.assert_array_equal(array, arrays[key])
        self.assertEqual(len(set(keys)), 1000)
        self.assertTrue(all(server.client().dbsize() > 0 for server in self.cluster.servers))
