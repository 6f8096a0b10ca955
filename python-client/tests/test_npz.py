"""save_npz / load_npz and `put FILE.npz`: an archive's members stored byte for byte."""

import io
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import redis
from redis.cluster import RedisCluster

import numpy_redis
from harness import ServerTestCase
from support import ClusterTestCase


def arrays():
    return {
        "x_train": np.arange(60, dtype="<u1").reshape(3, 4, 5),
        "y": np.array([1.5, -0.0, np.nan], dtype=">f8"),
        "when": np.array(["2024-02-29T12:00"], dtype="M8[m]"),
        "fields": np.zeros(2, dtype=[("a", "<i4"), ("b", "U3")]),
    }


def archive(save=np.savez, **members):
    buffer = io.BytesIO()
    save(buffer, **members)
    buffer.seek(0)
    return buffer


def member_bytes(buffer):
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as z:
        return {name[:-4]: z.read(name) for name in z.namelist()}


class NpzTest(ServerTestCase):
    def test_every_member_is_stored_under_prefix_and_name_with_its_exact_bytes(self):
        for save in (np.savez, np.savez_compressed):
            self.r.flushall()
            buffer = archive(save, **arrays())
            stored = numpy_redis.save_npz(self.r, buffer, prefix="mnist:")
            self.assertEqual(stored, {f"mnist:{name}": True for name in arrays()})
            for name, raw in member_bytes(buffer).items():
                self.assertEqual(self.r.execute_command("NP.GET", f"mnist:{name}"), raw)

    def test_load_npz_by_glob_and_by_keys_gives_numpys_arrays(self):
        numpy_redis.save_npz(self.r, archive(**arrays()), prefix="set:")
        self.r.set("set:not-an-array", b"x")
        by_glob = numpy_redis.load_npz(self.r, "set:*")
        self.assertEqual(list(by_glob), sorted(f"set:{name}" for name in arrays()))
        for name, expected in arrays().items():
            got = by_glob[f"set:{name}"]
            self.assertEqual(got.dtype, expected.dtype)
            np.testing.assert_array_equal(got, expected)
        by_keys = numpy_redis.load_npz(self.r, ["set:y", "set:x_train"])
        self.assertEqual(list(by_keys), ["set:y", "set:x_train"])
        with self.assertRaisesRegex(KeyError, "no array under set:gone"):
            numpy_redis.load_npz(self.r, ["set:y", "set:gone"])

    def test_round_trip_through_np_savez(self):
        numpy_redis.save_npz(self.r, archive(**arrays()))
        out = io.BytesIO()
        np.savez(out, **numpy_redis.load_npz(self.r, list(arrays())))
        out.seek(0)
        with np.load(out) as loaded:
            for name, expected in arrays().items():
                np.testing.assert_array_equal(loaded[name], expected)

    def test_a_member_that_is_not_npy_stores_nothing(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("a.npy", archive_member(np.arange(3)))
            z.writestr("notes.txt", "hello")
        with self.assertRaisesRegex(ValueError, "notes.txt in the archive is not a .npy member; nothing was stored"):
            numpy_redis.save_npz(self.r, buffer)
        self.assertEqual(self.r.dbsize(), 0)

    def test_a_malformed_member_is_named_in_the_refusal(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("bad.npy", b"\x93NUMPY not really")
        with self.assertRaisesRegex(redis.ResponseError, "^bad.npy: "):
            numpy_redis.save_npz(self.r, buffer)
        self.assertEqual(self.r.exists("bad"), 0)

    def test_nx_leaves_existing_keys_and_says_so(self):
        numpy_redis.save_npz(self.r, archive(a=np.arange(2)))
        stored = numpy_redis.save_npz(self.r, archive(a=np.arange(5), b=np.arange(1)), nx=True)
        self.assertEqual(stored, {"a": None, "b": True})
        self.assertEqual(numpy_redis.load(self.r, "a").shape, (2,))

    def test_cli_put_of_an_npz_stores_each_member_and_prints_its_key(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "run.npz")
            np.savez_compressed(path, **arrays())
            done = subprocess.run(
                [sys.executable, "-P", "-m", "numpy_redis", "--url", f"redis://127.0.0.1:{self.server.port}", "put", "run:", path],
                capture_output=True, timeout=60,
            )
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stdout.decode().split(), [f"run:{name}" for name in arrays()])
            with open(path, "rb") as source:
                for name, raw in member_bytes(io.BytesIO(source.read())).items():
                    self.assertEqual(self.r.execute_command("NP.GET", f"run:{name}"), raw)


def archive_member(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


class NpzClusterTest(ClusterTestCase):
    def setUp(self):
        super().setUp()
        self.r = RedisCluster(host="127.0.0.1", port=self.cluster.port)

    def tearDown(self):
        self.r.close()
        super().tearDown()

    def test_members_spread_over_the_cluster_round_trip(self):
        members = {f"m{i}": np.full(4, i, dtype="<i8") for i in range(50)}
        stored = numpy_redis.save_npz(self.r, archive(**members), prefix="npz:")
        self.assertEqual(set(stored.values()), {True})
        loaded = numpy_redis.load_npz(self.r, "npz:*")
        self.assertEqual(len(loaded), 50)
        for name, expected in members.items():
            np.testing.assert_array_equal(loaded[f"npz:{name}"], expected)
