/** Several lines bucketed alike, against numpy's nanmin and nanmax of each bucket. */
import { describe, expect, test } from "vitest";
import { lineEnvelopes, numericView } from "@/lib/npy";
import { numpyArrays } from "./numpy-arrays";

interface Case {
  name: string;
  axis: number;
  acrossAxis: number;
  lines: number[];
  indices: number[];
  maxPoints: number;
  start: number;
  end: number;
  x: number[];
  min: number[];
  max: number[];
  factor: number;
}

const { array, expected } = numpyArrays<Case[]>(`
rng = np.random.default_rng(8)
cube = np.asfortranarray(rng.standard_normal((3, 40, 7)))
cube[2, 9:13, 3] = np.nan
cube[2, 20, 0] = np.inf
arrays = {"cube": cube, "series": rng.standard_normal(100).astype(np.float32)}

def envelopes(name, axis, acrossAxis, lines, indices, maxPoints, start, end):
    a = arrays[name].astype(np.float64)
    length = end - start
    # As many buckets as fit maxPoints, each of factor elements (the last one shorter).
    factor = -(-length // min(maxPoints, length))
    x = list(range(start, end, factor))
    lows, highs = [], []
    for line in lines:
        index = list(indices)
        if acrossAxis >= 0:
            index[acrossAxis] = line
        index[axis] = slice(start, end)
        values = a[tuple(index)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lows += [float(np.nanmin(values[i : i + factor])) for i in range(0, length, factor)]
            highs += [float(np.nanmax(values[i : i + factor])) for i in range(0, length, factor)]
    return dict(name=name, axis=axis, acrossAxis=acrossAxis, lines=lines, indices=indices, maxPoints=maxPoints, start=start, end=end,
                x=x, min=lows, max=highs, factor=factor if len(x) > 1 else 1)

expected = [
    envelopes("cube", 1, 2, [0, 3, 6], [2, 0, 0], 8, 5, 37),
    envelopes("cube", 1, 0, [2, 1], [0, 0, 3], 100, 0, 40),
    envelopes("cube", 2, 1, [9, 20], [2, 0, 0], 3, 0, 7),
    envelopes("series", 0, -1, [0], [0], 16, 0, 100),
    envelopes("series", 0, -1, [0], [0], 16, 40, 41),
]
`);

describe("lineEnvelopes", () => {
  const named = expected.map(
    (c) => [`${c.name} along ${c.axis}, lines ${c.lines.join(",")} across ${c.acrossAxis}, ${c.maxPoints} points of ${c.start}–${c.end}`, c] as const,
  );
  test.each(named)("%s", (_, c) => {
    const view = numericView(array(c.name))!;
    const result = lineEnvelopes(view, c, c.maxPoints, c);
    expect(Array.from(result.x)).toEqual(c.x);
    expect(Array.from(result.min)).toEqual(c.min);
    expect(Array.from(result.max)).toEqual(c.max);
    expect(result.factor).toBe(c.factor);
  });

  test("no lines give empty buckets", () => {
    const view = numericView(array("series"))!;
    const result = lineEnvelopes(view, { axis: 0, acrossAxis: -1, lines: [], indices: [0] }, 10, { start: 0, end: 100 });
    expect([result.x.length, result.min.length, result.max.length, result.factor]).toEqual([0, 0, 0, 1]);
  });
});
