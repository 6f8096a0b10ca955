"""The NP.* commands: options, replies, WRONGTYPE, arity, command metadata."""

import ast
import time

import numpy as np
import redis

from harness import ServerTestCase
from npy_fixtures import every_kind, frame, header_text, npy_bytes, read_header

COMMANDS = ("np.set", "np.get", "np.info", "np.getrange", "np.len", "np.etag")
WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"


def small(n=3, dtype="<i4"):
    return npy_bytes(np.arange(n, dtype=dtype))


class SetOptionsTest(ServerTestCase):
    def np_set(self, key, payload, *options):
        return self.r.execute_command("NP.SET", key, payload, *options)

    def test_nx_sets_only_a_missing_key(self):
        self.assertEqual(self.np_set("k", small(1), "NX"), b"OK")
        self.assertIsNone(self.np_set("k", small(2), "NX"))
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small(1))

    def test_xx_sets_only_an_existing_key(self):
        self.assertIsNone(self.np_set("k", small(1), "XX"))
        self.assertEqual(self.r.exists("k"), 0)
        self.np_set("k", small(1))
        self.assertEqual(self.np_set("k", small(2), "XX"), b"OK")
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small(2))

    def test_added_replies_whether_the_key_was_created(self):
        self.assertEqual(self.np_set("k", small(1), "ADDED"), 1)
        self.assertEqual(self.np_set("k", small(2), "added", "EX", 100), 0)
        self.assertGreater(self.r.ttl("k"), 90)
        self.assertEqual(self.np_set("k", small(3), "KEEPTTL", "ADDED"), 0)
        self.assertGreater(self.r.ttl("k"), 90)
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small(3))

    def test_added_with_nx_or_xx_still_replies_nil_when_unmet(self):
        self.assertIsNone(self.np_set("k", small(1), "XX", "ADDED"))
        self.assertEqual(self.np_set("k", small(1), "NX", "ADDED"), 1)
        self.assertIsNone(self.np_set("k", small(2), "ADDED", "NX"))
        self.assertEqual(self.np_set("k", small(2), "XX", "ADDED"), 0)
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small(2))

    def test_added_refuses_invalid_input_like_plain_set(self):
        self.np_set("k", small(1), "EX", 100)
        with self.assertRaisesRegex(redis.ResponseError, "invalid .npy"):
            self.np_set("k", b"not an array", "ADDED")
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small(1))
        self.assertGreater(self.r.ttl("k"), 90)

    def test_ex_sets_a_ttl_in_seconds(self):
        self.np_set("k", small(), "EX", 100)
        self.assertTrue(95 <= self.r.ttl("k") <= 100)

    def test_px_sets_a_ttl_in_milliseconds(self):
        self.np_set("k", small(), "PX", 100_000)
        self.assertTrue(95_000 <= self.r.pttl("k") <= 100_000)

    def test_px_expires_the_key(self):
        self.np_set("k", small(), "PX", 50)
        deadline = time.monotonic() + 5
        while self.r.exists("k") and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertIsNone(self.r.execute_command("NP.GET", "k"))

    def test_set_without_keepttl_clears_an_existing_ttl(self):
        self.np_set("k", small(), "EX", 100)
        self.np_set("k", small(2))
        self.assertEqual(self.r.ttl("k"), -1)

    def test_keepttl_keeps_an_existing_ttl(self):
        self.np_set("k", small(), "EX", 100)
        self.np_set("k", small(2), "KEEPTTL")
        self.assertGreater(self.r.ttl("k"), 90)
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small(2))

    def test_xx_with_ex_replaces_the_ttl(self):
        self.np_set("k", small(), "EX", 100)
        self.np_set("k", small(2), "XX", "EX", 5000)
        self.assertGreater(self.r.ttl("k"), 4000)

    def test_options_are_case_insensitive_and_in_any_order(self):
        self.assertEqual(self.np_set("k", small(), "ex", 100, "nx"), b"OK")
        self.assertEqual(self.np_set("k", small(2), "kEePtTl", "Xx"), b"OK")
        self.assertGreater(self.r.ttl("k"), 90)

    def test_np_set_inside_multi_exec(self):
        pipe = self.r.pipeline(transaction=True)
        pipe.execute_command("NP.SET", "k", small(4))
        pipe.execute_command("NP.SET", "k", small(5), "NX")
        pipe.execute_command("NP.GET", "k")
        self.assertEqual(pipe.execute(), [b"OK", None, small(4)])

    def test_np_commands_work_from_lua(self):
        script = "redis.call('NP.SET', KEYS[1], ARGV[1]); return redis.call('NP.GET', KEYS[1])"
        self.assertEqual(self.r.eval(script, 1, "k", small(6)), small(6))

    def test_np_set_is_refused_when_out_of_memory(self):
        self.r.execute_command("NP.SET", "k", small(1))
        self.r.config_set("maxmemory-policy", "noeviction")
        self.r.config_set("maxmemory", 1)
        try:
            with self.assertRaises(redis.ResponseError) as raised:
                self.np_set("k", small(2))
            self.assertIn("OOM", str(raised.exception))
            self.assertEqual(self.r.execute_command("NP.GET", "k"), small(1))
        finally:
            self.r.config_set("maxmemory", 0)

    def test_expire_and_persist_work_on_np_keys(self):
        self.np_set("k", small())
        self.assertTrue(self.r.expire("k", 100))
        self.assertTrue(90 < self.r.ttl("k") <= 100)
        self.assertTrue(self.r.persist("k"))
        self.assertEqual(self.r.ttl("k"), -1)

    def test_conflicting_or_unknown_options_are_syntax_errors(self):
        self.np_set("k", small(1), "EX", 100)
        for options in (
            ["NX", "XX"],
            ["EX", "10", "PX", "10"],
            ["EX", "10", "KEEPTTL"],
            ["PX", "10", "KEEPTTL"],
            ["EX"],
            ["PX"],
            ["GET"],
            ["BOGUS"],
            ["EX", "10", "EX", "10", "NX", "XX"],
        ):
            with self.subTest(options=options):
                with self.assertRaises(redis.ResponseError) as raised:
                    self.np_set("k", small(2), *options)
                self.assertIn("syntax error", str(raised.exception))
                self.assertEqual(self.r.execute_command("NP.GET", "k"), small(1))
                self.assertGreater(self.r.ttl("k"), 0)

    def test_bad_expire_times_are_refused(self):
        self.np_set("k", small(1))
        for options in (["EX", "0"], ["EX", "-5"], ["PX", "0"], ["PX", "-1"],
                        ["EX", "9223372036854775807"], ["PX", "9223372036854775807"]):
            with self.subTest(options=options):
                with self.assertRaises(redis.ResponseError) as raised:
                    self.np_set("k", small(2), *options)
                self.assertIn("invalid expire time", str(raised.exception))
                self.assertEqual(self.r.execute_command("NP.GET", "k"), small(1))

    def test_non_numeric_expire_is_refused(self):
        for options in (["EX", "ten"], ["PX", "1.5"]):
            with self.subTest(options=options):
                with self.assertRaises(redis.ResponseError):
                    self.np_set("k", small(2), *options)
                self.assertEqual(self.r.exists("k"), 0)


class ReadCommandsTest(ServerTestCase):
    def test_get_of_a_missing_key_is_nil(self):
        self.assertIsNone(self.r.execute_command("NP.GET", "missing"))

    def test_len_is_the_total_byte_count(self):
        payload = small(100, "<f8")
        self.r.execute_command("NP.SET", "k", payload)
        self.assertEqual(self.r.execute_command("NP.LEN", "k"), len(payload))

    def test_len_of_a_missing_key_is_zero(self):
        self.assertEqual(self.r.execute_command("NP.LEN", "missing"), 0)

    def test_getrange_matches_getrange_on_a_string_with_the_same_bytes(self):
        payload = small(50, "<f8")
        n = len(payload)
        self.r.execute_command("NP.SET", "arr", payload)
        self.r.set("str", payload)
        edges = (0, 1, 5, 127, 128, n - 2, n - 1, n, n + 1, 10**12, -1, -2, -n, -n - 1, -(10**12))
        for start in edges:
            for end in edges:
                with self.subTest(start=start, end=end):
                    self.assertEqual(
                        self.r.execute_command("NP.GETRANGE", "arr", start, end),
                        self.r.getrange("str", start, end),
                    )

    def test_getrange_keeps_the_released_rule_for_a_negative_end_before_the_start(self):
        # The one rule NP.GETRANGE follows on every server (redis-module/README.md): a negative end
        # past the start clamps to byte 0, as GETRANGE does in released Redis and Valkey.
        payload = npy_bytes(np.arange(3, dtype="<i8"))
        self.r.execute_command("NP.SET", "k", payload)
        self.assertEqual(self.r.execute_command("NP.GETRANGE", "k", 0, -1000), payload[:1])
        self.assertEqual(self.r.execute_command("NP.GETRANGE", "k", -2000, -1000), payload[:1])
        self.assertEqual(self.r.execute_command("NP.GETRANGE", "k", -1, -1000), b"")
        self.assertEqual(self.r.execute_command("NP.GETRANGE", "k", 1, -1000), b"")

    def test_getrange_covers_the_whole_payload_in_chunks(self):
        payload = npy_bytes(np.random.default_rng(1).random(10_000))
        self.r.execute_command("NP.SET", "k", payload)
        chunk = 4096
        parts = [self.r.execute_command("NP.GETRANGE", "k", i, i + chunk - 1) for i in range(0, len(payload), chunk)]
        self.assertEqual(b"".join(parts), payload)

    def test_getrange_of_a_missing_key_is_empty(self):
        self.assertEqual(self.r.execute_command("NP.GETRANGE", "missing", 0, -1), b"")

    def test_getrange_with_non_integer_offsets_is_an_error(self):
        self.r.execute_command("NP.SET", "k", small())
        for start, end in (("a", 1), (0, "b"), ("1.5", 2)):
            with self.subTest(start=start, end=end):
                with self.assertRaises(redis.ResponseError):
                    self.r.execute_command("NP.GETRANGE", "k", start, end)

    def test_etag_is_a_hex_string_and_nil_when_missing(self):
        self.assertIsNone(self.r.execute_command("NP.ETAG", "missing"))
        self.r.execute_command("NP.SET", "k", small())
        etag = self.r.execute_command("NP.ETAG", "k")
        self.assertRegex(etag.decode(), r"^[0-9a-f]{16}$")
        self.assertEqual(self.r.execute_command("NP.ETAG", "k"), etag, "reading changed the etag")

    def test_etag_names_the_bytes_one_etag_per_byte_string(self):
        etag_of = {}
        for payload in (small(1), small(2), small(2), small(3), small(2, "<f4")):
            self.r.execute_command("NP.SET", "k", payload)
            etag = self.r.execute_command("NP.ETAG", "k")
            self.assertEqual(etag_of.setdefault(payload, etag), etag, "the same bytes got another etag")
        self.assertEqual(len(set(etag_of.values())), len(etag_of), "different bytes shared an etag")

    def test_changing_any_one_element_changes_the_etag(self):
        values = np.arange(40, dtype="<u1")
        self.r.execute_command("NP.SET", "k", npy_bytes(values))
        seen = {self.r.execute_command("NP.ETAG", "k")}
        for i in range(len(values)):
            changed = values.copy()
            changed[i] ^= 0x80
            self.r.execute_command("NP.SET", "k", npy_bytes(changed))
            seen.add(self.r.execute_command("NP.ETAG", "k"))
        self.assertEqual(len(seen), len(values) + 1)

    def test_etag_is_not_an_option(self):
        # Earlier versions sent `ETAG <hex>` to replicas and the AOF; clients never could.
        self.r.execute_command("NP.SET", "k", small())
        etag = self.r.execute_command("NP.ETAG", "k")
        with self.assertRaisesRegex(redis.ResponseError, "syntax error"):
            self.r.execute_command("NP.SET", "k", small(2), "ETAG", "00000000000000ff")
        self.assertEqual(self.r.execute_command("NP.ETAG", "k"), etag)
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small())

    def test_keys_with_the_same_bytes_share_the_etag(self):
        self.r.execute_command("NP.SET", "a", small())
        self.r.execute_command("NP.SET", "b", small(), "EX", 100)
        self.assertEqual(self.r.execute_command("NP.ETAG", "a"), self.r.execute_command("NP.ETAG", "b"))

    def test_etag_survives_expire_and_rename(self):
        self.r.execute_command("NP.SET", "k", small())
        etag = self.r.execute_command("NP.ETAG", "k")
        self.r.expire("k", 100)
        self.r.rename("k", "renamed")
        self.assertEqual(self.r.execute_command("NP.ETAG", "renamed"), etag)

    def test_etag_in_a_transaction_with_getrange(self):
        payload = small(20)
        self.r.execute_command("NP.SET", "k", payload)
        pipe = self.r.pipeline(transaction=True)
        pipe.execute_command("NP.ETAG", "k")
        pipe.execute_command("NP.GETRANGE", "k", 0, 9)
        etag, head = pipe.execute()
        self.assertEqual(etag, self.r.execute_command("NP.ETAG", "k"))
        self.assertEqual(head, payload[:10])


def info_dict(reply):
    return {reply[i].decode(): reply[i + 1] for i in range(0, len(reply), 2)}


class InfoTest(ServerTestCase):
    FIELDS = ["version", "header", "descr", "shape", "fortran_order", "data_offset", "bytes", "file_bytes", "data_bytes",
              "itemsize", "size", "etag"]

    def info(self, key):
        reply = self.r.execute_command("NP.INFO", key)
        self.assertIsNotNone(reply)
        return reply

    def test_info_fields_come_in_the_documented_order(self):
        self.r.execute_command("NP.SET", "k", small())
        reply = self.info("k")
        self.assertEqual([reply[i].decode() for i in range(0, len(reply), 2)], self.FIELDS)

    def test_info_of_a_missing_key_is_nil(self):
        self.assertIsNone(self.r.execute_command("NP.INFO", "missing"))

    def test_info_matches_numpys_reading_of_every_kind(self):
        for name, array in every_kind():
            payload = npy_bytes(array)
            with self.subTest(name):
                self.r.execute_command("NP.SET", "k", payload)
                self.assertInfoMatchesNumpy(info_dict(self.info("k")), payload, array)

    def assertInfoMatchesNumpy(self, info, payload, array):
        version, shape, fortran_order, dtype, data_offset = read_header(payload)
        raw_header, _ = header_text(payload)
        self.assertEqual(info["version"], b"%d.%d" % version)
        self.assertEqual(info["header"], raw_header.rstrip(b" \n"), "header: the dict text without padding")
        encoding = "utf-8" if version == (3, 0) else "latin1"
        header_dict = ast.literal_eval(raw_header.decode(encoding))
        self.assertEqual(ast.literal_eval(info["descr"].decode(encoding)), header_dict["descr"])
        self.assertIn(info["descr"], raw_header, "descr is not the header's source text")
        self.assertEqual(info["shape"], list(shape))
        self.assertEqual(info["fortran_order"], int(fortran_order))
        self.assertEqual(info["data_offset"], data_offset)
        self.assertEqual(info["bytes"], len(payload))
        self.assertEqual(info["itemsize"], dtype.itemsize)
        self.assertEqual(info["size"], array.size)
        self.assertEqual(info["etag"], self.r.execute_command("NP.ETAG", "k"))

    def test_info_of_a_structured_array_is_the_same_after_copy_and_reload(self):
        # NP.INFO takes the descr's span and size from the value: COPY and the RDB must carry them.
        array = np.zeros(3, dtype=[("a", "<i4"), ("b", [("c", ">f8", (2,))]), ("", "|V3"), ("d", "U2")])
        header = "{'descr': [('a', '<i4'), ('b', [('c', '>f8', (2,))]), ('', '|V3'), ('d', '<U2')], 'shape': (3,), 'fortran_order': False}"
        for name, payload in (("numpy's", npy_bytes(array)), ("hand-written", frame(header, data=array.tobytes()))):
            with self.subTest(name):
                self.r.execute_command("NP.SET", "k", payload)
                before = self.info("k")
                self.r.execute_command("COPY", "k", "copy", "REPLACE")
                self.r.execute_command("DEBUG", "RELOAD")
                for key in ("k", "copy"):
                    after = info_dict(self.r.execute_command("NP.INFO", key))
                    expected = dict(info_dict(before), etag=after["etag"])
                    self.assertEqual(after, expected)
                self.assertInfoMatchesNumpy(info_dict(self.info("k")), payload, array)

    def test_descr_is_the_source_text_for_a_hand_written_header(self):
        payload = frame('{"shape": (2,), "descr": "<u2", "fortran_order": True}', data=b"\x00" * 4)
        self.r.execute_command("NP.SET", "k", payload)
        info = info_dict(self.info("k"))
        self.assertEqual(info["descr"], b'"<u2"')
        self.assertEqual(info["fortran_order"], 1)
        self.assertEqual(info["shape"], [2])

    def test_info_of_a_0d_array_has_an_empty_shape_and_size_1(self):
        self.r.execute_command("NP.SET", "k", npy_bytes(np.array(2.5)))
        info = info_dict(self.info("k"))
        self.assertEqual(info["shape"], [])
        self.assertEqual(info["size"], 1)

    def test_info_reports_v2_and_v3_versions(self):
        by_name = dict(every_kind())
        for name, version in (("v2.0 header, 5000 fields", b"2.0"), ("v3.0 header, non-latin-1 names", b"3.0")):
            with self.subTest(name):
                self.r.execute_command("NP.SET", "k", npy_bytes(by_name[name]))
                self.assertEqual(info_dict(self.info("k"))["version"], version)


class WrongTypeTest(ServerTestCase):
    OTHER_TYPES = {
        "string": lambda r, k: r.set(k, b"plain string"),
        "list": lambda r, k: r.rpush(k, b"a"),
        "hash": lambda r, k: r.hset(k, "f", "v"),
        "set": lambda r, k: r.sadd(k, "m"),
        "zset": lambda r, k: r.zadd(k, {"m": 1}),
        "stream": lambda r, k: r.xadd(k, {"f": "v"}),
    }
    CALLS = {
        "NP.SET": lambda k: ("NP.SET", k, small()),
        "NP.SET XX": lambda k: ("NP.SET", k, small(), "XX"),
        "NP.SET KEEPTTL": lambda k: ("NP.SET", k, small(), "KEEPTTL"),
        "NP.GET": lambda k: ("NP.GET", k),
        "NP.INFO": lambda k: ("NP.INFO", k),
        "NP.GETRANGE": lambda k: ("NP.GETRANGE", k, 0, -1),
        "NP.LEN": lambda k: ("NP.LEN", k),
        "NP.ETAG": lambda k: ("NP.ETAG", k),
    }

    def test_every_command_on_every_other_type_is_wrongtype(self):
        for type_name, create in self.OTHER_TYPES.items():
            key = f"other:{type_name}"
            create(self.r, key)
            dump = self.r.dump(key)
            for call_name, call in self.CALLS.items():
                with self.subTest(type=type_name, command=call_name):
                    with self.assertRaises(redis.ResponseError) as raised:
                        self.r.execute_command(*call(key))
                    self.assertEqual(str(raised.exception), WRONGTYPE)
                    self.assertEqual(self.r.dump(key), dump, "the other value changed")
        self.assertServerAlive()

    def test_string_commands_on_an_np_key_are_wrongtype(self):
        self.r.execute_command("NP.SET", "k", small())
        for command in (("GET", "k"), ("APPEND", "k", "x"), ("GETRANGE", "k", 0, 1), ("LPUSH", "k", "x")):
            with self.subTest(command=command[0]):
                with self.assertRaises(redis.ResponseError) as raised:
                    self.r.execute_command(*command)
                self.assertIn("WRONGTYPE", str(raised.exception))
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small())

    def test_type_reports_numpyarry(self):
        self.r.execute_command("NP.SET", "k", small())
        self.assertEqual(self.r.type("k"), b"numpyarry")

    def test_plain_set_overwrites_an_np_key(self):
        self.r.execute_command("NP.SET", "k", small())
        self.r.set("k", "now a string")
        self.assertEqual(self.r.get("k"), b"now a string")


class CommandMetadataTest(ServerTestCase):
    ARGS = {
        "np.set": ["k", small()],
        "np.get": ["k"],
        "np.info": ["k"],
        "np.getrange": ["k", 0, 1],
        "np.len": ["k"],
        "np.etag": ["k"],
    }

    def wrong_argument_lists(self):
        for name, args in self.ARGS.items():
            yield name, args[:-1]
            yield name, []
            if name != "np.set":  # NP.SET takes options: extra words are a syntax error
                yield name, args + ["extra"]

    def test_wrong_arity_is_an_error_for_every_command(self):
        for name, wrong in self.wrong_argument_lists():
            with self.subTest(command=name, argc=len(wrong) + 1):
                with self.assertRaises(redis.ResponseError) as raised:
                    self.r.execute_command(name, *wrong)
                self.assertIn("wrong number of arguments", str(raised.exception))
        self.assertServerAlive()

    def test_np_set_with_too_many_arguments_is_an_error(self):
        with self.assertRaises(redis.ResponseError):
            self.r.execute_command("NP.SET", "k", small(), "NX", "EX", 10, "extra", "more")
        self.assertEqual(self.r.exists("k"), 0)

    def command_info(self, name):
        return self.r.execute_command("COMMAND", "INFO", name)[name]

    def test_every_command_has_key_positions_1_1_1(self):
        for name in COMMANDS:
            with self.subTest(name):
                info = self.command_info(name)
                self.assertEqual((info["first_key_pos"], info["last_key_pos"], info["step_count"]), (1, 1, 1))

    def test_np_set_is_flagged_write_and_denyoom(self):
        flags = self.command_info("np.set")["flags"]
        self.assertIn("write", flags)
        self.assertIn("denyoom", flags)

    def test_read_commands_are_flagged_readonly(self):
        for name in COMMANDS[1:]:
            with self.subTest(name):
                flags = self.command_info(name)["flags"]
                self.assertIn("readonly", flags)
                self.assertNotIn("write", flags)

    def test_command_getkeys_finds_the_key(self):
        keys = self.r.execute_command("COMMAND GETKEYS", "NP.SET", "thekey", small())
        self.assertEqual([k.decode() if isinstance(k, bytes) else k for k in keys], ["thekey"])

    def test_module_is_listed_as_numpy(self):
        names = [m[b"name"] if isinstance(m, dict) else dict(zip(m[::2], m[1::2]))[b"name"]
                 for m in self.r.execute_command("MODULE", "LIST")]
        self.assertIn(b"numpy", names)

    def test_module_with_a_data_type_refuses_to_unload(self):
        with self.assertRaises(redis.ResponseError):
            self.r.execute_command("MODULE", "UNLOAD", "numpy")
        self.assertServerAlive()
        self.r.execute_command("NP.SET", "k", small())
        self.assertEqual(self.r.execute_command("NP.GET", "k"), small())
