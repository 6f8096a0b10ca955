"""Many arrays in few round trips: save_many, load_many, info_many, scan."""

import functools
from collections.abc import Mapping

import numpy as np

from . import _replies
from ._chunks import chunks
from ._npy import to_npy_bytes
from ._options import set_options
from ._receive import array_of_reply

# SCAN's TYPE filter for the module's data type (its 9-character type name).
ARRAY_TYPE = "numpyarry"


def save_many(r, arrays, *, nx=False, xx=False, ex=None, px=None, keepttl=False):
    """Store every array with NP.SET, pipelined; `arrays` is a {key: array} mapping or (key, array) pairs.

        save_many(r, {"a": a, "b": b}, ex=3600)   # -> [True, True]

    Options as save(), applied to each key.  Returns one result per key in
    order: True when stored, None when its NX/XX condition was not met.
    Raises redis.ResponseError for the first command the server refused; the
    others in its pipeline are still applied, later pipelines are not sent.
    """
    count, pipelines = set_pipelines(r, arrays, set_options(nx=nx, xx=xx, ex=ex, px=px, keepttl=keepttl))
    results = [None] * count
    pipe = r.pipeline(transaction=False)
    for commands in pipelines:
        for _, command in commands:
            pipe.execute_command(*command)
        for (i, _), reply in zip(commands, pipe.execute()):
            results[i] = _replies.stored(reply)
    return results


def set_pipelines(r, arrays, options):
    """save_many's work, shared with its asyncio twin: how many arrays, and per pipeline its (index, NP.SET command) pairs.

    The pipelines come one at a time, so only one pipeline's payloads are built at once.
    """
    pairs = list(arrays.items() if isinstance(arrays, Mapping) else arrays)
    keys = [key for key, _ in pairs]
    sizes = [np.asanyarray(array).nbytes for _, array in pairs]
    pipelines = (
        [(i, ("NP.SET", keys[i], to_npy_bytes(pairs[i][1]), *options)) for i in chunk]
        for chunk in chunks(r, keys, sizes)
    )
    return len(pairs), pipelines


def load_many(r, keys, *, copy=True, allow_pickle=False):
    """The arrays under `keys`, pipelined: a list in key order, None for a missing key.

        a, b, missing = load_many(r, ["a", "b", "nope"])

    copy and allow_pickle as load().  Raises redis.ResponseError when a key
    holds something other than an array (WRONGTYPE).
    """
    array = functools.partial(array_of_reply, copy=copy, allow_pickle=allow_pickle)
    # Each pipeline's replies become arrays before the next is sent, so at
    # most one chunk of raw replies is held beside the arrays.
    return _pipelined(r, "NP.GET", list(keys), array)


def info_many(r, keys):
    """info() of every key, pipelined: a list in key order, None for a missing key."""
    return _pipelined(r, "NP.INFO", list(keys), _replies.info)


def scan(r, match="*", count=1000):
    """Iterate over the keys of arrays matching the glob `match` (SCAN … TYPE numpyarry).

    On a RedisCluster every primary is scanned.  As SCAN itself, a key
    written or deleted meanwhile may or may not be seen.
    """
    return r.scan_iter(match=match, count=count, _type=ARRAY_TYPE)


def _pipelined(r, command, keys, convert):
    results = [None] * len(keys)
    pipe = r.pipeline(transaction=False)
    for chunk in chunks(r, keys):
        for i in chunk:
            pipe.execute_command(command, keys[i])
        for i, reply in zip(chunk, pipe.execute()):
            results[i] = convert(reply)
    return results
