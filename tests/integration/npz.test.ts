// GET /api/npz: an archive np.load opens, each member exactly the stored bytes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npy, npyOfSize, runPython, startStack, type Stack, jsonBody } from "../helpers";

const arrays: Record<string, Buffer> = {
  "npz:frames": npy("np.arange(24, dtype='<f4').reshape(2, 3, 4)"),
  "npz:labels": npy("np.array([3, 1, 2], dtype='>i8')"),
  "npz:naïve 🌊": npy("np.array(['x', 'yz'])"),
  "npz:big": npyOfSize(20 << 20),
  "other:kept-out": npy("np.zeros(2)"),
};

let stack: Stack;
const dir = mkdtempSync(join(tmpdir(), "numpy-redis-npz-"));
beforeAll(async () => {
  stack = await startStack();
  for (const [key, bytes] of Object.entries(arrays)) {
    expect((await fetch(stack.arrayUrl(key), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> })).status).toBe(201);
  }
  await stack.redis.client().set("npz:a-string", "not an array");
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Downloads the archive to a file; returns its path and the response. */
async function download(query: string): Promise<{ path: string; response: Response }> {
  const response = await fetch(stack.url(`/api/npz?${query}`));
  const path = join(dir, `${Math.random().toString(36).slice(2)}.npz`);
  if (response.ok) writeFileSync(path, Buffer.from(await response.arrayBuffer()));
  return { path, response };
}

// {member: [bytes equal to NP.GET's, np.load's array equal to np.load of NP.GET's bytes]} after zipfile checked every CRC.
const CHECK = `import io, json, sys, zipfile, redis, numpy as np
r = redis.Redis(port=int(sys.argv[2]))
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    stored = {n: r.execute_command("NP.GET", n[:-4]) for n in z.namelist()}
    same = {n: z.read(n) == stored[n] for n in z.namelist()}
with np.load(sys.argv[1]) as npz:
    loaded = {n: bool(np.array_equal(npz[n], np.load(io.BytesIO(stored[n + ".npy"])))) for n in npz.files}
print(json.dumps({"same": same, "loaded": loaded}))
`;

function check(path: string): { same: Record<string, boolean>; loaded: Record<string, boolean> } {
  return JSON.parse(runPython(CHECK, [path, String(stack.redis.port)]).toString()) as ReturnType<typeof check>;
}

describe("GET /api/npz", () => {
  it("match= gives every matching array, each member the stored bytes, and np.load reads them all", async () => {
    const { path, response } = await download("match=npz:*");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="npz.npz"; filename*=UTF-8''npz.npz`);
    const { same, loaded } = check(path);
    const expected = Object.keys(arrays).filter((key) => key.startsWith("npz:"));
    expect(Object.keys(same).sort()).toEqual(expected.map((key) => `${key}.npy`).sort());
    expect(Object.values(same).every(Boolean)).toBe(true);
    expect(Object.keys(loaded).sort()).toEqual([...expected].sort());
    expect(Object.values(loaded).every(Boolean)).toBe(true);
  });

  it("key= gives exactly the named arrays", async () => {
    const { path, response } = await download("key=npz:labels&key=other:kept-out");
    expect(response.status).toBe(200);
    expect(Object.keys(check(path).same).sort()).toEqual(["npz:labels.npy", "other:kept-out.npy"]);
  });

  it("refuses, before any byte, a named key that is no array", async () => {
    for (const query of ["key=npz:labels&key=npz:gone", "key=npz:a-string"]) {
      const response = await fetch(stack.url(`/api/npz?${query}`));
      expect(response.status).toBe(404);
      expect((await jsonBody(response)).error).toMatch(/no array named "npz:(gone|a-string)"/);
    }
  });

  it.each([
    ["", "name the arrays"],
    ["key=a&match=*", "not both"],
    [Array.from({ length: 1001 }, (_, i) => `key=k${i}`).join("&"), "at most 1000 key="],
  ])("answers 400 to %j", async (query, reason) => {
    const response = await fetch(stack.url(`/api/npz?${query}`));
    expect(response.status).toBe(400);
    expect((await jsonBody(response)).error).toContain(reason);
  });

  it("is an empty archive np.load opens when nothing matches", async () => {
    const { path, response } = await download("match=nothing:*");
    expect(response.status).toBe(200);
    expect(runPython("import sys, numpy as np\nprint(len(np.load(sys.argv[1]).files))", [path]).toString().trim()).toBe("0");
  });
});
