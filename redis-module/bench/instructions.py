"""Instructions per command, NP.SET vs SET and NP.GET vs GET, counted by callgrind.

    /usr/bin/python3 redis-module/bench/instructions.py [--module PATH] [--calls N] [--elements N]

Runs redis-server under `valgrind --tool=callgrind` with the module, pipelines N calls of
each command with the same .npy (np.arange(elements) as float64, made by numpy; 5 elements
is a 168-byte file), and prints each command's inclusive instructions per call, then the
module functions NP.SET spends them in. Every NP.SET sends the same file, so all but the
first find their header in NP.SET's memo of the last header it checked (npy_header_memo.c);
np_bench's "2 dtypes" case measures the other way. Unlike throughput or CPU time, the count does not
depend on what else the machine is running, so it compares builds on a shared machine.
"""

import argparse
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import numpy as np
import redis

MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default=os.path.join(MODULE_DIR, "numpy_redis.so"))
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--elements", type=int, default=5)
    return parser.parse_args()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def connect(port):
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=600)
    for _ in range(300):
        try:
            client.ping()
            return client
        except redis.ConnectionError:
            time.sleep(0.1)
    sys.exit("redis-server under valgrind did not answer within 30 s")


def pipeline(client, calls, *command):
    for start in range(0, calls, 5_000):
        pipe = client.pipeline(transaction=False)
        for _ in range(min(5_000, calls - start)):
            pipe.execute_command(*command)
        pipe.execute()


def run_commands(port, calls, payload):
    """NP.SET then SET (each over an existing key), then NP.GET and GET, `calls` times each."""
    client = connect(port)
    pipeline(client, calls, "NP.SET", "array", payload)
    pipeline(client, calls, "SET", "string", payload)
    pipeline(client, calls, "NP.GET", "array")
    pipeline(client, calls, "GET", "string")
    client.shutdown(nosave=True)


def inclusive_counts(out_file):
    """function name -> (inclusive instructions, calls) from callgrind_annotate's caller tree."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--tree=calling", out_file],
                          capture_output=True, text=True, check=True).stdout
    counts = {}
    for match in re.finditer(r"^\s*([\d,]+) \([^)]*\)\s+\*\s+\S*?:(\w+) ", text, re.M):
        counts.setdefault(match.group(2), int(match.group(1).replace(",", "")))
    calls = {}
    for match in re.finditer(r"^\s*[\d,]+ \([^)]*\)\s+>\s+\S*?:(\w+) \(([\d,]+)x\)", text, re.M):
        calls[match.group(1)] = max(calls.get(match.group(1), 0), int(match.group(2).replace(",", "")))
    return counts, calls, text


def callees_of(text, function):
    """(instructions, calls, name) of what `function` calls, from the caller tree."""
    block = re.search(r"^\s*[\d,]+ \([^)]*\)\s+\*\s+\S*?:" + function + r" .*?\n((?:.*>.*\n)*)", text, re.M)
    rows = re.findall(r"^\s*([\d,]+) \([^)]*\)\s+>\s+\S*?:(\w+) \(([\d,]+)x\)", block.group(1) if block else "", re.M)
    return [(int(n.replace(",", "")), int(c.replace(",", "")), name) for n, name, c in rows]


def main():
    args = parse_args()
    buffer = io.BytesIO()
    np.save(buffer, np.arange(args.elements, dtype="<f8"))
    payload = buffer.getvalue()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="np-callgrind-") as workdir:
        out_file = os.path.join(workdir, "callgrind.out")
        server = subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}", "/usr/bin/redis-server",
             "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir,
             "--loadmodule", os.path.abspath(args.module)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            run_commands(port, args.calls, payload)
        finally:
            server.wait(timeout=600)
        counts, calls, text = inclusive_counts(out_file)
    print(f"{len(payload)}-byte .npy, {args.calls} calls of each command, instructions per call (callgrind):")
    per_call = {}
    for function in ("npSetCommand", "setCommand", "npGetCommand", "getCommand", "RedisModuleCommandDispatcher"):
        if function in counts and calls.get(function):
            per_call[function] = counts[function] / calls[function]
    np_get = per_call.get("npGetCommand", 0)
    np_set = per_call.get("npSetCommand", 0)
    # The dispatcher runs both NP.SET and NP.GET: its own share is what it adds to each call.
    dispatch = per_call.get("RedisModuleCommandDispatcher", 0) - (np_set + np_get) / 2
    print(f"  NP.SET {np_set + dispatch:8.0f}  (the command {np_set:.0f}, the module dispatcher {dispatch:.0f})")
    print(f"  SET    {per_call.get('setCommand', 0):8.0f}")
    print(f"  NP.GET {np_get + dispatch:8.0f}")
    print(f"  GET    {per_call.get('getCommand', 0):8.0f}")
    print("NP.SET's callees, instructions per call:")
    for total, n, name in sorted(callees_of(text, "npSetCommand"), reverse=True):
        print(f"  {total / args.calls:8.0f}  {name} ({n / args.calls:g} per call)")


if __name__ == "__main__":
    main()
