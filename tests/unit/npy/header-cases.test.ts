/**
 * The shared header table (tests/fixtures/header_cases.py), written by numpy at
 * test time: readNpy reads every file numpy loads as numpy does (shape, order,
 * numpy's own descr value, item size, where the data starts) and refuses the
 * rest with an NpyError. The module runs the same table
 * (redis-module/tests/test_header_cases.py).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { NpyError, numpyDescr, readNpy } from "@/lib/npy";
import { PYTHON, ROOT } from "./corpus";

interface Case {
  group: string;
  name: string;
  file: string; // hex
  judge: string;
  refused_on_purpose: string | null;
  numpy:
    | { ok: true; shape: number[]; fortran_order: boolean; descr: unknown; itemsize: number; size: number; data_offset: number; pickled: boolean }
    | { ok: false; error: string };
}

const cases = JSON.parse(
  execFileSync(PYTHON, [join(ROOT, "tests/fixtures/header_cases.py")], { maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "ignore"] }).toString(),
) as Case[];

/**
 * numpy keeps a field of a subarray dtype as a nested pair (["c", ["<f8", [5]], [2]]); the reader
 * keeps one shape for the field ([2, 5]), which is the same memory layout and the same values.
 */
function collapseSubarrays(descr: unknown): unknown {
  if (!Array.isArray(descr)) return descr;
  return descr.map((entry: unknown[]) => {
    const [name] = entry as [unknown];
    let [, inner, shape] = entry as [unknown, unknown, number[] | undefined];
    while (
      Array.isArray(inner) &&
      inner.length === 2 &&
      typeof inner[0] === "string" &&
      Array.isArray(inner[1]) &&
      inner[1].every((d) => typeof d === "number")
    ) {
      shape = [...(shape ?? []), ...inner[1]];
      inner = inner[0];
    }
    const value = collapseSubarrays(inner);
    return shape && shape.length ? [name, value, shape] : [name, value];
  });
}

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

function read(c: Case): ReturnType<typeof readNpy> | NpyError {
  try {
    return readNpy(bytesOf(c.file));
  } catch (error) {
    if (error instanceof NpyError) return error;
    throw error;
  }
}

const label = (c: Case) => `${c.group}: ${JSON.stringify(c.name)} (${c.judge})`;

describe("the shared header table", () => {
  test("covers every class of case, with both verdicts", () => {
    expect(new Set(cases.map((c) => c.group))).toEqual(
      new Set(["numpy-writes", "type-names", "shape-spellings", "layout", "dimensions", "subarrays", "sizes"]),
    );
    expect(new Set(cases.map((c) => c.numpy.ok))).toEqual(new Set([true, false]));
  });

  test("numpy 2's StringDType file is read as the pickled object array numpy writes it as", () => {
    const stringDType = cases.find((c) => c.group === "numpy-writes" && c.name === "StringDType");
    expect(stringDType?.numpy).toMatchObject({ ok: true, descr: "|O", pickled: true });
    const ours = stringDType && read(stringDType);
    expect(ours).not.toBeInstanceOf(NpyError);
    const { header } = ours as ReturnType<typeof readNpy>;
    expect([numpyDescr(header.dtype), header.pickled]).toEqual(["|O", true]);
  });

  test("every file numpy loads is read as numpy reads it", () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      if (!c.numpy.ok || c.refused_on_purpose) continue;
      const ours = read(c);
      if (ours instanceof NpyError) {
        disagreements.push(`${label(c)}: numpy reads it, we say ${ours.message}`);
        continue;
      }
      const { header } = ours;
      const actual = {
        shape: header.shape,
        fortran_order: header.fortranOrder,
        descr: numpyDescr(header.dtype),
        itemsize: header.dtype.itemsize,
        size: header.size,
        data_offset: header.dataOffset,
        pickled: header.pickled,
      };
      const expected = { ...c.numpy, descr: collapseSubarrays(c.numpy.descr) } as Record<string, unknown>;
      delete expected.ok;
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        disagreements.push(`${label(c)}: numpy ${JSON.stringify(expected)}, we ${JSON.stringify(actual)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  test("every file numpy refuses is refused with a reason", () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      if (c.numpy.ok && !c.refused_on_purpose) continue;
      const ours = read(c);
      if (!(ours instanceof NpyError)) disagreements.push(`${label(c)}: ${c.numpy.ok ? c.refused_on_purpose : c.numpy.error}, we read it`);
      else if (ours.message.length < 10) disagreements.push(`${label(c)}: the reason "${ours.message}" says nothing`);
    }
    expect(disagreements).toEqual([]);
  });
});
