"""Store NumPy arrays in Redis, byte for byte, with the numpy-redis module.

    numpy_redis.save(r, "weights", array, ex=3600)   # NP.SET weights <.npy bytes> EX 3600
    array = numpy_redis.load(r, "weights")           # NP.GET, then the array
    arrays = numpy_redis.load_many(r, keys)          # pipelined, None for missing keys
    numpy_redis.save_npz(r, "mnist.npz", prefix="mnist:")   # every member, bytes as they are

`r` is a redis-py client (redis.Redis or redis.cluster.RedisCluster) created
with decode_responses=False, since .npy payloads are binary.  The stored value
is exactly what np.save writes, so every dtype numpy supports round-trips
without loss.  numpy_redis.asyncio has the same functions for redis.asyncio.
"""

from ._arrays import info, load, save
from ._batches import ARRAY_TYPE, info_many, load_many, save_many, scan
from ._npy import MAX_HEADER_SIZE, from_npy_bytes, to_npy_bytes
from ._npz import load_npz, save_npz

__version__ = "0.2.0"

__all__ = [
    "ARRAY_TYPE",
    "MAX_HEADER_SIZE",
    "from_npy_bytes",
    "info",
    "info_many",
    "load",
    "load_many",
    "load_npz",
    "save",
    "save_many",
    "save_npz",
    "scan",
    "to_npy_bytes",
]
