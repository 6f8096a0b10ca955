"""Arrays of every kind numpy saves, and their .npy bytes, made with numpy at test time."""

import io
import warnings

import numpy as np

LONGDOUBLE_ONE_PLUS_EPS = np.longdouble(1) + np.finfo(np.longdouble).eps


def npy_bytes(array, version=None):
    """What np.save writes for `array` (numpy picks the version unless given)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Stored array in format 3.0"
        np.lib.format.write_array(buffer, np.asanyarray(array), version=version, allow_pickle=True)
    return buffer.getvalue()


def load_npy(payload):
    """np.load of a payload, unpickling object arrays; headers up to 16 MiB."""
    return np.load(io.BytesIO(payload), allow_pickle=True, max_header_size=1 << 24)


def read_header(payload):
    """numpy's own reading of a payload's preamble: (version, shape, fortran_order, dtype, data_offset)."""
    stream = io.BytesIO(payload)
    version = np.lib.format.read_magic(stream)
    if version == (1, 0):
        shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(stream, max_header_size=1 << 24)
    else:
        shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(stream, max_header_size=1 << 24)
    return version, shape, fortran_order, dtype, stream.tell()


def header_text(payload):
    """The raw header (dict text, padding and newline) as bytes, and the preamble length."""
    major = payload[6]
    length_size = 2 if major == 1 else 4
    start = 8 + length_size
    length = int.from_bytes(payload[8:start], "little")
    return payload[start:start + length], start


def frame(header, version=(1, 0), *, align=64, data=b""):
    """A .npy payload around header text (str or bytes), padded like numpy pads.

    Used to build headers numpy's writer never makes (other key orders,
    double quotes, malformed dicts) while keeping the preamble honest.
    """
    if isinstance(header, str):
        header = header.encode("utf-8" if version == (3, 0) else "latin1")
    length_size = 2 if version == (1, 0) else 4
    preamble = 8 + length_size
    unpadded = preamble + len(header) + 1
    padding = (-unpadded) % align if align else 0
    body = header + b" " * padding + b"\n"
    magic = b"\x93NUMPY" + bytes(version)
    return magic + len(body).to_bytes(length_size, "little") + body + data


def structured_dtype_with_fields(count, name_prefix="f"):
    return np.dtype([(f"{name_prefix}{i}", "<i1") for i in range(count)])


def every_kind():
    """(name, array) pairs covering every dtype, byte order, layout and header version numpy writes."""
    rng = np.random.default_rng(20240601)
    kinds = []

    for code in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"):
        info = np.iinfo(code)
        kinds.append((f"int {code} extremes", np.array([info.min, -1 if info.min else 1, 0, info.max], dtype=code)))
    kinds.append(("bool", np.array([[True, False, True], [False, False, True]])))

    special = [0.0, -0.0, 1.5, np.inf, -np.inf, np.nan]
    kinds.append(("float16 incl. subnormal", np.array(special + [np.finfo(np.float16).tiny / 4], dtype=np.float16)))
    kinds.append(("float32", np.array(special + [np.finfo(np.float32).max], dtype=np.float32)))
    kinds.append(("float64 random", rng.standard_normal(1000)))
    kinds.append(("float64 specials", np.array(special + [5e-324], dtype=np.float64)))
    kinds.append(("longdouble beyond float64", np.array([LONGDOUBLE_ONE_PLUS_EPS, -np.inf, np.nan], dtype=np.longdouble)))
    kinds.append(("complex64", np.array([1 + 2j, -0.0 - 1j, complex(np.nan, np.inf)], dtype=np.complex64)))
    kinds.append(("complex128", rng.standard_normal(8) + 1j * rng.standard_normal(8)))
    kinds.append(("clongdouble (c32)", np.array([LONGDOUBLE_ONE_PLUS_EPS * 1j, 3], dtype=np.clongdouble)))

    kinds.append(("big-endian int32", np.arange(-5, 5, dtype=">i4")))
    kinds.append(("big-endian uint64", np.array([1, 2**64 - 1], dtype=">u8")))
    kinds.append(("big-endian float64", np.array([1.25, -np.inf, np.nan], dtype=">f8")))
    kinds.append(("big-endian complex128", np.array([1 - 2j, 3.5j], dtype=">c16")))
    kinds.append(("big-endian unicode", np.array(["ab", "é😀"], dtype=">U3")))

    kinds.append(("Fortran-order 2-D", np.asfortranarray(np.arange(12, dtype="<i4").reshape(3, 4))))
    kinds.append(("Fortran-order 3-D float", np.asfortranarray(rng.random((2, 3, 4)))))
    kinds.append(("32 dimensions", np.arange(2, dtype="<u2").reshape((2,) + (1,) * 31)))

    kinds.append(("0-d float", np.array(3.5)))
    kinds.append(("0-d unicode", np.array("solo")))
    kinds.append(("empty 1-D", np.zeros((0,), dtype="<f8")))
    kinds.append(("empty 3-D", np.zeros((3, 0, 2), dtype="<i2")))
    kinds.append(("empty structured", np.zeros((0,), dtype=[("a", "<i4"), ("b", "<f8")])))

    kinds.append(("unicode incl. non-BMP", np.array(["", "plain", "é中", "😀🎉", "a\u0000b"], dtype="<U5")))
    kinds.append(("bytes with NULs", np.array([b"", b"ab\x00c", b"\xff" * 5], dtype="S5")))
    kinds.append(("void V8", np.array([b"\x01\x02\x03\x04\x05\x06\x07\x08"], dtype="V8")))

    for unit in ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"):
        kinds.append((f"datetime64[{unit}]", np.array([0, 1, -1, "NaT"], dtype=f"datetime64[{unit}]")))
        kinds.append((f"timedelta64[{unit}]", np.array([0, 7, -7, "NaT"], dtype=f"timedelta64[{unit}]")))
    kinds.append(("datetime64 generic NaT", np.array(["NaT", "NaT"], dtype="datetime64")))
    kinds.append(("datetime64[25s] multiple unit", np.array([0, 4], dtype="datetime64[25s]")))

    point = np.dtype([("x", "<f4"), ("y", ">i2")])
    nested = np.dtype([
        ("id", "<u8"),
        ("pos", point),
        ("matrix", "<f8", (2, 3)),
        ("tags", "S4", (2,)),
        ("inner", [("when", "<M8[ms]"), ("grid", "<i1", (2, 2))], (2,)),
    ])
    kinds.append(("nested structured with subarrays", np.zeros(3, dtype=nested)))
    filled = np.zeros(3, dtype=nested)
    filled["id"] = [1, 2, 3]
    filled["pos"]["x"] = [0.5, np.nan, -1]
    filled["matrix"] = np.arange(18).reshape(3, 2, 3)
    filled["tags"] = [[b"a", b"bb"], [b"ccc", b"dddd"], [b"", b"e"]]
    filled["inner"]["grid"] = np.arange(24).reshape(3, 2, 2, 2)
    kinds.append(("nested structured, filled", filled))
    kinds.append(("structured with titles", np.array([(1, 2.0)], dtype=[(("Temperature in K", "temp"), "<i4"), ("p", "<f8")])))
    kinds.append(("aligned structured with padding", np.zeros(2, dtype=np.dtype([("a", "u1"), ("b", "<i8"), ("c", "u1")], align=True))))
    kinds.append(("structured with offsets gap", np.zeros(2, dtype=np.dtype({"names": ["a", "b"], "formats": ["u1", "<i4"], "offsets": [0, 8], "itemsize": 16}))))
    kinds.append(("latin-1 field name (v1 header)", np.zeros(2, dtype=[("é", "<i4")])))

    kinds.append(("object array (pickle)", np.array([1, "two", None, [3, 4], {"k": 5.0}], dtype=object)))
    kinds.append(("structured with object field", np.array([(1, "x"), (2, None)], dtype=[("n", "<i4"), ("o", "O")])))

    kinds.append(("v2.0 header, 5000 fields", np.zeros(2, dtype=structured_dtype_with_fields(5000))))
    kinds.append(("v3.0 header, non-latin-1 names", np.zeros(2, dtype=[("温度", "<f4"), ("気圧", "<i2")])))
    kinds.append(("1 MiB float64", rng.random(1 << 17)))
    return kinds


def explicit_versions():
    """The same small array written as v1.0, v2.0 and v3.0 by numpy."""
    array = np.arange(6, dtype="<f4").reshape(2, 3)
    return [(version, array, npy_bytes(array, version=version)) for version in ((1, 0), (2, 0), (3, 0))]


def assert_arrays_equal(testcase, expected, actual, label=""):
    """dtype, shape, layout and every value equal (NaN == NaN, NaT == NaT, field by field)."""
    testcase.assertEqual(expected.dtype, actual.dtype, label)
    testcase.assertEqual(expected.shape, actual.shape, label)
    if expected.ndim > 1:
        testcase.assertEqual(expected.flags.f_contiguous and not expected.flags.c_contiguous,
                             actual.flags.f_contiguous and not actual.flags.c_contiguous, label)
    testcase.assertTrue(values_equal(expected, actual), f"{label}: values differ")


def values_equal(expected, actual):
    if expected.dtype.names:
        return all(values_equal(expected[name], actual[name]) for name in expected.dtype.names)
    if expected.dtype.hasobject:
        return expected.tolist() == actual.tolist()
    if expected.dtype.kind in "fcmM":
        return bool(np.array_equal(expected, actual, equal_nan=True))
    return bool(np.array_equal(expected, actual))
