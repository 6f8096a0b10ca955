"""NP.SET with the .npy payload sent as two buffers, the header and the array's own memory.

redis-py sends each argument as one bulk string, so handing it the payload
would need header + data joined into new bytes: a copy of the whole array.
Here the command is framed by hand (RESP) and written as a list of buffers
on a connection redis-py lends, with its retry and disconnect rules.
"""

from redis import Redis
from redis.client import Pipeline
from redis.cluster import ClusterPipeline, RedisCluster
from redis.exceptions import AskError, ClusterDownError, ConnectionError, MovedError, TimeoutError, TryAgainError

# Payloads below this go out as one joined write: copying a few KiB costs
# less than a second send call.
_JOIN_BELOW = 64 << 10

# A cluster node answering one of these needs redis-py's full routing: the
# command is sent again through RedisCluster.execute_command.
_REROUTE = (MovedError, AskError, TryAgainError, ClusterDownError, ConnectionError, TimeoutError)


def np_set(r, key, header, data, options):
    """NP.SET key <header + data> options…; returns the server's reply."""
    if isinstance(r, (Pipeline, ClusterPipeline)):
        return _joined(r, key, header, data, options)
    if isinstance(r, RedisCluster):
        client = r.get_redis_connection(r.get_node_from_key(key))
        try:
            return _send(client, key, header, data, options)
        except _REROUTE:
            pass  # outside the handler, so a later failure does not read as caused by this one
        return _joined(r, key, header, data, options)
    if isinstance(r, Redis):
        return _send(r, key, header, data, options)
    return _joined(r, key, header, data, options)


def _joined(r, key, header, data, options):
    return r.execute_command("NP.SET", key, b"".join((header, data)), *options)


def _send(client, key, header, data, options):
    parts = _frame(client.connection_pool.get_encoder().encode(key), header, data, options)
    pool = client.connection_pool
    conn = client.connection or pool.get_connection("NP.SET")
    try:
        return conn.retry.call_with_retry(
            lambda: _round_trip(conn, parts),
            lambda error: _disconnect_raise(conn, error),
        )
    finally:
        if not client.connection:
            pool.release(conn)


def _frame(key, header, data, options):
    size = len(header) + len(data)
    head = b"*%d\r\n$6\r\nNP.SET\r\n$%d\r\n%b\r\n$%d\r\n" % (3 + len(options), len(key), key, size)
    tail = b"\r\n" + b"".join(_bulk(option) for option in options)
    if size < _JOIN_BELOW:
        return [b"".join((head, header, data, tail))]
    return [head + header, data, tail]


def _bulk(value):
    value = value if isinstance(value, bytes) else b"%d" % value
    return b"$%d\r\n%b\r\n" % (len(value), value)


def _round_trip(conn, parts):
    conn.send_packed_command(parts)
    return conn.read_response()


def _disconnect_raise(conn, error):
    # As redis-py's own commands: drop the connection, retry only timeouts it was told to.
    conn.disconnect()
    if not (conn.retry_on_timeout and isinstance(error, TimeoutError)):
        raise error
