/**
 * Arrays made by numpy for one test file, and numpy's answers about them. The
 * script sets `arrays` (name → ndarray, each saved with np.save, or a callable
 * taking the path for other writers) and `expected` (anything JSON can hold);
 * `data` holds the JSON input; make_corpus (tests/fixtures) is importable for
 * its spellings of values as lib/npy writes them. Call at the top level of a test file.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { readNpy, type NpyArray } from "@/lib/npy";
import { PYTHON, ROOT } from "./corpus";

export interface NumpyArrays<E> {
  array: (name: string) => NpyArray;
  expected: E;
}

const PRELUDE = `
import json, math, os, sys, warnings
import numpy as np
sys.path.insert(0, sys.argv[2])

def _plain(o):
    """JSON has no NaN or infinities: they travel as {"float": "nan" | "inf" | "-inf"}; numpy values as Python's."""
    if isinstance(o, np.ndarray) or isinstance(o, np.generic):
        return _plain(o.tolist())
    if isinstance(o, float) and not math.isfinite(o):
        return {"float": repr(o)}
    if isinstance(o, (list, tuple)):
        return [_plain(x) for x in o]
    if isinstance(o, dict):
        return {k: _plain(v) for k, v in o.items()}
    return o

data = json.loads(sys.stdin.read() or "null")
arrays = {}
expected = None
`;

const EPILOGUE = `
for name, a in arrays.items():
    path = os.path.join(sys.argv[1], name + ".npy")
    a(path) if callable(a) else np.save(path, a)
print(json.dumps(_plain(expected), allow_nan=False))
`;

const NON_FINITE: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity };

function nonFinite(_key: string, value: unknown): unknown {
  const spelled = value && typeof value === "object" && "float" in value ? value.float : null;
  return typeof spelled === "string" && spelled in NON_FINITE ? NON_FINITE[spelled] : value;
}

export function numpyArrays<E>(script: string, input: unknown = null): NumpyArrays<E> {
  const dir = mkdtempSync(join(tmpdir(), "npy-arrays-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const out = execFileSync(PYTHON, ["-c", PRELUDE + script + EPILOGUE, dir, join(ROOT, "tests/fixtures")], {
    input: JSON.stringify(input),
    maxBuffer: 64 << 20,
  });
  return {
    array: (name) => readNpy(new Uint8Array(readFileSync(join(dir, `${name}.npy`)))),
    expected: JSON.parse(out.toString("utf8"), nonFinite) as E,
  };
}
