"""Real redis-server processes with the numpy module loaded, for the tests.

Each server runs on 127.0.0.1, on a port the OS hands out, in its own temp
directory, with its stdout and stderr (Redis's log and any sanitizer report)
captured in one log file.  In ASan mode (`configure(asan=True)`) the module is
the sanitized build and libasan is preloaded into redis-server; every log is
scanned for sanitizer reports and crashes, and the test that owned the server
fails when one appears.
"""

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

import redis

REDIS_SERVER = "/usr/bin/redis-server"
MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAIN_MODULE = os.path.join(MODULE_DIR, "numpy_redis.so")
ASAN_MODULE = os.path.join(MODULE_DIR, "build", "asan", "numpy_redis.so")

# Lines in a server log that mean the test owning the server must fail.
PROBLEM_MARKERS = (
    "AddressSanitizer",
    "LeakSanitizer",
    "runtime error:",
    "REDIS BUG REPORT",
    "crashed by signal",
    "ASSERTION FAILED",
    "Guru Meditation",
)

START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 20.0
PR_SET_PDEATHSIG = 1

_settings = {"asan": False}
_unremoved_servers = set()


def configure(*, asan):
    """Choose the plain or the sanitized module for every server started after this."""
    _settings["asan"] = asan


def asan_enabled():
    return _settings["asan"]


def module_path():
    """The module .so to load: $NUMPY_REDIS_MODULE, else the build for the current mode."""
    override = os.environ.get("NUMPY_REDIS_MODULE")
    if override:
        return os.path.abspath(override)
    return ASAN_MODULE if asan_enabled() else PLAIN_MODULE


# Cluster mode listens on port + 10000 too, so Redis refuses ports above this.
HIGHEST_CLUSTER_PORT = 55535


def free_port():
    """A TCP port on 127.0.0.1 that nobody listened on a moment ago, usable in cluster mode."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port <= HIGHEST_CLUSTER_PORT:
            return port


def _server_env():
    env = dict(os.environ)
    if asan_enabled():
        libasan = subprocess.run(
            ["gcc", "-print-file-name=libasan.so"], capture_output=True, text=True, check=True
        ).stdout.strip()
        env["LD_PRELOAD"] = libasan
        env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1"
        env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    return env


def _die_with_parent():
    # A test runner killed with SIGKILL must not leave servers behind.
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class ServerProblem(AssertionError):
    """The server crashed, stopped answering, or a sanitizer reported an error."""


class RedisServer:
    """One redis-server with the module loaded.

    `config` holds extra directives (name -> value, or a list of pairs when a
    directive repeats); they are passed on the command line.
    """

    def __init__(self, config=None, *, load_module=True, name="redis"):
        self.config = list(config.items()) if isinstance(config, dict) else list(config or [])
        self.load_module = load_module
        self.name = name
        self.dir = tempfile.mkdtemp(prefix=f"numpy-redis-{name}-")
        self.log_path = os.path.join(self.dir, "server.log")
        self.port = None
        self.process = None
        self._log_offset = 0
        self._clients = []
        _unremoved_servers.add(self)

    # -- lifecycle --------------------------------------------------------

    def start(self):
        """Start on a free port (keeping the previous one on restart) and wait for PING."""
        attempts = 3
        for attempt in range(attempts):
            if self.port is None or attempt > 0:
                self.port = free_port()
            self._spawn()
            try:
                self._wait_until_ready()
                return self
            except ServerProblem:
                self._reap()
                if "Address already in use" in self.log_tail() and attempt + 1 < attempts:
                    continue
                raise

    def stop(self, *, save=False):
        """Stop the server (SHUTDOWN SAVE when `save`), keeping its directory.

        Raises ServerProblem when the log shows a crash or sanitizer report.
        """
        self._close_clients()
        if self.process is None:
            return
        if self.process.poll() is None:
            if save:
                self._shutdown_saving()
            else:
                self.process.send_signal(signal.SIGTERM)
        self._reap()
        self.check_log()

    def kill(self):
        """SIGKILL, as a power cut would: no save, no AOF fsync beyond what already happened."""
        self._close_clients()
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self._reap()

    def restart(self, *, save=False):
        self.stop(save=save)
        return self.start()

    def cleanup(self):
        """Stop and delete the directory; reports problems like stop()."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            _unremoved_servers.discard(self)

    # -- access -----------------------------------------------------------

    def client(self, **kwargs):
        """A redis-py client (bytes replies) on this server; closed when the server stops."""
        options = {"socket_timeout": 120, "socket_connect_timeout": 10}
        options.update(kwargs)
        conn = redis.Redis(host="127.0.0.1", port=self.port, **options)
        self._clients.append(conn)
        return conn

    def alive(self):
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            probe = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=10)
            try:
                return probe.ping()
            finally:
                probe.close()
        except redis.RedisError:
            return False

    def replicaof(self, master, *, timeout_s=30.0):
        """Make this server a replica of `master` and wait for the initial sync."""
        self.client().execute_command("REPLICAOF", "127.0.0.1", master.port)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            info = self.client().info("replication")
            if info.get("master_link_status") == "up" and not info.get("master_sync_in_progress"):
                return
            time.sleep(0.05)
        raise ServerProblem(f"replica on port {self.port} did not sync with master on {master.port}")

    def wait_for_replica(self, replica, *, timeout_s=30.0):
        """Block until `replica` has processed everything this master wrote so far."""
        target = self.client().info("replication")["master_repl_offset"]
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if replica.client().info("replication").get("slave_repl_offset", -1) >= target:
                return
            time.sleep(0.02)
        raise ServerProblem(f"replica on port {replica.port} did not reach offset {target}")

    # -- logs -------------------------------------------------------------

    def log_text(self):
        try:
            with open(self.log_path, "r", encoding="utf-8", errors="replace") as log:
                return log.read()
        except FileNotFoundError:
            return ""

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def new_log_text(self):
        """Log text written since the last call (or since start)."""
        text = self.log_text()
        fresh = text[self._log_offset:]
        self._log_offset = len(text)
        return fresh

    def check_log(self):
        """Raise ServerProblem if the log gained a crash or sanitizer report."""
        fresh = self.new_log_text()
        found = [m for m in PROBLEM_MARKERS if m in fresh]
        if found:
            raise ServerProblem(
                f"{self.name} on port {self.port} logged {', '.join(found)}:\n"
                + _excerpt_around(fresh, found[0])
            )

    def check_health(self):
        """Raise ServerProblem if the server died or logged a problem since the last check."""
        alive = self.alive()
        self.check_log()
        if not alive:
            raise ServerProblem(f"{self.name} on port {self.port} is not answering:\n{self.log_tail()}")

    # -- internals ----------------------------------------------------------

    def _command_line(self):
        args = [
            REDIS_SERVER,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", self.dir,
            "--daemonize", "no",
            "--save", "",
            "--appendonly", "no",
            "--enable-debug-command", "yes",
            "--enable-module-command", "yes",
        ]
        if self.load_module:
            args += ["--loadmodule", module_path()]
        for name, value in self.config:
            args += [f"--{name}", str(value)]
        return args

    def _spawn(self):
        if self.load_module and not os.path.exists(module_path()):
            raise ServerProblem(f"module not built: {module_path()} (run make -C redis-module)")
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(
                self._command_line(),
                cwd=self.dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_server_env(),
                preexec_fn=_die_with_parent,
            )
        finally:
            log.close()

    def _wait_until_ready(self):
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerProblem(
                    f"{self.name} exited with {self.process.returncode} while starting:\n{self.log_tail()}"
                )
            if self.alive():
                return
            time.sleep(0.02)
        raise ServerProblem(f"{self.name} did not answer PING within {START_TIMEOUT_S}s:\n{self.log_tail()}")

    def _shutdown_saving(self):
        conn = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=STOP_TIMEOUT_S)
        try:
            conn.execute_command("SHUTDOWN", "SAVE")
        except redis.ConnectionError:
            pass  # the server closes the connection as it exits
        finally:
            conn.close()

    def _reap(self):
        if self.process is None:
            return
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def _close_clients(self):
        for conn in self._clients:
            conn.close()
        self._clients = []


def _excerpt_around(text, marker, before=5, after=30):
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if marker in line)
    return "\n".join(lines[max(0, index - before): index + after])


def wait_until(predicate, *, timeout_s=30.0, what="condition"):
    """Poll `predicate` until it returns something truthy; fail after the timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


def stop_every_server():
    """Last-resort cleanup for the runner: kill whatever still runs, remove every directory."""
    for server in list(_unremoved_servers):
        server.kill()
        shutil.rmtree(server.dir, ignore_errors=True)
        _unremoved_servers.discard(server)


class ServerTestCase(unittest.TestCase):
    """Base class: one shared server per class plus per-test servers.

    After every test each server it touched is checked (alive, log clean); a
    shared server that died is replaced so the following tests still run.
    """

    shared_config = None
    server = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        server = RedisServer(cls.shared_config, name=cls.__name__)
        try:
            cls.server = server.start()
        except BaseException:
            server.kill()
            shutil.rmtree(server.dir, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        server, cls.server = cls.server, None
        if server is not None:
            server.cleanup()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self._own_servers = []
        self.r = self.server.client()
        self.r.flushall()

    def tearDown(self):
        try:
            for server in self._own_servers:
                if server.process is not None:
                    server.check_health()
            self._check_shared_server()
        finally:
            super().tearDown()

    def _check_shared_server(self):
        try:
            self.server.check_health()
        except ServerProblem:
            self.server.kill()
            type(self).server = RedisServer(self.shared_config, name=type(self).__name__).start()
            raise

    def new_server(self, config=None, *, name="extra", load_module=True):
        """A server owned by this test, not started yet (to prepare files in its dir)."""
        server = RedisServer(config, name=f"{type(self).__name__}-{name}", load_module=load_module)
        self.addCleanup(server.cleanup)
        self._own_servers.append(server)
        return server

    def start_server(self, config=None, *, name="extra", load_module=True):
        """A started server owned by this test, stopped and removed after it."""
        return self.new_server(config, name=name, load_module=load_module).start()

    def assertServerAlive(self, server=None):
        server = server or self.server
        self.assertTrue(server.alive(), f"server died:\n{server.log_tail()}")
