#!/usr/bin/python3
"""Writes the end-to-end fixtures with NumPy into OUTDIR, plus expected.json.

Usage: /usr/bin/python3 e2e/make_fixtures.py OUTDIR

Every expected number or string is computed here by NumPy from the array it
saved (value strings spelled by the corpus generator's fmt_flat, lib/npy's
rules), so the tests compare the page against NumPy, not hand-typed values.
"""
import json
import os
import sys

import numpy as np

# The corpus generator spells values exactly as lib/npy's formatter does.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures"))
from make_corpus import fmt_flat  # noqa: E402


def shape_text(shape):
    if len(shape) == 0:
        return "() scalar"
    if len(shape) == 1:
        return "(%d,)" % shape[0]
    return "(" + ", ".join(str(n) for n in shape) + ")"


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:64, 0:96]
    arrays = {
        "grid2d": (np.sin(x / 9.0) * np.cos(y / 7.0) * 100 + rng.normal(0, 1, (64, 96))).astype("<f8"),
        "line1d": np.sin(np.linspace(0, 12 * np.pi, 5000)).astype("<f4"),
        "rgb": np.stack([x[:48, :64] * 4 % 256, y[:48, :64] * 5 % 256, (x[:48, :64] + y[:48, :64]) * 2 % 256], axis=-1).astype("u1"),
        "cube3d": np.stack([np.sin(x[:40, :50] / (k + 2.0)) * (k + 1) + y[:40, :50] * k for k in range(6)]).astype("<f4"),
        "int64": np.array([-9223372036854775808, 9223372036854775807, 0, 12345678901234567], dtype="<i8"),
        "half": np.array([0.1, 65504, -2.5, 1e-3], dtype="<f2"),
        "complex": np.array([1 + 2j, -0.5 - 1.5j, 3j], dtype="<c16"),
        "datetime": np.array(["2024-01-02T03:04:05", "1999-12-31T23:59:59", "NaT"], dtype="datetime64[s]"),
        "structured": np.array([(1, 2.5), (-3, 0.25), (7, -8.0)], dtype=[("x", "<i4"), ("y", "<f8")]),
        "fortran": np.asfortranarray(np.arange(12, dtype="<i2").reshape(3, 4)),
    }
    arrays["scalar"] = np.array(2.5, dtype="<f8")
    arrays["unicode"] = np.array(["héllo", "", "🐍 snake"], dtype="<U8")
    expected = {}
    np.save(os.path.join(out, "pickled.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    expected["pickled"] = {"shape": "(2,)", "descr": "|O"}
    for name, a in arrays.items():
        np.save(os.path.join(out, name + ".npy"), a, allow_pickle=False)
        entry = {"shape": shape_text(a.shape), "descr": np.lib.format.dtype_to_descr(a.dtype)}
        if a.dtype.kind in "fiu":
            f = a.astype("f8")
            entry.update(min=float(f.min()), max=float(f.max()), mean=float(f.mean()), std=float(f.std()))
        expected[name] = entry
    for name in ("int64", "half", "complex", "datetime", "fortran", "scalar", "unicode"):
        expected[name]["values"] = fmt_flat(arrays[name])
    expected["complex"]["imagMax"] = float(arrays["complex"].imag.max())
    expected["structured"]["fields"] = {f: fmt_flat(arrays["structured"][f]) for f in ("x", "y")}
    # No finite values at all: numpy's min() refuses these, so they have no min/max to expect.
    for name, a in {"empty": np.zeros((0, 4), dtype="<f8"), "allnan": np.full((3, 4), np.nan, dtype="<f8")}.items():
        np.save(os.path.join(out, name + ".npy"), a, allow_pickle=False)
        expected[name] = {"shape": shape_text(a.shape), "descr": np.lib.format.dtype_to_descr(a.dtype)}
    good = open(os.path.join(out, "grid2d.npy"), "rb").read()
    with open(os.path.join(out, "truncated.npy"), "wb") as f:
        f.write(good[:-3])
    with open(os.path.join(out, "notnpy.npy"), "wb") as f:
        f.write(b"\x93NUMPX" + good[6:200])
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
