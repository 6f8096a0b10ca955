"""NP.SET with the .npy payload sent as two buffers, the header and the array's own memory.

redis-py sends each argument as one bulk string, so handing it the payload
would need header + data joined into new bytes: a copy of the whole array.
Here the command is framed by hand (RESP) and written as a list of buffers.
"""

from ._borrow import by_hand_or_by_redis_py, on_connection
from ._npy import joined

# Payloads below this go out as one joined write: copying a few KiB costs
# less than a second send call.
_JOIN_BELOW = 64 << 10


def np_set(r, key, header, data, options):
    """NP.SET key <header + data> options…; returns the server's reply."""
    return by_hand_or_by_redis_py(
        r, key,
        lambda client: _send(client, key, header, data, options),
        lambda: r.execute_command("NP.SET", key, joined(header, data), *options),
    )


def _send(client, key, header, data, options):
    def exchange(conn):
        conn.send_packed_command(_frame(conn.encoder.encode(key), header, data, options))
        return conn.read_response()

    return on_connection(client, "NP.SET", exchange)


def _frame(key, header, data, options):
    size = len(header) + len(data)
    head = b"*%d\r\n$6\r\nNP.SET\r\n$%d\r\n%b\r\n$%d\r\n" % (3 + len(options), len(key), key, size)
    tail = b"\r\n" + b"".join([_bulk(option) for option in options]) if options else b"\r\n"
    if size < _JOIN_BELOW:
        return [b"".join((head, header, data, tail))]
    return [head + header, data, tail]


def _bulk(value):
    value = value if isinstance(value, bytes) else b"%d" % value
    return b"$%d\r\n%b\r\n" % (len(value), value)
