/** The min/max pyramid of a long line: its envelopes against numpy's nanmin and nanmax of each bucket, and against the plain scan. */
import { describe, expect, test } from "vitest";
import { buildLinePyramid, lineEnvelope, numericView, pyramidBytes, pyramidEnvelope } from "@/lib/npy";
import { numpyArrays } from "./numpy-arrays";

interface Case {
  name: string;
  axis: number;
  indices: number[];
  maxPoints: number;
  start: number;
  end: number;
  x: number[];
  min: number[];
  max: number[];
}

const { array, expected } = numpyArrays<Case[]>(`
rng = np.random.default_rng(11)
walk = np.cumsum(rng.standard_normal(5_000_003)).astype(np.float32)
walk[1_000_000] = 1e30                 # one hot sample, alone in its base block
walk[2_000_000:2_000_700] = np.nan     # NaN across several base blocks, some of them whole
walk[3_000_001] = np.inf
walk[3_000_002] = -np.inf
walk[-5:] = np.nan
columns = rng.standard_normal((2_100_000, 2))   # float64, the line along axis 0: a stride of 2
columns[777_777, 1] = -1e300
bytes_ = rng.integers(-128, 128, 20_000_000, dtype=np.int8)   # long enough for base blocks of 32
bytes_[12_345_678] = 127
arrays = {"walk": walk, "columns": columns, "bytes": bytes_}

def envelope(name, axis, indices, maxPoints, start, end):
    a = arrays[name].astype(np.float64)
    index = list(indices)
    index[axis] = slice(start, end)
    values = a[tuple(index)]
    length = end - start
    factor = -(-length // min(maxPoints, length))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lows = [float(np.nanmin(values[i : i + factor])) for i in range(0, length, factor)]
        highs = [float(np.nanmax(values[i : i + factor])) for i in range(0, length, factor)]
    return dict(name=name, axis=axis, indices=indices, maxPoints=maxPoints, start=start, end=end, x=list(range(start, end, factor)), min=lows, max=highs)

n = len(walk)
expected = [
    envelope("walk", 0, [0], 800, 0, n),
    envelope("walk", 0, [0], 777, 1_234_567, 1_244_567),
    envelope("walk", 0, [0], 300, 1_999_000, 2_001_000),
    envelope("walk", 0, [0], 1000, 2_000_016, 2_000_672),
    envelope("walk", 0, [0], 64, 2_999_990, 3_000_010),
    envelope("walk", 0, [0], 500, n - 100_000, n),
    envelope("walk", 0, [0], 40, 17, 34),
    envelope("walk", 0, [0], 999, 999_000, 1_001_001),
    envelope("columns", 0, [0, 1], 1200, 0, len(columns)),
    envelope("columns", 0, [0, 1], 640, 700_001, 800_003),
    envelope("bytes", 0, [0], 800, 0, len(bytes_)),
    envelope("bytes", 0, [0], 333, 12_000_001, 12_400_000),
]
`);

describe("pyramidEnvelope", () => {
  const named = expected.map((c) => [`${c.name}: ${c.maxPoints} buckets of ${c.start}–${c.end}`, c] as const);
  test.each(named)("%s equals numpy's nanmin/nanmax per bucket", (_, c) => {
    const pyramid = buildLinePyramid(numericView(array(c.name))!, c.axis, c.indices);
    const result = pyramidEnvelope(pyramid, c.maxPoints, c);
    expect(Array.from(result.x)).toEqual(c.x);
    expect(Array.from(result.min)).toEqual(c.min);
    expect(Array.from(result.max)).toEqual(c.max);
  });

  test("random windows give exactly the scan's envelope", () => {
    const view = numericView(array("walk"))!;
    const pyramid = buildLinePyramid(view, 0, [0]);
    const n = view.shape[0];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const start = Math.floor(next() * n);
      const end = Math.min(n, start + 1 + Math.floor(next() ** 3 * n));
      const maxPoints = 1 + Math.floor(next() * 2000);
      const scanned = lineEnvelope(view, maxPoints, 0, undefined, { start, end });
      const fromPyramid = pyramidEnvelope(pyramid, maxPoints, { start, end });
      expect(fromPyramid, `${maxPoints} buckets of ${start}–${end}`).toEqual(scanned);
    }
  });

  test("its memory is bounded by the block count, not the line's length", () => {
    const small = buildLinePyramid(numericView(array("walk"))!, 0, [0]);
    const long = buildLinePyramid(numericView(array("bytes"))!, 0, [0]);
    expect(small.baseShift).toBe(4);
    expect(long.baseShift).toBe(5);
    expect(pyramidBytes(small)).toBeLessThan(0.51 * small.line.length * 4); // about half the float32 line
    expect(pyramidBytes(long)).toBeLessThanOrEqual(32 << 20);
  });
});
