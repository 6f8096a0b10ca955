"""Arrays in Redis from the shell: put, get, info, ls.

    python3 -m numpy_redis put frame:1 frame.npy
    python3 -m numpy_redis put mnist: mnist.npz      # each member under mnist:<name>
    python3 -m numpy_redis get frame:1 copy.npy     # or > copy.npy
    python3 -m numpy_redis info frame:1
    python3 -m numpy_redis ls 'frame:*'

Exit status: 0 done; 1 no array under the key (missing, or another type);
2 bad usage or input (arguments, a file that cannot be read or written, a file
the module refuses as .npy); 3 Redis cannot be used (unreachable, refused the
login, lacks the module).  Messages go to stderr.
"""

import argparse
import json
import os
import sys
import zipfile

import redis
from redis.cluster import RedisCluster
from redis.exceptions import RedisClusterException

from . import _replies
from ._batches import scan
from ._npz import save_npz
from ._options import set_options

EXIT_OK, EXIT_NO_ARRAY, EXIT_USAGE, EXIT_REDIS = 0, 1, 2, 3


class Failure(Exception):
    """Something the user can act on: printed as the message, exiting with `status`."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def default_url():
    """The Redis `npm start` runs (or the one it was pointed at with REDIS_URL)."""
    return os.environ.get("REDIS_URL") or f"redis://127.0.0.1:{os.environ.get('REDIS_PORT', '6390')}"


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        client = _connect(args)
        try:
            return args.run(client, args)
        finally:
            client.close()
    except Failure as failure:
        print(f"numpy_redis: {failure}", file=sys.stderr)
        return failure.status
    except (redis.ConnectionError, redis.TimeoutError) as error:
        print(f"numpy_redis: cannot reach Redis at {_safe(args.url)}: {error}", file=sys.stderr)
        return EXIT_REDIS
    except redis.AuthenticationError as error:
        print(f"numpy_redis: Redis at {_safe(args.url)} refused the login: {error}", file=sys.stderr)
        return EXIT_REDIS
    except RedisClusterException as error:
        print(f"numpy_redis: cannot use the cluster at {_safe(args.url)}: {error}", file=sys.stderr)
        return EXIT_REDIS
    except BrokenPipeError:
        # `ls | head`: the reader has what it wanted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m numpy_redis",
        description="Store, fetch and list NumPy arrays in Redis (numpy-redis module).",
        epilog="Exit status: 0 done, 1 no array under the key, 2 bad usage or input, 3 Redis unusable.",
    )
    parser.add_argument("--url", default=default_url(),
                        help="redis:// or rediss:// URL, with user and password if needed "
                             "(default: $REDIS_URL, else the `npm start` Redis: %(default)s)")
    parser.add_argument("--cluster", action="store_true", help="the URL names a node of a Redis Cluster")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    put = commands.add_parser("put", help="store a .npy file's exact bytes under KEY; an .npz's members under KEY + name")
    put.add_argument("key", metavar="KEY", help="the key; for an .npz, the prefix of every member's key")
    put.add_argument("file", metavar="FILE", help=".npy or .npz file, or - for standard input (.npy)")
    put.add_argument("--ex", type=int, metavar="SECONDS", help="expire after SECONDS")
    put.add_argument("--nx", action="store_true", help="only if KEY does not exist yet")
    put.set_defaults(run=_put)

    get = commands.add_parser("get", help="write the exact .npy bytes under KEY to FILE or standard output")
    get.add_argument("key", metavar="KEY")
    get.add_argument("file", metavar="FILE", nargs="?", help="where to write (default: standard output, not a terminal)")
    get.set_defaults(run=_get)

    info = commands.add_parser("info", help="shape, dtype and sizes of the array under KEY (no data fetched)")
    info.add_argument("key", metavar="KEY")
    info.add_argument("--json", action="store_true", help="one JSON object instead of name: value lines")
    info.set_defaults(run=_info)

    ls = commands.add_parser("ls", help="keys of arrays matching GLOB, one a line, in SCAN order")
    ls.add_argument("glob", metavar="GLOB", nargs="?", default="*", help="Redis glob (default: *)")
    ls.set_defaults(run=_ls)
    return parser


def _connect(args):
    try:
        if args.cluster:
            return RedisCluster.from_url(args.url, socket_connect_timeout=5)
        client = redis.Redis.from_url(args.url, socket_connect_timeout=5)
        client.ping()
        return client
    except ValueError as error:  # redis-py's words for a malformed URL
        raise Failure(f"--url {_safe(args.url)}: {error}", EXIT_USAGE) from error


def _put(r, args):
    if args.file != "-" and zipfile.is_zipfile(args.file):
        return _put_npz(r, args)
    options = set_options(nx=args.nx, ex=args.ex)
    payload = _read_input(args.file)
    reply = _command(r, args, "NP.SET", args.key, payload, *options)
    if _replies.stored(reply) is None:
        raise Failure(f"{args.key} exists; not replaced (--nx)", EXIT_NO_ARRAY)
    return EXIT_OK


def _put_npz(r, args):
    """Every member of an .npz under KEY + its name; prints the keys stored, one a line."""
    try:
        stored = save_npz(r, args.file, args.key, nx=args.nx, ex=args.ex)
    except ValueError as error:
        raise Failure(f"{args.file}: {error}", EXIT_USAGE) from error
    except redis.ResponseError as error:
        raise Failure(f"{args.file} was refused: {error}", EXIT_USAGE) from error
    for key, done in stored.items():
        if done:
            print(key)
    kept = [key for key, done in stored.items() if not done]
    if kept:
        raise Failure(f"{', '.join(kept)} exist; not replaced (--nx)", EXIT_NO_ARRAY)
    return EXIT_OK


def _get(r, args):
    payload = _command(r, args, "NP.GET", args.key)
    if payload is None:
        raise Failure(f"no array under {args.key}", EXIT_NO_ARRAY)
    if args.file is None:
        if sys.stdout.isatty():
            raise Failure("refusing to write binary .npy data to a terminal: give a FILE or redirect the output",
                          EXIT_USAGE)
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        with open(args.file, "wb") as out:
            out.write(payload)
    except OSError as error:
        raise Failure(f"cannot write {args.file}: {error.strerror}", EXIT_USAGE) from error
    return EXIT_OK


def _info(r, args):
    described = _replies.info(_command(r, args, "NP.INFO", args.key))
    if described is None:
        raise Failure(f"no array under {args.key}", EXIT_NO_ARRAY)
    if args.json:
        print(json.dumps(described, ensure_ascii=False))
    else:
        for name, value in described.items():
            print(f"{name}: {value}")
    return EXIT_OK


def _ls(r, args):
    out = sys.stdout.buffer
    for key in scan(r, args.glob):
        out.write(key + b"\n")
    out.flush()
    return EXIT_OK


def _read_input(path):
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as source:
            return source.read()
    except OSError as error:
        raise Failure(f"cannot read {path}: {error.strerror}", EXIT_USAGE) from error


def _command(r, args, *command):
    """The reply, or a Failure saying what the server's refusal means for the user."""
    try:
        return r.execute_command(*command)
    except redis.ResponseError as error:
        message = str(error)
        if message.startswith("WRONGTYPE"):
            raise Failure(f"{command[1]} holds another type of value, not an array", EXIT_NO_ARRAY) from error
        if "unknown command" in message.lower():
            raise Failure(f"the Redis at {_safe(args.url)} lacks the numpy-redis module ({message}); "
                          "load it with --loadmodule redis-module/numpy_redis.so", EXIT_REDIS) from error
        if command[0] == "NP.SET":
            raise Failure(f"{args.file} was refused: {message}", EXIT_USAGE) from error
        raise Failure(message, EXIT_REDIS) from error


def _safe(url):
    """The URL without its password, fit to print."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"
