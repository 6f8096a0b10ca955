/** A plane's display range against numpy: finite extremes, nearest-rank percentiles of the finite values, smallest positive value. */
import { describe, expect, test } from "vitest";
import { displayRange, numericView } from "@/lib/npy";
import { numpyArrays } from "./numpy-arrays";

interface Expected {
  min: number;
  max: number;
  minPositive: number;
  clipped: Record<string, [number, number]>;
}

// 1001 finite values, so the percentiles' ranks p/100 × 1000 are never halfway between two
// values (where numpy's "nearest" rounds to even and the range rounds up).
const PERCENTS = [1, 2.5, 5, 13.7, 49.9];
const { array, expected } = numpyArrays<Record<string, Expected>>(
  `
rng = np.random.default_rng(5)
finite = (rng.standard_normal(1001) * 50).astype(np.float32)
mixed = np.concatenate([finite, np.array([np.nan, np.inf, -np.inf, np.nan], dtype=np.float32)])
rng.shuffle(mixed)
arrays = {"mixed": mixed, "negative": -np.abs(finite) - 1, "none": np.array([np.nan, np.inf], dtype=np.float32)}
expected = {}
for name, a in arrays.items():
    fin = a[np.isfinite(a)]
    positive = fin[fin > 0]
    expected[name] = dict(
        min=float(fin.min()) if fin.size else math.inf,
        max=float(fin.max()) if fin.size else -math.inf,
        minPositive=float(positive.min()) if positive.size else math.nan,
        clipped={str(p): np.percentile(fin, [p, 100 - p], method="nearest").tolist() for p in data} if fin.size else {},
    )
`,
  PERCENTS,
);

/** The float32 values numpy wrote, as the plane's values. */
const values = (name: string) => Float32Array.from(numericView(array(name))!.values);

describe("displayRange", () => {
  test.each(PERCENTS)("clipped at %f percent, the ends are numpy's nearest-rank percentiles of the finite values", (percent) => {
    const range = displayRange(values("mixed"), percent);
    expect([range.clippedMin, range.clippedMax]).toEqual(expected.mixed.clipped[String(percent)]);
  });

  test("unclipped, the ends are the finite extremes; minPositive the smallest value above zero", () => {
    const range = displayRange(values("mixed"), 0);
    const { min, max, minPositive } = expected.mixed;
    expect(range).toEqual({ min, max, clippedMin: min, clippedMax: max, minPositive });
  });

  test("without a positive value minPositive is NaN; without a finite value the extremes are ±Infinity the wrong way round", () => {
    expect(displayRange(values("negative"), 0).minPositive).toBeNaN();
    expect(displayRange(values("negative"), 5).max).toBe(expected.negative.max);
    expect(displayRange(values("none"), 5)).toEqual({ min: Infinity, max: -Infinity, clippedMin: Infinity, clippedMax: -Infinity, minPositive: NaN });
  });
});
