// A burst of writes from redis-py, as a Python program writing arrays in a loop makes.
import { spawn } from "node:child_process";
import { PYTHON } from "./fixtures";

export interface BurstOptions {
  /** Redis port. */
  port: number;
  /** Commands sent, in pipelines of 100. */
  writes: number;
  /** Distinct keys written, `${prefix}${i % keys}`: fewer keys than writes means keys are rewritten. */
  keys: number;
  prefix?: string;
  /** Every n-th command is a DEL of its key instead of an NP.SET (0: none). */
  deleteEvery?: number;
}

const BURST_SCRIPT = `import io, sys, redis, numpy as np
port, writes, keys, prefix, delete_every = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
arrays = []
for n in range(1, 9):
    b = io.BytesIO(); np.save(b, np.arange(n * 8, dtype=np.float32)); arrays.append(b.getvalue())
pipe = redis.Redis(port=port).pipeline(transaction=False)
for i in range(writes):
    key = prefix + str(i % keys)
    if delete_every and i % delete_every == delete_every - 1:
        pipe.delete(key)
    else:
        pipe.execute_command("NP.SET", key, arrays[i % len(arrays)])
    if i % 100 == 99:
        pipe.execute()
pipe.execute()
`;

/** Runs the burst in a Python process without blocking this one; resolves when every command was answered. */
export function writeBurst({ port, writes, keys, prefix = "burst:", deleteEvery = 0 }: BurstOptions): Promise<void> {
  const args = [String(port), String(writes), String(keys), prefix, String(deleteEvery)];
  const child = spawn(PYTHON, ["-c", BURST_SCRIPT, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the redis-py burst exited with ${code}: ${stderr}`))));
  });
}
