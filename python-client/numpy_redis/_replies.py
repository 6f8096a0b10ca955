"""Replies of the NP.* commands, turned into Python values."""

_COUNT_FIELDS = ("data_offset", "bytes", "itemsize", "size")


def stored(reply):
    """NP.SET's reply: True when stored, None when an NX/XX condition was not met."""
    return None if reply is None else True


def payload(reply):
    """NP.GET's reply as bytes (None when missing); refuses a decoding client."""
    if isinstance(reply, str):
        raise TypeError("numpy_redis needs a client created with decode_responses=False (.npy data is binary)")
    return reply


def info(reply):
    """NP.INFO's flat field/value list as a typed dict (None when missing)."""
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


def _text(value, encoding):
    return value if isinstance(value, str) else value.decode(encoding)
