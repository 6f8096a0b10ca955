"""Writes the fuzzer's seed corpus: .npy files numpy itself produces for every
dtype family, each header version and orders, plus a few near-misses.

    /usr/bin/python3 fuzz/make_seeds.py OUTDIR
"""
import io
import os
import sys

import numpy as np
from numpy.lib import format as npy_format


def npy(array, version=None):
    buf = io.BytesIO()
    npy_format.write_array(buf, array, version=version, allow_pickle=True)
    return buf.getvalue()


def arrays():
    yield "f8", np.arange(6.0).reshape(2, 3)
    yield "i2be", np.arange(5, dtype=">i2")
    yield "u1", np.arange(4, dtype="u1")
    yield "bool", np.array([True, False])
    yield "f2", np.ones(3, dtype="f2")
    yield "longdouble", np.ones(2, dtype=np.longdouble)
    yield "c16", np.ones(2, dtype="c16")
    yield "clongdouble", np.ones(2, dtype=np.clongdouble)
    yield "unicode", np.array(["a", "bcd"])
    yield "bytes", np.array([b"ab", b"hello"])
    yield "datetime", np.array(["2020-01-01"], dtype="M8[ns]")
    yield "timedelta", np.array([1, 2], dtype="m8[10ms]")
    yield "void", np.zeros(2, dtype="V4")
    yield "object", np.array([1, "a", None], dtype=object)
    yield "scalar", np.float32(3.5)
    yield "empty", np.zeros((0, 3))
    yield "fortran", np.asfortranarray(np.arange(6).reshape(2, 3))
    yield "nested", np.zeros(2, dtype=[("a", "<i4"), ("b", [("c", "<f8", (2, 3)), ("d", "S3")])])
    yield "padded", np.zeros(2, dtype={"names": ["x", "y"], "formats": ["<i2", "<f8"], "offsets": [0, 8], "itemsize": 24})
    yield "titles", np.zeros(2, dtype=[(("Title", "n"), "<i4"), ("m", "<f4", (2,))])
    yield "latin1_field", np.zeros(2, dtype=[("\u00e9", "<i4")])
    yield "utf8_field", np.zeros(2, dtype=[("\u6570", "<i4")])


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    seeds = {}
    for name, array in arrays():
        seeds[name] = npy(array)
    seeds["v2"] = npy(np.arange(3, dtype="<i4"), version=(2, 0))
    seeds["v3"] = npy(np.zeros(1, dtype=[("\u6570", "<i4")]), version=(3, 0))
    base = seeds["f8"]
    seeds["short_data"] = base[:-3]
    seeds["double_quotes"] = base.replace(b"'", b'"')
    seeds["reordered"] = base.replace(b"{'descr': '<f8', 'fortran_order': False, ",
                                      b"{'fortran_order': False, 'descr': '<f8', ")
    for name, payload in seeds.items():
        with open(os.path.join(outdir, name + ".npy"), "wb") as f:
            f.write(payload)
    print(f"wrote {len(seeds)} seeds to {outdir}")


if __name__ == "__main__":
    main(sys.argv[1])
