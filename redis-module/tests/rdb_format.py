"""Just enough of Redis's RDB serialization to build and cut module values.

Facts used (Redis rdb.h / module.c): a module value is the module type id
(a length-encoded 64-bit number: 9 name characters, 6 bits each from the
charset below, then 10 bits of encoding version) followed by opcode-tagged
items (UINT 2 + length-encoded number, STRING 5 + length-prefixed bytes) and
an EOF opcode 0.  A DUMP payload is <object type><value><RDB version, uint16
LE><CRC64 LE>; an RDB file is "REDIS" + 4-digit version, SELECTDB, key/value
pairs, EOF 0xFF and a CRC64 LE.  The CRC is crc-64-jones (reflected, init 0).
"""

import struct

TYPE_NAME = "numpyarry"
MODULE_ID_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
RDB_TYPE_MODULE_2 = 7
OPCODE_EOF = 0
OPCODE_UINT = 2
OPCODE_STRING = 5
RDB_OPCODE_EXPIRETIME_MS = 0xFC
RDB_OPCODE_SELECTDB = 0xFE
RDB_OPCODE_EOF = 0xFF

_CRC64_POLY_REFLECTED = 0x95AC9329AC4BC9B5


def _crc64_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ _CRC64_POLY_REFLECTED if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC64_TABLE = _crc64_table()


def crc64(data, crc=0):
    table = _CRC64_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc


def encode_length(value):
    if value < 1 << 6:
        return bytes([value])
    if value < 1 << 14:
        return bytes([0x40 | (value >> 8), value & 0xFF])
    if value < 1 << 32:
        return b"\x80" + struct.pack(">I", value)
    return b"\x81" + struct.pack(">Q", value)


def decode_length(data, offset):
    """(value, next offset) of a plain (not special-encoded) length."""
    first = data[offset]
    kind = first >> 6
    if kind == 0:
        return first & 0x3F, offset + 1
    if kind == 1:
        return ((first & 0x3F) << 8) | data[offset + 1], offset + 2
    if first == 0x80:
        return struct.unpack(">I", data[offset + 1:offset + 5])[0], offset + 5
    if first == 0x81:
        return struct.unpack(">Q", data[offset + 1:offset + 9])[0], offset + 9
    raise ValueError(f"special-encoded length byte 0x{first:02x} at {offset}")


def encode_string(data):
    return encode_length(len(data)) + data


def module_type_id(encver, name=TYPE_NAME):
    module_id = 0
    for char in name:
        module_id = (module_id << 6) | MODULE_ID_CHARSET.index(char)
    return (module_id << 10) | encver


def module_value(encver, items):
    """Serialized module value: items are ("uint", n) or ("string", bytes)."""
    out = bytearray(encode_length(module_type_id(encver)))
    for kind, value in items:
        if kind == "uint":
            out += encode_length(OPCODE_UINT) + encode_length(value)
        elif kind == "string":
            out += encode_length(OPCODE_STRING) + encode_string(value)
        else:
            raise ValueError(kind)
    out += encode_length(OPCODE_EOF)
    return bytes(out)


def encver0_items(payload):
    """The reference design's layout: SaveUnsigned(len) then SaveStringBuffer(bytes)."""
    return [("uint", len(payload)), ("string", payload)]


END_MARKER = int.from_bytes(b"NPYEND!!", "big")


def etag_items(payload, etag):
    """encver 1 and 2: the bytes, the etag, the end marker."""
    return [("string", payload), ("uint", etag), ("uint", END_MARKER)]


def dump_payload(body, rdb_version):
    """A DUMP/RESTORE payload around an object body (type byte + value)."""
    head = body + struct.pack("<H", rdb_version)
    return head + struct.pack("<Q", crc64(head))


def split_dump(payload):
    """(body, rdb_version) of a DUMP payload, checking its CRC."""
    head, crc = payload[:-8], struct.unpack("<Q", payload[-8:])[0]
    if crc64(head) != crc:
        raise ValueError("DUMP payload CRC mismatch")
    return head[:-2], struct.unpack("<H", head[-2:])[0]


def module_dump(encver, items, rdb_version):
    return dump_payload(bytes([RDB_TYPE_MODULE_2]) + module_value(encver, items), rdb_version)


def module_id_in_dump(payload):
    """(type name, encver) of the module value inside a DUMP payload."""
    body, _ = split_dump(payload)
    if body[0] != RDB_TYPE_MODULE_2:
        raise ValueError(f"object type {body[0]} is not a module value")
    module_id, _ = decode_length(body, 1)
    encver = module_id & 1023
    packed = module_id >> 10
    name = "".join(MODULE_ID_CHARSET[(packed >> (6 * (8 - i))) & 63] for i in range(9))
    return name, encver


def rdb_file(entries, rdb_version):
    """An RDB file with db 0 holding entries: (key bytes, module value bytes, expire ms or None)."""
    out = bytearray(b"REDIS%04d" % rdb_version)
    out += bytes([RDB_OPCODE_SELECTDB]) + encode_length(0)
    for key, value, expire_ms in entries:
        if expire_ms is not None:
            out += bytes([RDB_OPCODE_EXPIRETIME_MS]) + struct.pack("<Q", expire_ms)
        out += bytes([RDB_TYPE_MODULE_2]) + encode_string(key) + value
    out += bytes([RDB_OPCODE_EOF])
    return bytes(out) + struct.pack("<Q", crc64(out))
