/**
 * Differential fuzz against numpy: header texts mutated by a seeded generator
 * in Python, each file read by np.load and by readNpy. Whatever numpy reads,
 * we read alike (shape, order, item size, same bytes); whatever numpy refuses,
 * we refuse, except numpy quirks listed below that we refuse on purpose.
 */
import { describe, expect, test } from "vitest";
import { NpyError, readNpy } from "@/lib/npy";
import { corpus, python } from "./corpus";

interface Case {
  file: string; // hex
  header: string;
  numpy: { ok: true; shape: number[]; fortran: boolean; itemsize: number; dataBytes: number } | { ok: false; error: string };
}

const BASES = ["d2_fortran", "struct_simple", "M8_ns_le", "U7_be", "struct_titles_offsets", "scalar_0d_f8"];

const { dir } = corpus();
const cases = python<Case[]>(
  `
import io, json, random, sys, warnings
import numpy as np
d = json.load(sys.stdin)
rng = random.Random(1125)
TOKENS = [" ", " ", "\\n", "'", '"', "(", ")", "[", "]", "{", "}", ",", ":", " ", "0", "1", "-", "L", "True", "False", "None", "'<f8'", "(2,)", "()", "0x1", "\\\\", "'shape'", "'descr'", "'fortran_order'", "1.0", "[('a', '<i4')]", "u", "b'", "1_0"]
out = []
for name in d["bases"]:
    raw = open(d["dir"] + "/valid/" + name + ".npy", "rb").read()
    length = int.from_bytes(raw[8:10], "little")
    text, data = raw[10:10 + length].decode("latin1").rstrip(), raw[10 + length:]
    for _ in range(d["per_base"]):
        t = text
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(t) + 1)
            op = rng.random()
            if op < 0.4: t = t[:i] + rng.choice(TOKENS) + t[i:]
            elif op < 0.8: t = t[:i] + t[i + rng.randint(1, 4):]
            else: t = t[:i] + rng.choice(TOKENS) + t[i + rng.randint(1, 3):]
        body = t.encode("latin1", "replace")
        pad = (-(10 + len(body) + 1)) % 64
        header = body + b" " * pad + b"\\n"
        if len(header) > 65535: continue
        blob = b"\\x93NUMPY\\x01\\x00" + len(header).to_bytes(2, "little") + header + data
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                a = np.load(io.BytesIO(blob), allow_pickle=False)
            verdict = dict(ok=True, shape=list(a.shape), fortran=bool(a.flags.f_contiguous and not a.flags.c_contiguous and a.ndim > 1), itemsize=a.dtype.itemsize, dataBytes=a.nbytes)
        except Exception as e:
            verdict = dict(ok=False, error=type(e).__name__ + ": " + str(e)[:100])
        out.append(dict(file=blob.hex(), header=t, numpy=verdict))
print(json.dumps(out))
`,
  JSON.stringify({ dir, bases: BASES, per_base: 1000 }),
);

/**
 * numpy quirks we refuse on purpose (numpy never writes them): negative sizes ('S-1'), repeat-count prefixes
 * ('()f8', '2f4', '1<f8'), whitespace inside a type string ('|V 7'), numpy's
 * comma-separated field strings ('<f4,'), a dtype
 * in place of a subarray shape (numpy's (base, dtype) union form) and bytes
 * as field titles.
 */
function deliberatelyRefused(header: string, message: string): boolean {
  return (
    /[SUV]-\d/.test(header) ||
    /'[<>=|]?(\(\)|\d+)[<>=|]?[A-Za-z?]/.test(header) ||
    /unknown dtype '[^']*[\s,][^']*'/.test(message) ||
    /the subarray shape '/.test(message) ||
    /\(b'[^']*', '[^']*'\)/.test(header)
  );
}

function bytesOf(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

describe("header mutations: readNpy agrees with np.load", () => {
  test(`${cases.length} mutated headers`, () => {
    const disagreements: string[] = [];
    let accepted = 0;
    for (const c of cases) {
      let ours: ReturnType<typeof readNpy> | NpyError;
      try {
        ours = readNpy(bytesOf(c.file));
      } catch (error) {
        if (!(error instanceof NpyError)) throw error;
        ours = error;
      }
      if (c.numpy.ok) {
        accepted++;
        if (ours instanceof NpyError) {
          if (!deliberatelyRefused(c.header, ours.message)) disagreements.push(`numpy reads ${JSON.stringify(c.header)}, we say: ${ours.message}`);
          continue;
        }
        const same =
          JSON.stringify(ours.header.shape) === JSON.stringify(c.numpy.shape) &&
          ours.header.dtype.itemsize === c.numpy.itemsize &&
          ours.data.length === c.numpy.dataBytes &&
          (ours.header.fortranOrder && ours.header.shape.filter((d) => d > 1).length > 1) === c.numpy.fortran;
        if (!same) disagreements.push(`numpy and we read ${JSON.stringify(c.header)} differently`);
      } else if (!(ours instanceof NpyError)) {
        disagreements.push(`numpy refuses ${JSON.stringify(c.header)} (${c.numpy.error}), we read it`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(100);
  });
});
