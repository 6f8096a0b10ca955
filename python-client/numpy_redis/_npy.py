"""The .npy bytes of an array and the array of .npy bytes, at the cost of the data alone.

np.save into a BytesIO copies the data twice, and np.load parses the header
with ast.literal_eval and copies the data again.  Here the header is built by
numpy's own format helpers (so the bytes are exactly np.save's) and cached by
what it depends on; the data is sent as a view of the array's memory, and an
array is made straight from the reply's buffer.
"""

import functools
import io
import math
from typing import NamedTuple

import numpy as np

try:  # numpy 2 keeps the header helpers here; numpy 1.x in numpy.lib.format
    from numpy.lib import _format_impl as _format
except ImportError:
    from numpy.lib import format as _format

# The module refuses headers over 16 MiB; numpy's own default cap (10000
# bytes) would refuse arrays with thousands of fields that the module stores.
MAX_HEADER_SIZE = 1 << 24

# Headers are cached by their bytes; longer ones (thousands of fields) are
# rare and parsed each time, so the cache stays a few MiB at most.
_CACHED_HEADER_LIMIT = 16 << 10
_MAGIC = b"\x93NUMPY"
# Smaller arrays are copied into bytes: cheaper than making a view of them.
_VIEW_FROM = 64 << 10
# Magic, version and header length (4 bytes from version 2.0 on): what says where the data starts.
PREFIX_SIZE = 12


class Layout(NamedTuple):
    """What a .npy header says: how to read the data that follows it."""

    dtype: np.dtype
    shape: tuple
    fortran_order: bool
    data_offset: int
    count: int
    # Whether the data is plain bytes to use as they are: no pickles, not empty.
    plain: bool


def to_npy_bytes(array):
    """The bytes np.save writes for `array`; pickling only when its dtype holds objects."""
    return joined(*npy_parts(array))


def joined(header, data):
    """Header and data as one bytes object (a command argument is sent whole)."""
    return header + data if isinstance(data, bytes) else b"".join((header, data))


def npy_parts(array):
    """(header bytes, data) whose concatenation is what np.save writes.

    `data` is a read-only view of the array's memory when it is contiguous
    and big (no copy), else bytes.  Arrays that np.save treats specially
    (object dtypes, which it pickles, and ndarray subclasses) go through np.save.
    """
    array = np.asanyarray(array)
    if type(array) is not np.ndarray or array.dtype.hasobject:
        return _saved_by_numpy(array), b""
    flags = array.flags
    fortran = flags.f_contiguous and not flags.c_contiguous
    header = _header_of(array, fortran)
    if array.nbytes < _VIEW_FROM:
        # np.save's order: C unless the memory is Fortran-ordered.
        return header, array.tobytes(order="F" if fortran else "C")
    return header, _data_view(array, flags.c_contiguous, fortran)


def from_npy_bytes(payload, *, allow_pickle=False, copy=True):
    """The array in .npy bytes, as np.load gives it (writable, its own memory).

    copy=False returns a read-only array over `payload` itself (no copy; it
    keeps `payload` alive).  Object arrays are pickles: they need
    allow_pickle=True (numpy's rule) and are always unpickled by np.load.
    """
    layout = read_layout(payload)
    if layout.dtype.hasobject:
        return np.load(io.BytesIO(payload), allow_pickle=allow_pickle, max_header_size=MAX_HEADER_SIZE)
    if not layout.plain:
        return _empty(layout, writable=copy)
    flat = np.frombuffer(payload, dtype=layout.dtype, count=layout.count, offset=layout.data_offset)
    # As np.load does: Fortran data is the transpose of its reversed shape.
    array = flat.reshape(layout.shape[::-1]).T if layout.fortran_order else flat.reshape(layout.shape)
    return array.copy(order="K") if copy else array


def read_layout(payload):
    """The Layout of .npy bytes (bytes or any buffer), parsing each distinct header once."""
    end = header_end(payload)
    header = payload[:end] if isinstance(payload, bytes) else bytes(memoryview(payload)[:end])
    if len(header) <= _CACHED_HEADER_LIMIT:
        return _parse_header_cached(header)
    return _parse_header(header)


def _saved_by_numpy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=array.dtype.hasobject)
    return buffer.getvalue()


def header_end(prefix):
    """Where the data starts, from the first PREFIX_SIZE bytes of .npy data (its data_offset)."""
    view = prefix if isinstance(prefix, bytes) else memoryview(prefix)
    if len(view) < PREFIX_SIZE or view[:6] != _MAGIC:
        raise ValueError("not .npy data: it does not start with \\x93NUMPY and a header length")
    length_size = 2 if view[6] == 1 else 4
    return 8 + length_size + int.from_bytes(view[8:8 + length_size], "little")


def _header_of(array, fortran):
    dtype = array.dtype
    if dtype.names is None and dtype.metadata is None:
        # A plain dtype's descr is its .str, the same for every equal dtype,
        # so these three fix the header (and hash faster than dtype.str).
        return _plain_header(dtype, array.shape, fortran)
    return _write_header(_format.header_data_from_array_1_0(array))


@functools.lru_cache(maxsize=1024)
def _plain_header(dtype, shape, fortran_order):
    return _write_header({"descr": dtype.str, "fortran_order": fortran_order, "shape": shape})


def _write_header(header_data):
    out = io.BytesIO()
    _format._write_array_header(out, header_data, None)  # None: the oldest version that fits, as np.save
    return out.getvalue()


def _data_view(array, c_contiguous, fortran):
    """The bytes np.save writes after the header, as a view when the memory allows."""
    if c_contiguous:
        ordered = array
    elif fortran:
        ordered = array.T  # np.save writes Fortran-ordered memory as it lies
    else:
        ordered = np.ascontiguousarray(array)  # np.save writes these in C order: one copy
    return memoryview(ordered.reshape(-1).view(np.uint8))


@functools.lru_cache(maxsize=256)
def _parse_header_cached(header):
    return _parse_header(header)


def _parse_header(header):
    stream = io.BytesIO(header)
    version = _format.read_magic(stream)
    shape, fortran_order, dtype = _format._read_array_header(stream, version, max_header_size=MAX_HEADER_SIZE)
    count = math.prod(shape)
    plain = not dtype.hasobject and dtype.itemsize > 0 and count > 0
    return Layout(dtype, shape, fortran_order, len(header), count, plain)


def _empty(layout, *, writable):
    array = np.empty(layout.shape, dtype=layout.dtype, order="F" if layout.fortran_order else "C")
    array.flags.writeable = writable
    return array
