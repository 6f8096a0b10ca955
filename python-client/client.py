#!/usr/bin/python3
"""Zero Information Loss Test Suite: every array numpy can save survives Redis unchanged.

    /usr/bin/python3 python-client/client.py --port 6380
    REDIS_URL=redis://127.0.0.1:6380/0 /usr/bin/python3 python-client/client.py

Each array is stored with numpy_redis.save and checked twice: the bytes Redis
holds equal np.save's bytes exactly, and np.load of them equals the original
(dtype, shape, memory order, every value; NaN and NaT compared as equal).
Exits 1 when anything is lost.
"""

import argparse
import datetime
import io
import os
import sys
import warnings

import numpy as np
import redis

import numpy_redis

KEY_PREFIX = "zero-information-loss:"


def arrays_to_store():
    """(description, array): every dtype, byte order, layout and header version numpy writes."""
    rng = np.random.default_rng(7)
    ld_eps = np.finfo(np.longdouble).eps
    cases = []
    for code in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
        limits = np.iinfo(code)
        cases.append((f"{code} min/max", np.array([limits.min, 0, limits.max], dtype=code)))
    cases += [
        ("bool", np.array([[True, False], [False, True]])),
        ("float16 with inf, nan, -0.0, subnormal", np.array([np.inf, np.nan, -0.0, 6e-8], dtype=np.float16)),
        ("float32 random", rng.random(100, dtype=np.float32)),
        ("float64 with nan, -inf, smallest subnormal", np.array([np.nan, -np.inf, 5e-324, 1 / 3])),
        ("longdouble with bits float64 lacks", np.array([1 + ld_eps, -(2 + ld_eps)], dtype=np.longdouble)),
        ("complex64", np.array([1 + 2j, complex(np.nan, -np.inf)], dtype=np.complex64)),
        ("complex128", rng.random(10) + 1j * rng.random(10)),
        ("clongdouble (complex256)", np.array([(1 + ld_eps) * 1j], dtype=np.clongdouble)),
        ("big-endian >i4", np.arange(-3, 3, dtype=">i4")),
        ("big-endian >f8", np.array([1.5, np.nan], dtype=">f8")),
        ("big-endian >c16", np.array([1 - 1j], dtype=">c16")),
        ("Fortran-order 2-D", np.asfortranarray(np.arange(12.0).reshape(3, 4))),
        ("non-contiguous slice (every other element)", np.arange(20, dtype="<i2")[::2]),
        ("negative strides", np.arange(12.0).reshape(3, 4)[::-1, ::-1]),
        ("non-contiguous view of a Fortran array", np.asfortranarray(np.arange(24).reshape(4, 6))[1:, ::2]),
        ("Fortran-order 3-D", np.asfortranarray(rng.integers(0, 100, (2, 3, 4)))),
        ("0-d scalar array", np.array(42.0)),
        ("empty (0,)", np.array([], dtype="<f4")),
        ("empty (2, 0, 3)", np.zeros((2, 0, 3), dtype="<i8")),
        ("unicode incl. non-BMP", np.array(["héllo", "中文", "😀🎉", ""], dtype="<U5")),
        ("big-endian unicode", np.array(["ab", "ç"], dtype=">U2")),
        ("bytes with NUL", np.array([b"ab\x00", b"\xff\xfe"], dtype="S3")),
        ("void V4", np.array([b"\x00\x01\x02\x03"], dtype="V4")),
    ]
    for unit in ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"):
        cases.append((f"datetime64[{unit}] with NaT", np.array([0, 123, "NaT"], dtype=f"datetime64[{unit}]")))
        cases.append((f"timedelta64[{unit}] with NaT", np.array([-5, 5, "NaT"], dtype=f"timedelta64[{unit}]")))
    nested = np.zeros(3, dtype=[
        ("id", "<u4"),
        ("position", [("x", "<f8"), ("y", ">f4")]),
        ("matrix", "<i2", (2, 2)),
        ("events", [("when", "<M8[s]"), ("code", "S2")], (2,)),
    ])
    nested["id"] = [1, 2, 3]
    nested["position"]["x"] = [0.5, np.nan, -1]
    nested["matrix"] = np.arange(12).reshape(3, 2, 2)
    nested["events"]["code"] = b"ok"
    cases += [
        ("nested structured with subarrays", nested),
        ("structured with titles", np.array([(1, 2.5)], dtype=[(("Kelvin", "temp"), "<i4"), ("p", "<f8")])),
        ("aligned structured with padding", np.ones(2, dtype=np.dtype([("a", "u1"), ("b", "<f8")], align=True))),
        ("object array (pickle)", np.array([1, "two", None, {"three": [3]}], dtype=object)),
        ("structured with an object field", np.array([(1, ["x"])], dtype=[("n", "<i2"), ("o", "O")])),
        ("v2.0 header (3000 fields)", np.ones(2, dtype=[(f"field{i}", "u1") for i in range(3000)])),
        ("v3.0 header (non-latin-1 field names)", np.zeros(2, dtype=[("温度", "<f4"), ("風速", "<f8")])),
        ("8 MiB float64", rng.random(1 << 20)),
    ]
    return cases


def npy_bytes(array):
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # numpy notes when it writes format 3.0
        np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def same_values(expected, actual):
    if expected.dtype.names:
        return all(same_values(expected[name], actual[name]) for name in expected.dtype.names)
    if expected.dtype.hasobject:
        return expected.tolist() == actual.tolist()
    if expected.dtype.kind in "fcmM":
        return bool(np.array_equal(expected, actual, equal_nan=True))
    return bool(np.array_equal(expected, actual))


def same_array(expected, actual):
    """None when identical, else what differs."""
    if actual.dtype != expected.dtype:
        return f"dtype {actual.dtype} != {expected.dtype}"
    if actual.shape != expected.shape:
        return f"shape {actual.shape} != {expected.shape}"
    if np.isfortran(actual) != np.isfortran(expected):
        return "memory order differs"
    if not same_values(expected, actual):
        return "values differ"
    return None


class Suite:
    """Numbered checks printed as `[Test N]` then ✅ or ❌."""

    def __init__(self, r):
        self.r = r
        self.number = 0
        self.failures = 0

    def check(self, what, run):
        self.number += 1
        print(f"[Test {self.number}] {what}")
        try:
            problem, held = run()
        except Exception as error:  # a crash is a failed check, and the suite goes on
            problem, held = f"{type(error).__name__}: {error}", None
        if problem:
            self.failures += 1
            print(f"  ❌ {problem}")
        else:
            print(f"  ✅ {held}")

    def key(self, suffix):
        return f"{KEY_PREFIX}{suffix}"

    def round_trip(self, description, array):
        key = self.key(self.number + 1)

        def run():
            numpy_redis.save(self.r, key, array)
            stored = self.r.execute_command("NP.GET", key)
            expected_bytes = npy_bytes(array)
            if stored != expected_bytes:
                return f"stored {len(stored or b'')} bytes differ from np.save's {len(expected_bytes)}", None
            loaded = numpy_redis.load(self.r, key, allow_pickle=array.dtype.hasobject)
            problem = same_array(array, loaded)
            if problem:
                return problem, None
            return None, f"{len(stored)} bytes identical to np.save, np.load equal ({array.dtype}, shape {array.shape})"

        self.check(f"{description}: {array.dtype.str if not array.dtype.names else 'structured'} {array.shape}", run)

    def behaviours(self):
        self.check("missing key loads as None", self.missing_key)
        self.check("NX stores only when missing, XX only when present", self.nx_xx)
        self.check("EX sets a TTL, a plain save clears it, KEEPTTL keeps it", self.ttl)
        self.check("NP.INFO describes the array like numpy does", self.info)
        self.check("object arrays are not unpickled unless allow_pickle=True", self.pickle_guard)

    def missing_key(self):
        loaded = numpy_redis.load(self.r, self.key("never-written"))
        return (None, "load returned None") if loaded is None else (f"got {loaded!r}", None)

    def nx_xx(self):
        key = self.key("nx-xx")
        self.r.delete(key)
        steps = [
            numpy_redis.save(self.r, key, np.arange(2), xx=True),
            numpy_redis.save(self.r, key, np.arange(3), nx=True),
            numpy_redis.save(self.r, key, np.arange(4), nx=True),
            numpy_redis.save(self.r, key, np.arange(5), xx=True),
        ]
        if steps != [None, True, None, True]:
            return f"replies {steps}, expected [None, True, None, True]", None
        if not np.array_equal(numpy_redis.load(self.r, key), np.arange(5)):
            return "the XX write was not stored", None
        return None, "replies None, True, None, True and the last write stored"

    def ttl(self):
        key = self.key("ttl")
        numpy_redis.save(self.r, key, np.arange(3), ex=datetime.timedelta(minutes=10))
        with_ttl = self.r.ttl(key)
        numpy_redis.save(self.r, key, np.arange(3), px=600_000)
        numpy_redis.save(self.r, key, np.arange(4), keepttl=True)
        kept = self.r.ttl(key)
        numpy_redis.save(self.r, key, np.arange(5))
        cleared = self.r.ttl(key)
        if not (500 < with_ttl <= 600 and 500 < kept <= 600 and cleared == -1):
            return f"TTLs {with_ttl}, {kept}, {cleared}", None
        return None, f"TTL {with_ttl}s after EX, {kept}s after KEEPTTL, none after a plain save"

    def info(self):
        key = self.key("info")
        array = np.asfortranarray(np.zeros((3, 4), dtype=">c8"))
        numpy_redis.save(self.r, key, array)
        described = numpy_redis.info(self.r, key)
        expected = {"version": "1.0", "descr": "'>c8'", "shape": (3, 4), "fortran_order": True,
                    "bytes": len(npy_bytes(array)), "itemsize": 8, "size": 12}
        wrong = {k: described[k] for k in expected if described[k] != expected[k]}
        return (f"wrong fields {wrong}", None) if wrong else (None, f"info {expected}")

    def pickle_guard(self):
        key = self.key("pickle-guard")
        numpy_redis.save(self.r, key, np.array([{"a": 1}], dtype=object))
        try:
            numpy_redis.load(self.r, key)
        except ValueError as error:
            return None, f"refused: {error}"
        return "object array loaded without allow_pickle", None

    def cleanup(self):
        keys = list(self.r.scan_iter(match=f"{KEY_PREFIX}*"))
        for key in keys:
            self.r.delete(key)


def connect(args):
    url = args.url or os.environ.get("REDIS_URL")
    if args.cluster:
        from redis.cluster import RedisCluster
        return RedisCluster.from_url(url) if url else RedisCluster(host=args.host, port=args.port)
    if url:
        return redis.Redis.from_url(url)
    return redis.Redis(host=args.host, port=args.port, socket_timeout=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6379)
    parser.add_argument("--url", help="redis:// URL (default: $REDIS_URL, else --host/--port)")
    parser.add_argument("--cluster", action="store_true", help="connect with redis.cluster.RedisCluster")
    args = parser.parse_args()

    # numpy notes that v2.0/v3.0 files need a newer numpy; writing them is the point here
    warnings.filterwarnings("ignore", message="Stored array in format", category=UserWarning)
    r = connect(args)
    print("🧪 Zero Information Loss Test Suite (numpy %s, redis-py %s)" % (np.__version__, redis.__version__))
    suite = Suite(r)
    for description, array in arrays_to_store():
        suite.round_trip(description, array)
    suite.behaviours()
    suite.cleanup()

    if suite.failures:
        print(f"\n💥 {suite.failures} of {suite.number} TESTS FAILED - INFORMATION WAS LOST")
        return 1
    print(f"\n{suite.number} of {suite.number} tests passed")
    print("🎉 ALL TESTS PASSED - ZERO INFORMATION LOSS ACHIEVED!")
    return 0


if __name__ == "__main__":
    sys.exit(main())
