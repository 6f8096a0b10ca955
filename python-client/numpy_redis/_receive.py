"""NP.GET read from the socket straight into the new array's memory.

redis-py's parsers (hiredis or pure Python) gather a bulk reply into bytes,
copying it once or more on the way, and a writable array made from those
bytes costs one copy more.  Here the reply's first line and the .npy header
are read by hand, the array is allocated as the header says, and the rest of
the reply is received into its memory: the data is never copied.
"""

import socket

import numpy as np
from redis.exceptions import ConnectionError, InvalidResponse, ResponseError, TimeoutError

from . import _replies
from ._borrow import by_hand_or_by_redis_py, on_connection
from ._npy import PREFIX_SIZE, _empty, from_npy_bytes, header_end, read_layout

_READ_SIZE = 8 << 10


def np_get(r, key, *, copy, allow_pickle):
    """The array under `key` (None when missing), as load() describes it."""
    return by_hand_or_by_redis_py(
        r, key,
        lambda client: _receive(client, key, copy, allow_pickle),
        lambda: array_of_reply(r.execute_command("NP.GET", key), copy=copy, allow_pickle=allow_pickle),
    )


def array_of_reply(reply, *, copy, allow_pickle):
    """The array in an NP.GET reply redis-py parsed (None when missing)."""
    payload = _replies.payload(reply)
    return None if payload is None else from_npy_bytes(payload, allow_pickle=allow_pickle, copy=copy)


def _receive(client, key, copy, allow_pickle):
    def exchange(conn):
        encoded = conn.encoder.encode(key)
        conn.send_packed_command([b"*2\r\n$6\r\nNP.GET\r\n$%d\r\n%b\r\n" % (len(encoded), encoded)])
        try:
            return _read_reply(conn, copy, allow_pickle)
        except ResponseError:
            raise  # the whole error reply was read: the connection is still in step
        except socket.timeout as error:
            conn.disconnect()
            raise TimeoutError("Timeout reading from socket") from error
        except OSError as error:
            conn.disconnect()
            raise ConnectionError(f"Error while reading from socket: {error}") from error
        except BaseException:
            conn.disconnect()  # stopped inside a reply: what follows on the socket is out of step
            raise

    return on_connection(client, "NP.GET", exchange)


def _read_reply(conn, copy, allow_pickle):
    first = conn._sock.recv(_READ_SIZE)
    if not first:
        raise ConnectionError("Connection closed by server.")
    whole = _whole_bulk(first)
    if whole is not None:
        # Small replies arrive whole in one read: read them as bytes, with as little Python as can be.
        return from_npy_bytes(whole, allow_pickle=allow_pickle, copy=copy)
    reader = _Reader(conn._sock, first)
    line = reader.line()
    if line[:1] == b"-":
        raise conn._parser.parse_error(line[1:].decode("utf-8", "replace"))
    if line == b"_":
        return None  # RESP3's null, on a connection that speaks it
    if line[:1] != b"$":
        raise InvalidResponse(f"NP.GET answered {line[:40]!r}, not a bulk string")
    size = int(line[1:])
    if size < 0:
        return None
    array = _read_npy(reader, size, copy, allow_pickle)
    reader.end()
    return array


def _whole_bulk(received):
    """The payload when `received` is exactly one whole bulk string, else None."""
    if received[:1] != b"$":
        return None
    start = received.find(b"\r\n") + 2
    if start < 2 or start + int(received[1:start - 2]) + 2 != len(received):
        return None
    return received[start:-2]


def _read_npy(reader, size, copy, allow_pickle):
    if size <= reader.available() or size < PREFIX_SIZE:
        return from_npy_bytes(reader.take(size), allow_pickle=allow_pickle, copy=copy)
    prefix = reader.take(PREFIX_SIZE)
    header = prefix + reader.take(max(0, min(header_end(prefix), size) - PREFIX_SIZE))
    layout = read_layout(header)
    array = _empty(layout, writable=True) if layout.plain else None
    if array is None or array.nbytes != size - len(header):
        # Pickles, empty arrays (and anything odd): whole bytes for np.load's rules and errors.
        return from_npy_bytes(header + reader.take(size - len(header)), allow_pickle=allow_pickle, copy=copy)
    memory = array.T if layout.fortran_order else array  # C-contiguous either way
    reader.into(memoryview(memory.reshape(-1).view(np.uint8)))
    array.flags.writeable = copy
    return array


class _Reader:
    """Bytes of one reply from a socket: small parts through a buffer, the data straight into place."""

    def __init__(self, sock, received):
        self.sock = sock
        self.buffer = received
        self.position = 0

    def available(self):
        return len(self.buffer) - self.position

    def line(self):
        """The next line, without its CRLF."""
        while (end := self.buffer.find(b"\r\n", self.position)) < 0:
            self._fill()
        line = self.buffer[self.position:end]
        self.position = end + 2
        return line

    def take(self, count):
        """The next `count` bytes."""
        while self.available() < count:
            self._fill()
        taken = self.buffer[self.position:self.position + count]
        self.position += count
        return taken

    def into(self, view):
        """Fill the writable buffer `view` with the next len(view) bytes."""
        filled = min(self.available(), len(view))
        view[:filled] = memoryview(self.buffer)[self.position:self.position + filled]
        self.position += filled
        while filled < len(view):
            received = self.sock.recv_into(view[filled:])
            if received == 0:
                raise ConnectionError("Connection closed by server.")
            filled += received

    def end(self):
        """The CRLF closing the bulk string, and nothing after it (one command, one reply)."""
        if self.take(2) != b"\r\n" or self.available():
            raise InvalidResponse("NP.GET's reply did not end where its length said")

    def _fill(self):
        received = self.sock.recv(_READ_SIZE)
        if not received:
            raise ConnectionError("Connection closed by server.")
        self.buffer = self.buffer[self.position:] + received if self.available() else received
        self.position = 0
