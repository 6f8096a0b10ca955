"""How a batch is cut into pipelines: bounded in commands and bytes, in hash-slot order on a cluster."""

from redis.asyncio.cluster import RedisCluster as AsyncRedisCluster
from redis.cluster import RedisCluster

# One pipeline holds at most this many commands, and at most this many bytes
# of arrays (a single bigger array still goes, alone), so a batch of any
# length keeps a bounded amount in flight.
MAX_COMMANDS = 1000
MAX_BYTES = 64 << 20


def chunks(r, keys, sizes=None):
    """Lists of positions into `keys`, one list per pipeline.

    On a cluster the positions are in hash-slot order, so keys of one slot
    travel together and each pipeline reaches as few nodes as it can.
    """
    positions = range(len(keys))
    if isinstance(r, (RedisCluster, AsyncRedisCluster)):
        positions = sorted(positions, key=lambda i: r.keyslot(keys[i]))
    chunk, weight = [], 0
    for i in positions:
        size = sizes[i] if sizes is not None else 0
        if chunk and (len(chunk) == MAX_COMMANDS or weight + size > MAX_BYTES):
            yield chunk
            chunk, weight = [], 0
        chunk.append(i)
        weight += size
    if chunk:
        yield chunk
