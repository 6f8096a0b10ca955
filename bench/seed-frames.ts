// Big float32 arrays for the benches, made by numpy in Redis without a second copy in Python.
import { runPython } from "../tests/helpers";

/** Stores the array frame by frame (row by row) into one buffer, so Python never holds two copies of it. */
export function seedFrames(port: number, key: string, shape: number[]): void {
  runPython(
    `
import io, sys, numpy as np, redis
r = redis.Redis(port=${port})
shape = (${shape.join(", ")})
header = io.BytesIO(); np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False, "shape": shape})
head = header.getvalue()
buf = bytearray(len(head) + 4 * np.prod(shape))
buf[:len(head)] = head
data = np.frombuffer(buf, dtype="<f4", offset=len(head)).reshape(shape)
rng = np.random.default_rng(4)
for k in range(shape[0]): data[k] = rng.random(shape[1:], dtype=np.float32) + k
r.execute_command("NP.SET", sys.argv[1], bytes(buf))
`,
    [key],
  );
}
