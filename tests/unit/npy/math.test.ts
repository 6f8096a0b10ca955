/** Numeric views, planes, downsampling, envelopes, histograms and percentiles against brute force and numpy. */
import { describe, expect, test } from "vitest";
import {
  downsamplePlane,
  EXACT_PERCENTILE_LIMIT,
  extractPlane,
  getValue,
  histogram,
  lineEnvelope,
  NpyError,
  numericView,
  percentile,
  readNpy,
  type NpyArray,
  type NumericView,
} from "@/lib/npy";
import { corpus, python } from "./corpus";
import { Random } from "./random";

const { dir, bytes } = corpus();
const load = (name: string) => readNpy(bytes(`valid/${name}.npy`));

/** The element at logical multi-index `at`, through the view's strides. */
function at(view: NumericView, index: number[]): number {
  return view.values[index.reduce((sum, i, axis) => sum + i * view.strides[axis], 0)];
}

/** Multi-index of a flat C-order index. */
function unravel(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return index;
}

function asNumber(value: unknown): number {
  return typeof value === "boolean" ? Number(value) : Number(value);
}

/** A synthetic view over arbitrary values (C order). */
function viewOf(values: Float32Array | Float64Array, shape: number[]): NumericView {
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  return { values, shape, strides, exact: true };
}

describe("numericView", () => {
  test.each(["d2_c", "d2_fortran", "d3_fortran_be_i2", "d4_c_u1", "d4_fortran_f4", "bool_2d", "i8_be", "u8_beyond_2p53", "f2_random", "unaligned_offset_3"])(
    "%s: logical indexing through strides matches getValue",
    (name) => {
      const array = load(name);
      const view = numericView(array)!;
      expect(view.values.length).toBe(array.header.size);
      expect(view.shape).toEqual(array.header.shape);
      for (let i = 0; i < array.header.size; i++) {
        const expected = asNumber(getValue(array, i));
        const actual = at(view, unravel(i, view.shape));
        if (array.header.dtype.kind === "float" && array.header.dtype.itemsize === 2) expect(actual).toBe(Math.fround(expected));
        else expect(actual).toBe(expected);
      }
    },
  );

  test("is zero-copy for aligned little-endian data and one copy otherwise", () => {
    const aligned = load("d4_fortran_f4");
    expect(numericView(aligned)!.values.buffer).toBe(aligned.data.buffer);
    for (const name of ["f4_specials_be", "unaligned_offset_13", "f2_random", "i8_le", "struct_simple"]) {
      const array = load(name);
      const view = numericView(array, name.startsWith("struct") ? { field: ["x"] } : {})!;
      expect(view.values.buffer).not.toBe(array.data.buffer);
    }
  });

  test("marks int64 beyond 2^53 as approximate and keeps the exact extremes", () => {
    const view = numericView(load("i8_beyond_2p53"))!;
    expect(view.exact).toBe(false);
    expect(view.exactRange).toEqual({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    expect(numericView(load("i8_le"))!.exact).toBe(false);
    expect(numericView(load("d1"))!.exact).toBe(true);
  });

  test("structured fields, nested fields and subarray fields", () => {
    const nested = load("struct_nested_subarray");
    expect(Array.from(numericView(nested, { field: ["pos", "lat"] })!.values)).toEqual([1.5, -2.25, 0.1]);
    const m = numericView(nested, { field: ["m"] })!;
    expect(m.shape).toEqual([3, 2, 3]);
    expect(Array.from(m.values)).toEqual(Array.from({ length: 18 }, (_, i) => i));
    const grid = load("struct_2d_fortran");
    const x = numericView(grid, { field: ["x"] })!;
    for (let i = 0; i < 6; i++) {
      expect(at(x, unravel(i, [2, 3]))).toBe((getValue(grid, i) as { x: number }).x);
    }
    expect(numericView(load("struct_titles_offsets"), { field: ["Alpha title"] })!.values[1]).toBe(8);
    expect(() => numericView(nested, { field: ["nope"] })).toThrow(/no field 'nope' among 'id', 'pos'/);
    expect(numericView(nested, { field: ["tags"] })).toBeNull();
  });

  test("complex parts", () => {
    const array = load("c16_be");
    const parts = (part: "amplitude" | "phase" | "real" | "imaginary") => Array.from(numericView(array, { complexPart: part })!.values);
    const values = Array.from({ length: array.header.size }, (_, i) => getValue(array, i) as { re: number; im: number });
    expect(parts("real")).toEqual(values.map((v) => v.re));
    expect(parts("imaginary")).toEqual(values.map((v) => v.im));
    expect(parts("amplitude")).toEqual(values.map((v) => Math.hypot(v.re, v.im)));
    expect(parts("phase")).toEqual(values.map((v) => Math.atan2(v.im, v.re)));
  });

  test("is null for text, datetimes, void and pickled objects", () => {
    for (const name of ["U7_le", "S5", "M8_ns_le", "V8", "object"]) expect(numericView(load(name))).toBeNull();
  });
});

describe("planes", () => {
  test.each(["d4_fortran_f4", "d4_c_u1", "d3_fortran_be_i2"])("%s: every axis pair and fixed index matches getValue", (name) => {
    const array: NpyArray = load(name);
    const view = numericView(array)!;
    const shape = view.shape;
    for (let y = 0; y < shape.length; y++) {
      for (let x = 0; x < shape.length; x++) {
        if (x === y) continue;
        const indices = shape.map((dim) => dim - 1);
        const plane = extractPlane(view, { xAxis: x, yAxis: y, indices });
        expect([plane.width, plane.height]).toEqual([shape[x], shape[y]]);
        for (let row = 0; row < plane.height; row++) {
          for (let col = 0; col < plane.width; col++) {
            const index = [...indices];
            index[x] = col;
            index[y] = row;
            const flat = index.reduce((sum, i, axis) => sum * shape[axis] + i, 0);
            expect(plane.values[row * plane.width + col]).toBe(Math.fround(asNumber(getValue(array, flat))));
          }
        }
      }
    }
  });

  test("1-D and 0-d arrays make single-row planes", () => {
    const line = extractPlane(numericView(load("d1"))!, { xAxis: 0, yAxis: -1, indices: [] });
    expect([line.width, line.height, Array.from(line.values)]).toEqual([7, 1, [0, 1, 2, 3, 4, 5, 6]]);
    const scalar = extractPlane(numericView(load("scalar_0d_f8"))!, { xAxis: -1, yAxis: -1, indices: [] });
    expect(Array.from(scalar.values)).toEqual([3.25]);
  });

  test("bad selections are errors that say why", () => {
    const view = numericView(load("d4_c_u1"))!;
    expect(() => extractPlane(view, { xAxis: 4, yAxis: 0, indices: [] })).toThrow(/xAxis 4 is not an axis of a 4-d array/);
    expect(() => extractPlane(view, { xAxis: 1, yAxis: 1, indices: [] })).toThrow(/two different axes/);
    expect(() => extractPlane(view, { xAxis: 3, yAxis: 2, indices: [5, 0, 0, 0] })).toThrow(/index 5 is out of range for axis 0 of length 2/);
    expect(() => extractPlane(view, { xAxis: 3, yAxis: 2, indices: [5, 0, 0, 0] })).toThrow(NpyError);
  });
});

/** Brute-force block reduction, the definition downsamplePlane must meet. */
function referenceDownsample(plane: { width: number; height: number; values: Float32Array }, fx: number, fy: number, reduce: "mean" | "min" | "max"): number[] {
  const out: number[] = [];
  for (let by = 0; by < Math.ceil(plane.height / fy); by++) {
    for (let bx = 0; bx < Math.ceil(plane.width / fx); bx++) {
      const block: number[] = [];
      for (let y = by * fy; y < Math.min(plane.height, (by + 1) * fy); y++) {
        for (let x = bx * fx; x < Math.min(plane.width, (bx + 1) * fx); x++) {
          const v = plane.values[y * plane.width + x];
          if (!Number.isNaN(v)) block.push(v);
        }
      }
      if (block.length === 0) out.push(NaN);
      else if (reduce === "min") out.push(Math.min(...block));
      else if (reduce === "max") out.push(Math.max(...block));
      else out.push(Math.fround(block.reduce((a, b) => a + b, 0) / block.length));
    }
  }
  return out;
}

describe("downsamplePlane", () => {
  const r = new Random(42);
  const values = new Float32Array(3 * 37 * 53).map(() => (r.chance(0.05) ? NaN : r.next() * 200 - 100));
  values.fill(NaN, 0, 12); // a whole block of NaN
  const view = viewOf(values, [3, 37, 53]);

  test.each([
    [10, 10],
    [53, 37],
    [7, 5],
    [1, 1],
    [100, 100],
    [26, 36],
  ])("to at most %i×%i cells equals brute-force block reduction", (maxWidth, maxHeight) => {
    for (const reduce of ["mean", "min", "max"] as const) {
      for (const selection of [
        { xAxis: 2, yAxis: 1, indices: [1, 0, 0] },
        { xAxis: 1, yAxis: 2, indices: [2, 0, 0] },
        { xAxis: 0, yAxis: 2, indices: [0, 7, 0] },
      ]) {
        const full = extractPlane(view, selection);
        const small = downsamplePlane(view, selection, maxWidth, maxHeight, reduce);
        expect(small.width).toBeLessThanOrEqual(maxWidth);
        expect(small.height).toBeLessThanOrEqual(maxHeight);
        expect(small.width).toBe(Math.ceil(full.width / small.factorX));
        expect(small.height).toBe(Math.ceil(full.height / small.factorY));
        const expected = referenceDownsample(full, small.factorX, small.factorY, reduce);
        const actual = Array.from(small.values);
        actual.forEach((v, i) => {
          if (Number.isNaN(expected[i])) expect(v).toBeNaN();
          else expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-4);
        });
      }
    }
  });
});

describe("downsamplePlane edge blocks", () => {
  test("a block of infinities keeps its infinity; a block of NaN gives NaN", () => {
    const values = new Float32Array([Infinity, Infinity, NaN, NaN, -Infinity, 1, NaN, 2]);
    const view = viewOf(values, [2, 4]);
    const selection = { xAxis: 1, yAxis: 0, indices: [0, 0] };
    const min = downsamplePlane(view, selection, 4, 1, "min");
    expect(Array.from(min.values)).toEqual([-Infinity, 1, NaN, 2]);
    const max = downsamplePlane(view, selection, 2, 1, "max");
    expect(Array.from(max.values)).toEqual([Infinity, 2]);
    const onlyNaN = downsamplePlane(viewOf(new Float32Array([NaN, NaN]), [2]), { xAxis: 0, yAxis: -1, indices: [] }, 1, 1, "max");
    expect(Array.from(onlyNaN.values)).toEqual([NaN]);
    const plusInfinity = downsamplePlane(viewOf(new Float32Array([Infinity, NaN]), [2]), { xAxis: 0, yAxis: -1, indices: [] }, 1, 1, "min");
    expect(Array.from(plusInfinity.values)).toEqual([Infinity]);
  });
});

describe("lineEnvelope", () => {
  test("min and max per bucket along any axis", () => {
    const r = new Random(7);
    const values = new Float32Array(4 * 1000).map(() => r.next());
    values[1005] = NaN;
    const view = viewOf(values, [4, 1000]);
    const envelope = lineEnvelope(view, 64, 1, { xAxis: 1, yAxis: -1, indices: [1, 0] });
    const factor = Math.ceil(1000 / 64);
    expect(envelope.x.length).toBe(Math.ceil(1000 / factor));
    envelope.x.forEach((start, b) => {
      const bucket = Array.from(values.subarray(1000 + start, 1000 + Math.min(1000, start + factor))).filter((v) => !Number.isNaN(v));
      expect(start).toBe(b * factor);
      expect(envelope.min[b]).toBe(Math.min(...bucket));
      expect(envelope.max[b]).toBe(Math.max(...bucket));
    });
    const column = lineEnvelope(view, 10, 0, { xAxis: 0, yAxis: -1, indices: [0, 3] });
    expect(Array.from(column.min)).toEqual([0, 1, 2, 3].map((row) => values[row * 1000 + 3]));
  });

  test("a window is bucketed on its own, down to one bucket per element, with float64 values kept exact", () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50));
    const view = viewOf(values, [10_000]);
    const zoomed = lineEnvelope(view, 100, 0, undefined, { start: 4000, end: 6000 });
    expect(zoomed.x.length).toBe(100);
    expect(zoomed.x[0]).toBe(4000);
    expect(zoomed.x[99]).toBe(5980);
    expect(zoomed.max[1]).toBe(Math.max(...values.subarray(4020, 4040)));
    const samples = lineEnvelope(view, 100, 0, undefined, { start: 1234, end: 1300 });
    expect(Array.from(samples.x)).toEqual(Array.from({ length: 66 }, (_, i) => 1234 + i));
    expect(Array.from(samples.min)).toEqual(Array.from(values.subarray(1234, 1300)));
    expect(Array.from(samples.max)).toEqual(Array.from(samples.min));
    const clamped = lineEnvelope(view, 100, 0, undefined, { start: -50, end: 30.5 });
    expect(Array.from(clamped.x)).toEqual(Array.from({ length: 31 }, (_, i) => i));
  });
});

describe("histogram and percentile agree with numpy", () => {
  const names = ["f4_random_2d", "big_1d_f4", "f8_random_3d", "f4_specials_le", "d4_c_u1"];
  const expected = python<Record<string, { counts: number[]; edges: number[]; percentiles: number[]; range: number }>>(
    `
import json, sys, numpy as np
d = json.load(sys.stdin)
out = {}
for name in d["names"]:
    a = np.load(d["dir"] + "/valid/" + name + ".npy").astype(np.float64).ravel()
    a = a[np.isfinite(a)]
    counts, edges = np.histogram(a, bins=17)
    out[name] = dict(counts=counts.tolist(), edges=edges.tolist(), percentiles=np.percentile(a, [0, 1, 25, 50, 99, 100]).tolist(), range=float(a.max() - a.min()))
print(json.dumps(out))
`,
    JSON.stringify({ dir, names }),
  );

  test.each(names)("%s", (name) => {
    const view = numericView(load(name))!;
    const ours = histogram(view, 17);
    expect(Array.from(ours.counts)).toEqual(expected[name].counts);
    Array.from(ours.edges).forEach((edge, i) => expect(edge).toBeCloseTo(expected[name].edges[i], 6));
    percentile(view, [0, 1, 25, 50, 99, 100]).forEach((p, i) => {
      expect(p).toBeCloseTo(expected[name].percentiles[i], 9);
    });
  });

  test("above the exact limit, percentiles come from a histogram within 1/4096 of the range", () => {
    const r = new Random(99);
    const values = new Float32Array(EXACT_PERCENTILE_LIMIT + 1000).map(() => (r.next() - 0.5) * r.next() * 1000);
    const sorted = Float64Array.from(values).sort();
    const range = sorted[sorted.length - 1] - sorted[0];
    const qs = [0, 0.5, 2, 25, 50, 75, 98, 99.5, 100];
    percentile(viewOf(values, [values.length]), qs).forEach((p, i) => {
      const rank = (qs[i] / 100) * (sorted.length - 1);
      const exact = sorted[Math.floor(rank)] + (sorted[Math.ceil(rank)] - sorted[Math.floor(rank)]) * (rank - Math.floor(rank));
      expect(Math.abs(p - exact)).toBeLessThanOrEqual(range / 4096);
    });
  });

  test("an explicit range ignores values outside it", () => {
    const view = viewOf(new Float32Array([0, 1, 2, 3, 4, NaN, Infinity]), [7]);
    expect(Array.from(histogram(view, 2, [1, 3]).counts)).toEqual([1, 2]);
    expect(percentile(viewOf(new Float32Array([NaN]), [1]), [50])).toEqual([NaN]);
    const widest = histogram({ values: new Float64Array([-Number.MAX_VALUE, 0, Number.MAX_VALUE]), shape: [3], strides: [1], exact: true }, 4);
    expect(Array.from(widest.counts)).toEqual([1, 0, 1, 1]);
    expect(widest.edges[4]).toBe(Number.MAX_VALUE);
  });
});
