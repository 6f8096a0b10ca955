"""Malformed .npy payloads, each with the keyword NP.SET's error must contain.

Every payload is derived from numpy's own output or framed around a header
text with npy_fixtures.frame; nothing here is a hand-written expected byte
string.  `numpy_refuses` marks the cases where np.load is cheap and certain to
refuse too (the ground truth); the others are policy (header size cap) or
would make numpy allocate gigabytes.
"""

from dataclasses import dataclass

import numpy as np

from npy_fixtures import frame, npy_bytes

SIDE_EFFECT_MARKER = "/tmp/numpy-redis-header-was-evaluated"


@dataclass(frozen=True)
class Malformed:
    name: str
    payload: bytes
    keyword: str
    numpy_refuses: bool = True


def _header(descr="'<f8'", fortran_order="False", shape="(3,)"):
    return f"{{'descr': {descr}, 'fortran_order': {fortran_order}, 'shape': {shape}, }}"


def _valid():
    return npy_bytes(np.arange(3, dtype="<f8"))


def _with_data(header, count=3, itemsize=8, **frame_options):
    return frame(header, data=b"\x00" * (count * itemsize), **frame_options)


def bad_magic():
    valid = _valid()
    cases = [(b"\x92NUMPY", "0x92"), (b"\x00NUMPY", "NUL"), (b"\x93numpy", "lowercase"), (b"\x93MATLB", "MATLAB")]
    found = [Malformed(f"magic {label}", prefix + valid[6:], "magic") for prefix, label in cases]
    found.append(Malformed("PNG file", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "magic"))
    return found


def short_preamble():
    valid = _valid()
    found = [Malformed(f"{n}-byte prefix of a v1 preamble", valid[:n], "preamble") for n in (0, 1, 6, 8, 9)]
    v2 = npy_bytes(np.arange(3, dtype="<f8"), version=(2, 0))
    found.append(Malformed("v2 preamble without its 4-byte length", v2[:10], "preamble"))
    found.append(Malformed("v3 preamble cut inside its length", v2[:8].replace(b"\x02\x00", b"\x03\x00") + b"\x10", "preamble"))
    return found


def unsupported_versions():
    valid = _valid()
    return [
        Malformed(f"version {major}.{minor}", valid[:6] + bytes([major, minor]) + valid[8:], "unsupported version")
        for major, minor in ((1, 1), (0, 0), (0, 1), (2, 2), (4, 0), (255, 255))
    ]


def header_length_past_end():
    valid = _valid()
    v2 = npy_bytes(np.arange(3, dtype="<f8"), version=(2, 0))
    empty = npy_bytes(np.zeros(0, dtype="<f8"))
    return [
        Malformed("v1 length 65535 in a short payload", valid[:8] + b"\xff\xff" + valid[10:], "header length"),
        Malformed("v2 length 1 MiB in a short payload", v2[:8] + (1 << 20).to_bytes(4, "little") + v2[12:], "header length"),
        Malformed(
            "length one past the end (empty array, no data)",
            empty[:8] + (int.from_bytes(empty[8:10], "little") + 1).to_bytes(2, "little") + empty[10:],
            "header length",
        ),
        Malformed("header cut in half", valid[: len(valid) // 3], "header length"),
    ]


def not_a_literal_dict():
    touch = f"__import__('os').system('touch {SIDE_EFFECT_MARKER}')"
    return [
        Malformed("Python call as the whole header", _with_data(touch), "literal"),
        Malformed("Python call as the descr value", _with_data(_header(descr=touch)), "literal"),
        Malformed("name instead of a literal", _with_data(_header(fortran_order="false")), "literal"),
        Malformed("list instead of a dict", _with_data("['descr', 'fortran_order', 'shape']"), "literal"),
        Malformed("integer instead of a dict", _with_data("1"), "literal"),
        Malformed("set instead of a dict", _with_data("{'descr', 'fortran_order', 'shape'}"), "literal"),
        Malformed("unclosed dict", _with_data("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), "), "literal"),
        Malformed("unterminated string", _with_data("{'descr: '<f8', 'fortran_order': False, 'shape': (3,)}"), "literal"),
        Malformed("junk after the dict", _with_data(_header() + " junk"), "literal"),
        Malformed("two dicts added", _with_data(_header() + " + {}"), "literal"),
        Malformed("empty header", _with_data(""), "literal"),
    ]


def wrong_keys():
    full = {"descr": "'<f8'", "fortran_order": "False", "shape": "(3,)"}
    found = []
    for missing in full:
        text = "{" + ", ".join(f"'{k}': {v}" for k, v in full.items() if k != missing) + "}"
        found.append(Malformed(f"missing {missing}", _with_data(text), f"missing key '{missing}'"))
    extra = _header()[:-1] + "'extra': 1}"
    found.append(Malformed("extra key", _with_data(extra), "unexpected key 'extra'"))
    return found


def bad_shapes():
    cases = {
        "negative dim": "(-1,)",
        "negative second dim": "(3, -2)",
        "float dim": "(3.0,)",
        "string dim": "(3, 'a')",
        "list instead of tuple": "[3]",
        "int instead of tuple": "3",
        "parenthesised int (3) is not a tuple": "(3)",
        "string shape": "'3'",
        "None shape": "None",
    }
    return [Malformed(f"shape {label}", _with_data(_header(shape=shape)), "shape") for label, shape in cases.items()]


def bad_descrs():
    cases = {
        "unknown type letter": "'<x9'",
        "3-byte int": "'<i3'",
        "3-byte float": "'<f3'",
        "word": "'foo'",
        "empty string": "''",
        "number": "42",
        "bad datetime unit": "'<M8[xyz]'",
        "datetime without its size": "'<M[h]'",
        "timedelta without its size": "'<m[s]'",
        "field tuple without type": "[('a',)]",
        "field with a string shape": "[('a', '<f8', 'bad')]",
        "field with a negative subarray dim": "[('a', '<f8', (-2,))]",
        "field name not a string": "[(1, '<f8')]",
        "nested field with a bad type": "[('a', [('b', '<q7')])]",
    }
    return [Malformed(f"descr {label}", _with_data(_header(descr=descr)), "descr") for label, descr in cases.items()]


def bad_fortran_order():
    return [
        Malformed(f"fortran_order {value}", _with_data(_header(fortran_order=value)), "fortran_order")
        for value in ("1", "0", "'False'", "None")
    ]


def overflowing_counts():
    return [
        Malformed("element count 2**80", _with_data(_header(shape="(1099511627776, 1099511627776)"), 0), "overflow", False),
        Malformed("2**62 float64 elements = 2**65 bytes", _with_data(_header(shape="(4611686018427387904,)"), 0), "overflow", False),
        Malformed("many dims multiplying past 2**64", _with_data(_header(shape="(" + "65536, " * 5 + ")"), 0), "overflow", False),
    ]


def short_data():
    """(Malformed, declared, present): the exact byte counts the message must name."""
    cases = []

    def add(name, payload, declared, present, numpy_refuses=True):
        message = f"header declares {declared} data bytes but {present} follow"
        cases.append((Malformed(name, payload, message, numpy_refuses), declared, present))

    valid = _valid()
    add("float64 data one byte short", valid[:-1], 24, 23)
    add("all data missing", valid[: len(valid) - 24], 24, 0)
    add("0-d array without its element", frame(_header(shape="()")), 8, 0)
    sub = npy_bytes(np.zeros(2, dtype=[("a", "<f8", (2, 3)), ("b", "u1")]))
    add("structured with subarray, one byte short", sub[:-1], 2 * 49, 2 * 49 - 1)
    aligned = npy_bytes(np.zeros(2, dtype=np.dtype([("a", "u1"), ("b", "<i8"), ("c", "u1")], align=True)))
    add("aligned structured (padding counts)", aligned[:-1], 48, 47)
    unicode = npy_bytes(np.array(["abcde"] * 4, dtype="<U5"))
    add("unicode <U5 x4", unicode[:-4], 80, 76)
    add("huge shape, tiny payload", _with_data(_header(shape="(1000000000,)"), 1), 8_000_000_000, 8, False)
    return cases


def oversized_header():
    size = (16 << 20) + 4096
    header = _header() + " " * size
    return [Malformed("header over 16 MiB", _with_data(header, version=(2, 0)), "header is", False)]


def every_malformed():
    return (
        bad_magic()
        + short_preamble()
        + unsupported_versions()
        + header_length_past_end()
        + not_a_literal_dict()
        + wrong_keys()
        + bad_shapes()
        + bad_descrs()
        + bad_fortran_order()
        + overflowing_counts()
        + [case for case, _, _ in short_data()]
        + oversized_header()
    )
