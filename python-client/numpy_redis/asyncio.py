"""numpy_redis over redis.asyncio: the same functions, awaited.

    import redis.asyncio, numpy_redis.asyncio as npr
    r = redis.asyncio.Redis()
    await npr.save(r, "k", array)
    array = await npr.load(r, "k")
    async for key in npr.scan(r, "frame:*"): ...

`r` is a redis.asyncio.Redis or redis.asyncio.cluster.RedisCluster with
decode_responses=False.  Arguments, results and errors are those of the
synchronous functions in numpy_redis.
"""

import functools

from . import _replies
from ._batches import ARRAY_TYPE, set_pipelines
from ._chunks import chunks
from ._npy import to_npy_bytes
from ._options import set_options
from ._receive import array_of_reply

__all__ = ["info", "info_many", "load", "load_many", "save", "save_many", "scan"]


async def save(r, key, array, *, nx=False, xx=False, ex=None, px=None, keepttl=False):
    """numpy_redis.save, awaited: True when stored, None when NX/XX was not met."""
    options = set_options(nx=nx, xx=xx, ex=ex, px=px, keepttl=keepttl)
    return _replies.stored(await r.execute_command("NP.SET", key, to_npy_bytes(array), *options))


async def load(r, key, *, copy=True, allow_pickle=False):
    """numpy_redis.load, awaited: the array, or None when the key is missing."""
    return array_of_reply(await r.execute_command("NP.GET", key), copy=copy, allow_pickle=allow_pickle)


async def info(r, key):
    """numpy_redis.info, awaited: NP.INFO as a dict, or None."""
    return _replies.info(await r.execute_command("NP.INFO", key))


async def save_many(r, arrays, *, nx=False, xx=False, ex=None, px=None, keepttl=False):
    """numpy_redis.save_many, awaited: one True/None per key, in order."""
    count, pipelines = set_pipelines(r, arrays, set_options(nx=nx, xx=xx, ex=ex, px=px, keepttl=keepttl))
    results = [None] * count
    for commands in pipelines:
        pipe = r.pipeline(transaction=False)
        for _, command in commands:
            pipe.execute_command(*command)
        for (i, _), reply in zip(commands, await pipe.execute()):
            results[i] = _replies.stored(reply)
    return results


async def load_many(r, keys, *, copy=True, allow_pickle=False):
    """numpy_redis.load_many, awaited: arrays in key order, None for missing keys."""
    array = functools.partial(array_of_reply, copy=copy, allow_pickle=allow_pickle)
    return await _pipelined(r, "NP.GET", list(keys), array)


async def info_many(r, keys):
    """numpy_redis.info_many, awaited."""
    return await _pipelined(r, "NP.INFO", list(keys), _replies.info)


def scan(r, match="*", count=1000):
    """An async iterator over the keys of arrays matching `match` (SCAN … TYPE numpyarry)."""
    return r.scan_iter(match=match, count=count, _type=ARRAY_TYPE)


async def _pipelined(r, command, keys, convert):
    results = [None] * len(keys)
    for chunk in chunks(r, keys):
        pipe = r.pipeline(transaction=False)
        for i in chunk:
            pipe.execute_command(command, keys[i])
        for i, reply in zip(chunk, await pipe.execute()):
            results[i] = convert(reply)
    return results
