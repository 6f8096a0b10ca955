"""NP.BLOCKS: each block of a plane's window as numpy's nanmin, nanmax and
nanmean, for every real number type, byte order, memory order and plane of an
N-D array; the version it read; and every refusal, with its reason.

numpy is the judge. Minima and maxima must be equal exactly (to numpy's
result cast to float64). Means: the module sums a block's elements, each
rounded to float64, in memory order; numpy's nanmean sums the same float64s
pairwise. Where every such sum is exact (bool, 8-32-bit integers and float16,
whose values span fewer than 53 bits together) the two must be equal exactly.
Elsewhere each sum's rounding error is at most (n - 1) * u * sum(|x|) (u =
2**-53; pairwise summation's bound is smaller), so the means may differ by at
most 2 * n * u * mean(|x|), the division's rounding included: the tolerance.
"""

import warnings

import numpy as np
import redis

from harness import ServerTestCase
from npy_fixtures import npy_bytes

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
U = 2.0**-53
EXACT_SUMS = {"b", "i1", "i2", "i4", "u1", "u2", "u4", "f2"}
REAL_TYPES = ["?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "g"]


def numpy_blocks(window, block_rows, block_cols):
    """(min, max, mean, n, mean |x|) planes of each block of a 2-D window, by numpy."""
    rows = range(0, window.shape[0], block_rows)
    cols = range(0, window.shape[1], block_cols)
    out = np.zeros((5, len(rows), len(cols)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN blocks
        for a, i in enumerate(rows):
            for b, j in enumerate(cols):
                block = window[i:i + block_rows, j:j + block_cols]
                as_double = block.astype(np.float64)
                out[0, a, b] = np.float64(np.nanmin(block))
                out[1, a, b] = np.float64(np.nanmax(block))
                out[2, a, b] = np.nanmean(as_double)
                out[3, a, b] = np.count_nonzero(~np.isnan(as_double))
                out[4, a, b] = np.nanmean(np.abs(as_double))
    return out


def sample(rng, code, shape):
    """Values of this type covering its range, with NaN, infinities and an all-NaN corner for floats."""
    dtype = np.dtype(code)
    if dtype.kind == "b":
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    values = (rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, size=shape)).astype(dtype)
    if dtype == np.longdouble:
        values += np.finfo(np.longdouble).eps * values  # not all representable as float64
    values[rng.random(shape) < 0.1] = np.nan
    values[rng.random(shape) < 0.01] = np.inf
    values[rng.random(shape) < 0.01] = -np.inf
    values[..., :3, :3] = np.nan
    return values


class BlocksTest(ServerTestCase):
    def blocks(self, *args):
        return self.r.execute_command("NP.BLOCKS", *args)

    def reduced(self, key, rows, cols, *more):
        etag, block_rows, block_cols, planes = self.blocks(key, "ROWS", *rows, "COLS", *cols, *more)
        self.assertEqual(etag, self.r.execute_command("NP.ETAG", key))
        return np.frombuffer(planes, "<f8").reshape(3, block_rows, block_cols)

    def assertBlocksEqual(self, got, window, block_rows, block_cols, exact_means):
        want = numpy_blocks(window, block_rows, block_cols)
        self.assertEqual(got.shape[1:], want.shape[1:])
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])
        finite = np.isfinite(want[2])
        np.testing.assert_array_equal(got[2][~finite], want[2][~finite])
        if exact_means:
            np.testing.assert_array_equal(got[2], want[2])
        else:
            excess = np.abs(got[2][finite] - want[2][finite]) - 2 * want[3][finite] * U * want[4][finite]
            self.assertTrue(np.all(excess <= 0), f"means differ beyond the tolerance by up to {excess.max()}")

    def test_every_real_type_byte_order_and_memory_order_matches_numpy(self):
        rng = np.random.default_rng(11)
        for code in REAL_TYPES:
            for order in "<>":
                for fortran in (False, True):
                    dtype = np.dtype(code).newbyteorder(order)
                    array = sample(rng, code, (19, 45)).astype(dtype)
                    if fortran:
                        array = np.asfortranarray(array)
                    with self.subTest(dtype=dtype.str, fortran=fortran):
                        self.r.execute_command("NP.SET", "a", npy_bytes(array))
                        got = self.reduced("a", (2, 19, 4), (1, 45, 7))
                        self.assertBlocksEqual(got, array[2:19, 1:45], 4, 7, dtype.kind + str(dtype.itemsize)
                                               in EXACT_SUMS or dtype.kind == "b")

    def test_every_plane_of_a_3d_array_at_any_index_matches_numpy(self):
        rng = np.random.default_rng(12)
        for fortran in (False, True):
            array = sample(rng, "f4", (6, 23, 17))
            if fortran:
                array = np.asfortranarray(array)
            self.r.execute_command("NP.SET", "a", npy_bytes(array))
            # Contiguous, along one axis, and scattered (neither axis the fastest-varying one): all served.
            for rows_axis, cols_axis in ((0, 1), (0, 2), (1, 2), (2, 0), (1, 0)):
                fixed = 3 - rows_axis - cols_axis
                index = [0, 0, 0]
                index[fixed] = int(rng.integers(array.shape[fixed]))
                plane = np.moveaxis(array, (rows_axis, cols_axis), (0, 1))[:, :, index[fixed]]
                rows = (1, plane.shape[0], int(rng.integers(1, 5)))
                cols = (0, plane.shape[1] - 1, int(rng.integers(1, 6)))
                with self.subTest(fortran=fortran, axes=(rows_axis, cols_axis), index=index):
                    got = self.reduced("a", rows, cols, "AXES", rows_axis, cols_axis, "INDEX", *index)
                    self.assertBlocksEqual(got, plane[rows[0]:rows[1], cols[0]:cols[1]], rows[2], cols[2], False)

    def test_by_default_the_plane_is_the_two_fastest_axes_at_index_zero(self):
        array = np.arange(3 * 8 * 10, dtype="<i4").reshape(3, 8, 10)
        for fortran, plane in ((False, array[0]), (True, np.asfortranarray(array)[:, :, 0])):
            with self.subTest(fortran=fortran):
                self.r.execute_command("NP.SET", "a", npy_bytes(np.asfortranarray(array) if fortran else array))
                got = self.reduced("a", (0, plane.shape[0], 2), (0, plane.shape[1], 3))
                self.assertBlocksEqual(got, plane, 2, 3, True)

    def test_big_integers_and_long_doubles_are_rounded_once_to_float64(self):
        extremes = np.array([[np.iinfo(np.int64).min, 2**53 + 1, -(2**53) - 1, np.iinfo(np.int64).max]] * 2)
        unsigned = np.array([[np.iinfo(np.uint64).max, 2**53 + 1, 0, 2**63 + 2**11 + 1]] * 2, dtype=np.uint64)
        tiny = np.array([[np.finfo(np.longdouble).tiny, np.longdouble(1) + np.finfo(np.longdouble).eps,
                          np.longdouble(2.0) ** 16000, -np.longdouble(2.0) ** -16440]] * 2)
        for array in (extremes, unsigned, tiny, tiny.astype(np.longdouble().dtype.newbyteorder(">"))):
            with self.subTest(dtype=array.dtype.str):
                self.r.execute_command("NP.SET", "a", npy_bytes(array))
                got = self.reduced("a", (0, 2, 1), (0, 4, 1))
                np.testing.assert_array_equal(got[0], array.astype(np.float64))
                np.testing.assert_array_equal(got[2], array.astype(np.float64))

    def test_a_block_of_only_nan_is_nan_and_steps_past_the_window_make_one_block(self):
        array = np.full((4, 6), np.nan, dtype="<f8")
        array[3, 5] = 2.5
        self.r.execute_command("NP.SET", "a", npy_bytes(array))
        got = self.reduced("a", (0, 4, 3), (0, 6, 3))
        self.assertTrue(np.isnan(got[:, 0, :]).all() and np.isnan(got[:, 1, 0]).all())
        np.testing.assert_array_equal(got[:, 1, 1], [2.5, 2.5, 2.5])
        np.testing.assert_array_equal(self.reduced("a", (1, 4, 1000), (0, 6, 1000))[:, 0, 0], [2.5, 2.5, 2.5])

    def test_the_etag_names_the_version_read(self):
        self.r.execute_command("NP.SET", "a", npy_bytes(np.zeros((4, 4))))
        before = self.blocks("a", "ROWS", 0, 4, 2, "COLS", 0, 4, 2)[0]
        self.r.execute_command("NP.SET", "a", npy_bytes(np.ones((4, 4))))
        after = self.blocks("a", "ROWS", 0, 4, 2, "COLS", 0, 4, 2)
        self.assertNotEqual(before, after[0])
        self.assertEqual(after[0], self.r.execute_command("NP.ETAG", "a"))
        np.testing.assert_array_equal(np.frombuffer(after[3], "<f8"), np.ones(12))

    def test_a_missing_key_is_nil_and_another_type_wrongtype(self):
        self.assertIsNone(self.blocks("missing", "ROWS", 0, 1, 1, "COLS", 0, 1, 1))
        self.r.set("s", b"x")
        with self.assertRaises(redis.ResponseError) as caught:
            self.blocks("s", "ROWS", 0, 1, 1, "COLS", 0, 1, 1)
        self.assertEqual(str(caught.exception), WRONGTYPE)

    def assertRefused(self, args, pattern):
        with self.subTest(args=args), self.assertRaises(redis.ResponseError) as caught:
            self.blocks(*args)
        self.assertRegex(str(caught.exception), pattern)

    def test_bad_arguments_are_refused_naming_the_problem(self):
        self.r.execute_command("NP.SET", "a", npy_bytes(np.zeros((3, 8, 10), dtype="<f4")))
        window = ("ROWS", 0, 8, 2, "COLS", 0, 10, 2)
        cases = [
            ((), "wrong number of arguments"),
            (("a",), "ROWS and COLS are required"),
            (("a", "ROWS", 0, 8, 2), "ROWS and COLS are required"),
            (("a", "ROWS", 0, 8), "ROWS needs 3 integers"),
            (("a", "ROWS", 0, "x", 1, "COLS", 0, 10, 1), "ROWS takes integers; got 'x'"),
            (("a", *window, "ROWS", 0, 1, 1), "repeated option 'ROWS'"),
            (("a", *window, "SIDEWAYS"), "syntax error at 'SIDEWAYS'"),
            (("a", "ROWS", 5, 3, 1, "COLS", 0, 10, 1), r"ROWS must be start stop step with 0 <= start < stop <= 8 "),
            (("a", "ROWS", 0, 9, 1, "COLS", 0, 10, 1), r"<= 8 \(axis 1\)"),
            (("a", "ROWS", 0, 8, 0, "COLS", 0, 10, 1), "step >= 1"),
            (("a", "ROWS", -1, 8, 1, "COLS", 0, 10, 1), "0 <= start"),
            (("a", "ROWS", 0, 8, 1, "COLS", 0, 11, 1), r"COLS .* <= 10 \(axis 2\)"),
            (("a", *window, "AXES", 1, 1), "two different axes; both are 1"),
            (("a", *window, "AXES", 1, 3), "0 to 2; got 3"),
            (("a", *window, "AXES", 1), "AXES needs 2 integers"),
            (("a", *window, "INDEX", 0, 0), r"one index per axis \(3\); got 2"),
            (("a", *window, "INDEX", 3, 0, 0), "INDEX 3 is outside axis 0 of length 3"),
            (("a", *window, "INDEX", *range(65)), "at most 64"),
        ]
        for args, pattern in cases:
            self.assertRefused(args, pattern)

    def test_arrays_without_real_numbers_are_refused_with_their_descr(self):
        arrays = {
            "complex": (np.ones((2, 2), np.complex64), "'<c8': complex"),
            "datetime": (np.zeros((2, 2), "M8[s]"), "datetimes"),
            "text": (np.array([["a", "b"], ["c", "d"]]), "'<U1': text"),
            "structured": (np.zeros((2, 2), [("x", "<f4")]), "structured"),
            "objects": (np.array([[1, None], [None, 2]], dtype=object), "holds objects"),
        }
        for key, (array, pattern) in arrays.items():
            self.r.execute_command("NP.SET", key, npy_bytes(array))
            self.assertRefused((key, "ROWS", 0, 2, 1, "COLS", 0, 2, 1), "real numbers.*" + pattern)
        for array, ndim in ((np.zeros(5), 1), (np.float64(3), 0)):
            self.r.execute_command("NP.SET", "low", npy_bytes(array))
            self.assertRefused(("low", "ROWS", 0, 1, 1, "COLS", 0, 1, 1), f"2 or more dimensions; this one has {ndim}")

    def test_one_call_reads_and_answers_a_bounded_amount(self):
        self.r.execute_command("NP.SET", "big", npy_bytes(np.zeros((4096, 2048), dtype="<u1")))
        # 2**22 elements in blocks of 2: allowed elements, too many blocks.
        self.assertRefused(("big", "ROWS", 0, 2048, 1, "COLS", 0, 2048, 1), "at most 2097152 blocks per call")
        self.assertRefused(("big", "ROWS", 0, 2049, 8, "COLS", 0, 2048, 8), "at most 4194304 elements per call")
        _, rows, cols, planes = self.blocks("big", "ROWS", 0, 2048, 1, "COLS", 0, 2048, 2)
        self.assertEqual((rows, cols, len(planes)), (2048, 1024, 3 * 8 * 2048 * 1024))

    def test_it_is_a_readonly_command_with_one_key(self):
        info = self.r.execute_command("COMMAND", "INFO", "np.blocks")["np.blocks"]
        self.assertIn("readonly", info["flags"])
        self.assertEqual((info["first_key_pos"], info["last_key_pos"], info["step_count"]), (1, 1, 1))
