"""save, load and info of one array on a redis-py client."""

from . import _replies
from ._npy import npy_parts
from ._options import set_options
from ._receive import np_get
from ._send import np_set


def save(r, key, array, *, nx=False, xx=False, ex=None, px=None, keepttl=False):
    """Store `array` under `key` with NP.SET; options as redis-py's set().

        save(r, "k", a)                  # always set
        save(r, "k", a, ex=60, nx=True)  # only if missing, expire in 60 s

    ex/px take an int or a datetime.timedelta.  Returns True when stored, None
    when the NX/XX condition was not met.  Raises redis.ResponseError when the
    server refuses (WRONGTYPE, or an invalid option).  The array's memory is
    sent as it lies (no copy) when it is contiguous.
    """
    options = set_options(nx=nx, xx=xx, ex=ex, px=px, keepttl=keepttl)
    header, data = npy_parts(array)
    return _replies.stored(np_set(r, key, header, data, options))


def load(r, key, *, copy=True, allow_pickle=False):
    """The array stored under `key` (None when missing).

        a = load(r, "k")                 # writable, as np.load gives
        v = load(r, "k", copy=False)     # read-only, never copied
        objects = load(r, "k", allow_pickle=True)  # object arrays are pickles

    On a redis.Redis or RedisCluster the reply is received straight into the
    new array's memory, so even the writable array costs no copy; through
    other clients copy=False is a view of redis-py's reply bytes.

    Object arrays are refused with numpy's ValueError unless allow_pickle=True:
    unpickling runs code, so only do it for data you trust.
    """
    return np_get(r, key, copy=copy, allow_pickle=allow_pickle)


def info(r, key):
    """NP.INFO as a dict (None when missing), read without fetching the data.

        info(r, "k")["shape"]  # (3, 4)

    Keys: version ("1.0"), header, descr (str, decoded as the header's version
    says: latin-1 for 1.0/2.0, UTF-8 for 3.0), shape (tuple), fortran_order
    (bool), data_offset, bytes, itemsize, size (ints), etag (str).
    """
    return _replies.info(r.execute_command("NP.INFO", key))
