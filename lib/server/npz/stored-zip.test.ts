// The archive writer against Python's zipfile (CRCs checked) and numpy's np.load.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npy, runPython } from "../../../tests/helpers/fixtures";
import { storedZip, type ZipMember } from "./stored-zip";

const dir = mkdtempSync(join(tmpdir(), "numpy-redis-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arrays: Record<string, string> = {
  "frames:0": "np.arange(24, dtype='<f4').reshape(2, 3, 4)",
  "naïve/ключ": "np.array([1, 2, 3], dtype='>i8')",
  empty: "np.zeros((0, 5))",
  fields: "np.zeros(3, dtype=[('x', '<f8'), ('t', 'M8[ns]')])",
};
const files = Object.fromEntries(Object.entries(arrays).map(([key, expression]) => [key, npy(expression)]));

function* inPieces(bytes: Buffer, size = 7): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function* membersOf(entries: [string, Buffer][]): Generator<ZipMember> {
  for (const [key, bytes] of entries) yield { name: `${key}.npy`, size: bytes.length, chunks: inPieces(bytes) };
}

async function archive(entries: [string, Buffer][], forceZip64: boolean): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of storedZip(membersOf(entries), { forceZip64 })) chunks.push(chunk);
  const path = join(dir, `${forceZip64 ? "zip64" : "plain"}-${entries.length}.npz`);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

// Prints {name: [member bytes identical to the file's, np.load's array equal to np.load of the file]}.
const CHECK = `import io, json, sys, zipfile, numpy as np
path, expected = sys.argv[1], json.loads(sys.stdin.read())
with zipfile.ZipFile(path) as z:
    assert z.testzip() is None, "a member's CRC is wrong"
    names = z.namelist()
    same = {n: z.read(n) == bytes.fromhex(expected[n]) for n in names}
with np.load(path) as npz:
    loaded = {n + ".npy": np.array_equal(npz[n], np.load(io.BytesIO(bytes.fromhex(expected[n + ".npy"]))), equal_nan=False) for n in npz.files}
print(json.dumps({"names": names, "same": same, "loaded": loaded}))
`;

// CHECK's printout: the archive's member names, then per member name whether its bytes / its array matched.
interface CheckResult {
  names: string[];
  same: Record<string, boolean>;
  loaded: Record<string, boolean>;
}

describe.each([false, true])("a stored zip (Zip64 forced: %s)", (forceZip64) => {
  it("opens in zipfile with every CRC right, each member the exact bytes, and np.load reads every array", async () => {
    const entries = Object.entries(files);
    const path = await archive(entries, forceZip64);
    const expected = Object.fromEntries(entries.map(([key, bytes]) => [`${key}.npy`, bytes.toString("hex")]));
    const result = JSON.parse(runPython(CHECK, [path], Buffer.from(JSON.stringify(expected))).toString()) as CheckResult;
    expect(result.names).toEqual(entries.map(([key]) => `${key}.npy`));
    expect(Object.values(result.same)).toEqual(entries.map(() => true));
    expect(Object.values(result.loaded)).toEqual(entries.map(() => true));
  });
});

it("writes an empty archive np.load opens, for a filter that matches nothing", async () => {
  const path = await archive([], false);
  expect(runPython("import sys, numpy as np\nprint(len(np.load(sys.argv[1]).files))", [path]).toString().trim()).toBe("0");
});

it("fails when a member yields other than the bytes it announced", async () => {
  const short: ZipMember = { name: "a.npy", size: 100, chunks: inPieces(files.empty) };
  const drain = async () => {
    for await (const chunk of storedZip(
      (function* () {
        yield short;
      })(),
    ))
      void chunk;
  };
  await expect(drain()).rejects.toThrow(`member a.npy gave ${files.empty.length} bytes where 100 were announced`);
});
