"""save sends the array's memory as it lies and load reads the reply's buffer: still exactly np.save/np.load."""

import io
import os
import signal
import warnings

import numpy as np
import redis
from redis.connection import PythonParser

import numpy_redis
from harness import ServerTestCase
from support import zero_information_loss

ZIL = zero_information_loss()


def np_save_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def np_load(payload):
    return np.load(io.BytesIO(payload), allow_pickle=True, max_header_size=numpy_redis.MAX_HEADER_SIZE)


class LoadCopyTest(ServerTestCase):
    def test_every_zero_information_loss_array_loads_exactly_with_and_without_copy(self):
        for description, array in ZIL.arrays_to_store():
            with self.subTest(description):
                numpy_redis.save(self.r, "k", array)
                for copy in (True, False):
                    loaded = numpy_redis.load(self.r, "k", copy=copy, allow_pickle=array.dtype.hasobject)
                    self.assertIsNone(ZIL.same_array(array, loaded), f"copy={copy}")

    def test_a_default_load_is_writable_and_owns_its_memory_as_np_load_gives(self):
        array = np.arange(100_000, dtype="<f8").reshape(250, 400)
        numpy_redis.save(self.r, "k", array)
        loaded = numpy_redis.load(self.r, "k")
        reference = np_load(self.r.execute_command("NP.GET", "k"))
        self.assertEqual(loaded.flags.writeable, reference.flags.writeable)
        self.assertTrue(loaded.flags.owndata)  # not a view whose base keeps some buffer alive
        loaded[0, 0] = -1  # a plain write must work
        self.assertEqual(loaded[0, 0], -1)

    def test_copy_false_is_read_only(self):
        numpy_redis.save(self.r, "k", np.arange(1000, dtype="<i4"))
        for loaded in (numpy_redis.load(self.r, "k", copy=False), numpy_redis.load_many(self.r, ["k"], copy=False)[0]):
            self.assertFalse(loaded.flags.writeable)
            with self.assertRaises(ValueError):
                loaded[0] = 1
            np.testing.assert_array_equal(loaded, np.arange(1000))

    def test_after_a_load_the_connection_is_in_step_for_the_next_command(self):
        sizes = (0, 1, 100, 70_000, 3_000_000)
        for n in sizes:
            numpy_redis.save(self.r, f"k{n}", np.arange(n, dtype="<i8"))
        for n in sizes * 2:
            np.testing.assert_array_equal(numpy_redis.load(self.r, f"k{n}"), np.arange(n))
            self.assertEqual(self.r.echo(b"next"), b"next")
        self.assertIsNone(numpy_redis.load(self.r, "missing"))
        self.assertTrue(self.r.ping())

    def test_fortran_order_survives_both_loads(self):
        array = np.asfortranarray(np.arange(60, dtype=">i8").reshape(3, 4, 5))
        numpy_redis.save(self.r, "k", array)
        for copy in (True, False):
            loaded = numpy_redis.load(self.r, "k", copy=copy)
            self.assertTrue(loaded.flags.f_contiguous and not loaded.flags.c_contiguous)
            np.testing.assert_array_equal(loaded, array)

    def test_a_header_seen_before_and_a_new_one_both_read_right(self):
        for shape in ((3, 4), (3, 4), (4, 3), (12,)):
            array = np.arange(12, dtype="<u2").reshape(shape)
            numpy_redis.save(self.r, "k", array)
            loaded = numpy_redis.load(self.r, "k")
            self.assertEqual(loaded.shape, shape)
            np.testing.assert_array_equal(loaded, array)


class SaveBytesTest(ServerTestCase):
    def test_stored_bytes_equal_np_save_for_every_layout(self):
        base = np.arange(4 * 6 * 5, dtype="<f4").reshape(4, 6, 5)
        layouts = {
            "C": base,
            "Fortran": np.asfortranarray(base),
            "strided": base[:, ::2, 1:],
            "reversed": base[::-1],
            "transposed non-contiguous": base.transpose(1, 0, 2),
            "0-d": np.array(3.5),
            "empty": np.zeros((0, 7), dtype=">i2"),
            "big (several sends)": np.random.default_rng(1).random((512, 1024)),
            "big Fortran": np.asfortranarray(np.random.default_rng(2).random((300, 700))),
        }
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PendingDeprecationWarning)  # numpy's note on np.matrix
            layouts["matrix subclass"] = np.matrix([[1, 2], [3, 4]])
        for name, array in layouts.items():
            with self.subTest(name):
                numpy_redis.save(self.r, "k", array)
                self.assertEqual(self.r.execute_command("NP.GET", "k"), np_save_bytes(array))

    def test_to_npy_bytes_is_np_save(self):
        for array in (np.arange(5), np.zeros((2, 3), dtype=[("a", "<i4"), ("b", "S3")]), np.array(["x", "yy"])):
            self.assertEqual(numpy_redis.to_npy_bytes(array), np_save_bytes(array))
            np.testing.assert_array_equal(numpy_redis.from_npy_bytes(np_save_bytes(array)), array)

    def test_from_npy_bytes_refuses_what_is_not_npy(self):
        with self.assertRaises(ValueError):
            numpy_redis.from_npy_bytes(b"not an npy file at all")


class ParserTest(ServerTestCase):
    """redis-py parses replies with hiredis when installed, else in Python: both must carry arrays exactly."""

    def test_both_reply_parsers_round_trip_small_and_big_arrays(self):
        clients = {
            "default": self.r,
            "python parser": redis.Redis(connection_pool=redis.ConnectionPool(
                host="127.0.0.1", port=self.server.port, parser_class=PythonParser)),
        }
        arrays = [np.arange(7, dtype="<i2"), np.random.default_rng(3).random((1024, 257)).astype(">f4")]
        for name, client in clients.items():
            for array in arrays:
                with self.subTest(parser=name, nbytes=array.nbytes):
                    self.assertTrue(numpy_redis.save(client, "k", array))
                    self.assertEqual(client.execute_command("NP.GET", "k"), np_save_bytes(array))
                    loaded = numpy_redis.load(client, "k")
                    self.assertEqual(loaded.dtype, array.dtype)
                    np.testing.assert_array_equal(loaded, array)
        clients["python parser"].close()

    def test_a_single_connection_client_saves_on_its_one_connection(self):
        client = redis.Redis(host="127.0.0.1", port=self.server.port, single_connection_client=True)
        self.addCleanup(client.close)
        numpy_redis.save(client, "k", np.ones(100_000))
        np.testing.assert_array_equal(numpy_redis.load(client, "k"), np.ones(100_000))
        self.assertEqual(client.ping(), True)  # the connection is still in step

    def test_a_refused_load_raises_wrongtype_and_leaves_the_connection_usable(self):
        self.r.set("text", "x")
        with self.assertRaises(redis.ResponseError) as raised:
            numpy_redis.load(self.r, "text")
        self.assertIn("WRONGTYPE", str(raised.exception))
        self.assertTrue(self.r.ping())

    def test_a_load_that_times_out_raises_and_the_next_one_works(self):
        impatient = self.server.client(socket_timeout=0.3)
        numpy_redis.save(self.r, "k", np.arange(10))
        os.kill(self.server.process.pid, signal.SIGSTOP)  # a server that stopped answering
        try:
            with self.assertRaises(redis.TimeoutError):
                numpy_redis.load(impatient, "k")
        finally:
            os.kill(self.server.process.pid, signal.SIGCONT)
        np.testing.assert_array_equal(numpy_redis.load(impatient, "k"), np.arange(10))

    def test_a_refused_big_save_leaves_the_connection_usable(self):
        self.r.set("k", "text")
        with self.assertRaises(redis.ResponseError):
            numpy_redis.save(self.r, "k", np.ones(200_000))
        self.assertEqual(self.r.get("k"), b"text")
        self.assertTrue(self.r.ping())
