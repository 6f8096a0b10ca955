"""numpy_redis.save/load against the raw redis-py calls and pickle, side by side in one run.

    npm run bench:python                       # or: /usr/bin/python3 python-client/bench/save_load.py
    npm run bench:python -- --rounds 9 --sizes 64 262144

Starts its own redis-server with the module (redis-module/numpy_redis.so) on
a free port.  float32 arrays of each size; for each reply parser (hiredis,
when installed, and redis-py's pure-Python one) every round calls each way
in turn, one call at a time in a shuffled order, so load from other
processes falls on all of them alike.  Printed: the median time per call of
each way, and raw / numpy_redis (1.00 = as fast as the raw call; higher is
faster), the median of the rounds with their range.

    raw save   r.set(k, a.tobytes())                 raw load   np.frombuffer(r.get(k), a.dtype)
    pickle 5   r.set(k, pickle.dumps(a, protocol=5))            pickle.loads(r.get(k))

The raw calls lose dtype and shape (the reader must know them); numpy_redis
keeps both, byte for byte.  Pickle is here for comparison only: loading a
pickle runs code, and numpy_redis never unpickles a numeric array.
"""

import argparse
import os
import pickle
import random
import statistics
import sys
import time

import numpy as np
import redis
from redis.connection import PythonParser

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_DIR = os.path.dirname(HERE)
sys.path.insert(0, CLIENT_DIR)
sys.path.insert(0, os.path.join(os.path.dirname(CLIENT_DIR), "redis-module", "tests"))

import harness  # noqa: E402
import numpy_redis  # noqa: E402

from redis.utils import HIREDIS_AVAILABLE

if HIREDIS_AVAILABLE:
    from redis.connection import HiredisParser
else:
    HiredisParser = None

SIZES = (64, 256 << 10, 16 << 20, 128 << 20)
# Each round calls every way this many times, one call of each in turn, so
# a burst of load from other processes falls on all ways alike; each way's
# figure is the median of its calls in the round.
CALLS = {64: 500, 256 << 10: 200, 16 << 20: 5, 128 << 20: 1}
ROUNDS = {64: 9, 256 << 10: 9, 16 << 20: 9, 128 << 20: 7}


def ways(r, a):
    """name -> (kind, call); each call does one store or one fetch of `a`."""
    return {
        "numpy_redis.save": ("save", lambda: numpy_redis.save(r, "ours", a)),
        "raw SET": ("save", lambda: r.set("raw", a.tobytes())),
        "pickle SET": ("save", lambda: r.set("pickle", pickle.dumps(a, protocol=5))),
        "numpy_redis.load": ("load", lambda: numpy_redis.load(r, "ours")),
        "load copy=False": ("load", lambda: numpy_redis.load(r, "ours", copy=False)),
        "raw GET": ("load", lambda: np.frombuffer(r.get("raw"), a.dtype)),
        "pickle GET": ("load", lambda: pickle.loads(r.get("pickle"))),
    }


def measure(r, size, rounds):
    """name -> one median time per call for each round."""
    a = np.random.default_rng(0).random(size // 4, dtype=np.float32)
    table = ways(r, a)
    for _, (kind, call) in table.items():
        if kind == "save":
            call()  # the keys exist before any load is timed
    names = list(table)
    shuffle = random.Random(size)
    medians = {name: [] for name in names}
    for _ in range(rounds):
        samples = {name: [] for name in names}
        for _ in range(CALLS[size]):
            # A fresh order each time: no way always follows the same one
            # (a big free just before can slow the next call down).
            shuffle.shuffle(names)
            for name in names:
                started = time.perf_counter()
                table[name][1]()
                samples[name].append(time.perf_counter() - started)
        for name in names:
            medians[name].append(statistics.median(samples[name]))
    r.delete("ours", "raw", "pickle")
    return medians


def ratio_text(raw, ours):
    """raw / ours: the median over rounds, and the range of the rounds."""
    ratios = [r / o for r, o in zip(raw, ours)]
    return f"**{statistics.median(ratios):.2f}** ({min(ratios):.2f}–{max(ratios):.2f})"


def human_time(seconds):
    return f"{seconds * 1e6:.0f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.1f} ms"


def human_size(size):
    return f"{size} B" if size < 1024 else f"{size >> 10} KiB" if size < 1 << 20 else f"{size >> 20} MiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="rounds for every size (default: 9, 7 at 128 MiB)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), choices=SIZES)
    args = parser.parse_args()

    parsers = [("hiredis", HiredisParser)] if HiredisParser else []
    parsers.append(("python parser", PythonParser))
    if not HiredisParser:
        print("hiredis is not installed (Debian: python3-hiredis): measuring the pure-Python parser only")
    server = harness.RedisServer(name="bench-python").start()
    print(f"numpy {np.__version__}, redis-py {redis.__version__}, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    print("\n| parser | size | save / raw SET | load / raw GET | load copy=False / raw GET | "
          "save: ours, raw, pickle | load: ours, copy=False, raw, pickle |")
    print("|---|---|---|---|---|---|---|")
    try:
        for size in args.sizes:
            for parser_name, parser_class in parsers:
                pool = redis.ConnectionPool(host="127.0.0.1", port=server.port, parser_class=parser_class)
                r = redis.Redis(connection_pool=pool)
                t = measure(r, size, args.rounds or ROUNDS[size])
                pool.disconnect()
                m = {name: statistics.median(values) for name, values in t.items()}
                print(f"| {parser_name} | {human_size(size)} "
                      f"| {ratio_text(t['raw SET'], t['numpy_redis.save'])} "
                      f"| {ratio_text(t['raw GET'], t['numpy_redis.load'])} "
                      f"| {ratio_text(t['raw GET'], t['load copy=False'])} "
                      f"| {', '.join(human_time(m[n]) for n in ('numpy_redis.save', 'raw SET', 'pickle SET'))} "
                      f"| {', '.join(human_time(m[n]) for n in ('numpy_redis.load', 'load copy=False', 'raw GET', 'pickle GET'))} |",
                      flush=True)
    finally:
        server.cleanup()
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
