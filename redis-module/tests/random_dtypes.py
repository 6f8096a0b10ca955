"""Reproducible random dtypes (nested, aligned, with subarrays, titles and gaps) for differential checks."""

import random

import numpy as np

SCALARS = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "f16", "c8", "c16", "c32",
           "S1", "S7", "U1", "U3", "V5", "M8[ns]", "M8[D]", "m8[s]", "M8[25us]", "M8"]


def random_scalar(rng):
    code = rng.choice(SCALARS)
    if code in ("b1", "i1", "u1") or code[0] in "SV":
        return np.dtype(code)
    return np.dtype(rng.choice("<>") + code)


def random_dtype(rng, depth=0):
    if depth >= 3 or rng.random() < 0.35:
        return random_scalar(rng)
    count = rng.randint(1, 4)
    names = [f"f{i}" for i in range(count)]
    formats = []
    for _ in names:
        inner = random_dtype(rng, depth + 1)
        if rng.random() < 0.3:
            inner = np.dtype((inner, tuple(rng.randint(1, 3) for _ in range(rng.randint(1, 2)))))
        formats.append(inner)
    spec = {"names": names, "formats": formats}
    if rng.random() < 0.3:
        spec["titles"] = [f"title {n}" if rng.random() < 0.5 else None for n in names]
    if rng.random() < 0.2:
        offsets, at = [], 0
        for fmt in formats:
            at += rng.randint(0, 3)
            offsets.append(at)
            at += fmt.itemsize
        spec["offsets"] = offsets
        spec["itemsize"] = at + rng.randint(0, 5)
        return np.dtype(spec)
    return np.dtype(spec, align=rng.random() < 0.3)


def random_arrays(count, seed):
    """(dtype, array) pairs: a few zero-filled elements of each random dtype."""
    rng = random.Random(seed)
    for _ in range(count):
        dtype = random_dtype(rng)
        shape = tuple(rng.randint(0, 3) for _ in range(rng.randint(0, 2)))
        yield dtype, np.zeros(shape, dtype=dtype)
