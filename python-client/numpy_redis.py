"""Store NumPy arrays in Redis, byte for byte, with the numpy-redis module.

    numpy_redis.save(r, "weights", array, ex=3600)   # NP.SET weights <.npy bytes> EX 3600
    array = numpy_redis.load(r, "weights")           # NP.GET, then np.load

`r` is a redis-py client (redis.Redis or redis.cluster.RedisCluster) created
with decode_responses=False, since .npy payloads are binary.  The stored value
is exactly what np.save writes, so every dtype numpy supports round-trips
without loss.
"""

import datetime
import io

import numpy as np

# The module refuses headers over 16 MiB; numpy's own default cap (10000
# bytes) would refuse arrays with thousands of fields that the module stores.
MAX_HEADER_SIZE = 1 << 24

_COUNT_FIELDS = ("data_offset", "bytes", "itemsize", "size")


def to_npy_bytes(array):
    """The bytes np.save writes for `array`; pickling only when its dtype holds objects."""
    array = np.asanyarray(array)
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=array.dtype.hasobject)
    return buffer.getvalue()


def from_npy_bytes(payload, *, allow_pickle=False):
    """np.load of .npy bytes; object arrays need allow_pickle=True (numpy's rule)."""
    return np.load(io.BytesIO(payload), allow_pickle=allow_pickle, max_header_size=MAX_HEADER_SIZE)


def save(r, key, array, *, nx=False, xx=False, ex=None, px=None, keepttl=False):
    """Store `array` under `key` with NP.SET; options as redis-py's set().

        save(r, "k", a)                  # always set
        save(r, "k", a, ex=60, nx=True)  # only if missing, expire in 60 s

    ex/px take an int or a datetime.timedelta.  Returns True when stored, None
    when the NX/XX condition was not met.  Raises redis.ResponseError when the
    server refuses (WRONGTYPE, or an invalid option).
    """
    args = ["NP.SET", key, to_npy_bytes(array)]
    args += _set_options(nx=nx, xx=xx, ex=ex, px=px, keepttl=keepttl)
    reply = r.execute_command(*args)
    return None if reply is None else True


def load(r, key, *, allow_pickle=False):
    """The array stored under `key` (None when missing).

        a = load(r, "k")
        objects = load(r, "k", allow_pickle=True)  # object arrays are pickles

    Object arrays are refused with numpy's ValueError unless allow_pickle=True:
    unpickling runs code, so only do it for data you trust.
    """
    payload = r.execute_command("NP.GET", key)
    if payload is None:
        return None
    return from_npy_bytes(_require_bytes(payload), allow_pickle=allow_pickle)


def info(r, key):
    """NP.INFO as a dict (None when missing), read without fetching the data.

        info(r, "k")["shape"]  # (3, 4)

    Keys: version ("1.0"), header, descr (str, decoded as the header's version
    says: latin-1 for 1.0/2.0, UTF-8 for 3.0), shape (tuple), fortran_order
    (bool), data_offset, bytes, itemsize, size (ints), etag (str).
    """
    reply = r.execute_command("NP.INFO", key)
    if reply is None:
        return None
    fields = {_text(reply[i], "ascii"): reply[i + 1] for i in range(0, len(reply), 2)}
    version = _text(fields["version"], "ascii")
    encoding = "utf-8" if version == "3.0" else "latin-1"
    result = {"version": version}
    for name in ("header", "descr"):
        result[name] = _text(fields[name], encoding)
    result["shape"] = tuple(int(n) for n in fields["shape"])
    result["fortran_order"] = bool(int(fields["fortran_order"]))
    for name in _COUNT_FIELDS:
        result[name] = int(fields[name])
    result["etag"] = _text(fields["etag"], "ascii")
    return result


def _set_options(*, nx, xx, ex, px, keepttl):
    if nx and xx:
        raise ValueError("nx and xx are mutually exclusive")
    expiry = [name for name, value in (("ex", ex), ("px", px), ("keepttl", keepttl or None)) if value is not None]
    if len(expiry) > 1:
        raise ValueError(f"{' and '.join(expiry)} are mutually exclusive")
    options = []
    if nx:
        options.append("NX")
    if xx:
        options.append("XX")
    if ex is not None:
        options += ["EX", _whole(ex, 1)]
    if px is not None:
        options += ["PX", _whole(px, 1000)]
    if keepttl:
        options.append("KEEPTTL")
    return options


def _whole(duration, per_second):
    if isinstance(duration, datetime.timedelta):
        return int(duration.total_seconds() * per_second)
    return int(duration)


def _require_bytes(payload):
    if isinstance(payload, str):
        raise TypeError("numpy_redis needs a client created with decode_responses=False (.npy data is binary)")
    return payload


def _text(value, encoding):
    return value if isinstance(value, str) else value.decode(encoding)
