"""python3 -m numpy_redis: put, get, info, ls, and what a shell sees when something is wrong."""

import io
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

import harness
from harness import RedisServer, ServerTestCase


def npy_file_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


class CliTest(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix="numpy-redis-cli-")
        self.url = f"redis://127.0.0.1:{self.server.port}"

    def tearDown(self):
        for name in os.listdir(self.dir):
            os.remove(os.path.join(self.dir, name))
        os.rmdir(self.dir)
        super().tearDown()

    def cli(self, *args, url=None, env=None, stdin=None):
        argv = [sys.executable, "-P", "-m", "numpy_redis"]
        if url is not False:
            argv += ["--url", url or self.url]
        environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "REDIS_PORT")}
        environment.update(env or {})
        return subprocess.run(argv + list(args), input=stdin, capture_output=True, env=environment, timeout=60)

    def write_npy(self, name, array):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as out:
            out.write(npy_file_bytes(array))
        return path

    def test_put_stores_the_files_exact_bytes_and_get_writes_them_back(self):
        array = np.asfortranarray(np.arange(6, dtype=">f8").reshape(2, 3))
        path = self.write_npy("a.npy", array)
        put = self.cli("put", "frame:1", path)
        self.assertEqual(put.returncode, 0, put.stderr)
        self.assertEqual(self.r.execute_command("NP.GET", "frame:1"), npy_file_bytes(array))
        copy = os.path.join(self.dir, "copy.npy")
        self.assertEqual(self.cli("get", "frame:1", copy).returncode, 0)
        with open(copy, "rb") as source:
            self.assertEqual(source.read(), npy_file_bytes(array))
        to_stdout = self.cli("get", "frame:1")
        self.assertEqual((to_stdout.returncode, to_stdout.stdout), (0, npy_file_bytes(array)))

    def test_put_from_stdin_with_expiry(self):
        done = self.cli("put", "k", "-", "--ex", "100", stdin=npy_file_bytes(np.arange(3)))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(90 < self.r.ttl("k") <= 100)

    def test_info_prints_fields_or_json(self):
        self.cli("put", "k", self.write_npy("a.npy", np.zeros((2, 3), dtype="<f4")))
        lines = self.cli("info", "k")
        self.assertEqual(lines.returncode, 0)
        self.assertIn(b"shape: (2, 3)\n", lines.stdout)
        self.assertIn(b"descr: '<f4'\n", lines.stdout)
        described = json.loads(self.cli("info", "k", "--json").stdout)
        self.assertEqual((described["shape"], described["itemsize"]), ([2, 3], 4))

    def test_ls_lists_arrays_matching_the_glob(self):
        for key in ("frame:1", "frame:2", "other"):
            self.cli("put", key, self.write_npy("a.npy", np.arange(2)))
        self.r.set("frame:text", "not an array")
        listed = self.cli("ls", "frame:*")
        self.assertEqual(listed.returncode, 0)
        self.assertEqual(sorted(listed.stdout.splitlines()), [b"frame:1", b"frame:2"])
        self.assertEqual(len(self.cli("ls").stdout.splitlines()), 3)

    def test_a_missing_key_exits_1_with_a_message(self):
        for command in (("get", "nope"), ("info", "nope")):
            with self.subTest(command[0]):
                done = self.cli(*command)
                self.assertEqual(done.returncode, 1)
                self.assertIn(b"no array under nope", done.stderr)
                self.assertEqual(done.stdout, b"")

    def test_a_key_of_another_type_exits_1(self):
        self.r.set("text", "x")
        done = self.cli("get", "text")
        self.assertEqual(done.returncode, 1)
        self.assertIn(b"holds another type of value", done.stderr)

    def test_put_nx_onto_an_existing_key_exits_1_and_keeps_it(self):
        first = self.write_npy("a.npy", np.arange(2))
        self.cli("put", "k", first)
        done = self.cli("put", "k", self.write_npy("b.npy", np.arange(5)), "--nx")
        self.assertEqual(done.returncode, 1)
        self.assertIn(b"exists", done.stderr)
        self.assertEqual(self.r.execute_command("NP.GET", "k"), npy_file_bytes(np.arange(2)))

    def test_bad_input_exits_2(self):
        missing = self.cli("put", "k", os.path.join(self.dir, "absent.npy"))
        self.assertEqual(missing.returncode, 2)
        self.assertIn(b"cannot read", missing.stderr)
        malformed = os.path.join(self.dir, "bad.npy")
        with open(malformed, "wb") as out:
            out.write(b"\x93NUMPY\x01\x00 this is not a header")
        refused = self.cli("put", "k", malformed)
        self.assertEqual(refused.returncode, 2)
        self.assertIn(b"was refused", refused.stderr)
        self.assertEqual(self.r.exists("k"), 0)
        self.assertEqual(self.cli().returncode, 2)  # no command: argparse's usage error
        self.assertEqual(self.cli("get").returncode, 2)

    def test_an_unreachable_redis_exits_3_without_printing_the_password(self):
        port = harness.free_port()
        done = self.cli("ls", url=f"redis://user:secret@127.0.0.1:{port}")
        self.assertEqual(done.returncode, 3)
        self.assertIn(b"cannot reach Redis at redis://user:***@127.0.0.1", done.stderr)
        self.assertNotIn(b"secret", done.stderr)

    def test_a_redis_without_the_module_exits_3_saying_so(self):
        plain = RedisServer(load_module=False, name="no-module").start()
        self.addCleanup(plain.cleanup)
        done = self.cli("get", "k", url=f"redis://127.0.0.1:{plain.port}")
        self.assertEqual(done.returncode, 3)
        self.assertIn(b"lacks the numpy-redis module", done.stderr)

    def test_without_url_it_uses_the_npm_start_redis_port(self):
        self.cli("put", "k", self.write_npy("a.npy", np.arange(2)))
        done = self.cli("ls", url=False, env={"REDIS_PORT": str(self.server.port)})
        self.assertEqual((done.returncode, done.stdout), (0, b"k\n"))
        self.assertIn(b"redis://127.0.0.1:6390", self.cli("--help", url=False).stdout)
