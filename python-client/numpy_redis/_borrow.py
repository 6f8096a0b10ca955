"""A connection borrowed from redis-py for a command framed or read by hand.

save and load move the array's bytes themselves (see _send and _receive); the
connection, its pool, retries and the cluster's routing stay redis-py's.
"""

import functools

from redis import Redis
from redis.client import Pipeline
from redis.cluster import ClusterPipeline, RedisCluster
from redis.exceptions import AskError, ClusterDownError, ConnectionError, MovedError, TimeoutError, TryAgainError

# A cluster node answering one of these needs redis-py's full routing: the
# command is sent again through RedisCluster.execute_command.
_REROUTE = (MovedError, AskError, TryAgainError, ClusterDownError, ConnectionError, TimeoutError)


def by_hand_or_by_redis_py(r, key, by_hand, by_redis_py):
    """by_hand(client) on the plain client that holds `key`, else by_redis_py().

    by_hand runs on a redis.Redis, or on the node a RedisCluster maps the key
    to (when that node redirects or fails, by_redis_py follows the cluster's
    redirections instead).  Pipelines and other clients get by_redis_py.
    """
    kind = _kind(type(r))
    if kind is _PLAIN:
        return by_hand(r)
    if kind is _CLUSTER:
        try:
            return by_hand(r.get_redis_connection(r.get_node_from_key(key)))
        except _REROUTE:
            pass  # outside the handler, so a later failure does not read as caused by this one
    return by_redis_py()


_PLAIN, _CLUSTER, _OTHER = "plain", "cluster", "other"


@functools.lru_cache(maxsize=None)
def _kind(client_type):
    # Cached by class: isinstance against redis-py's classes costs microseconds, a 64-byte load about 40.
    if issubclass(client_type, (Pipeline, ClusterPipeline)):
        return _OTHER
    if issubclass(client_type, RedisCluster):
        return _CLUSTER
    return _PLAIN if issubclass(client_type, Redis) else _OTHER


def on_connection(client, command_name, exchange):
    """exchange(connection) on one of `client`'s connections, with redis-py's retry and disconnect rules."""
    pool = client.connection_pool
    conn = client.connection or pool.get_connection(command_name)
    try:
        return conn.retry.call_with_retry(lambda: exchange(conn), lambda error: _disconnect_raise(conn, error))
    finally:
        if not client.connection:
            pool.release(conn)


def _disconnect_raise(conn, error):
    # As redis-py's own commands: drop the connection, retry only timeouts it was told to.
    conn.disconnect()
    if not (conn.retry_on_timeout and isinstance(error, TimeoutError)):
        raise error
