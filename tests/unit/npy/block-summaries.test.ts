/** Each block's min, max and mean in one pass, against numpy's nanmin, nanmax and nanmean of the same blocks. */
import { describe, expect, test } from "vitest";
import { blockSummaries, numericView } from "@/lib/npy";
import { numpyArrays } from "./numpy-arrays";

interface Case {
  name: string;
  xAxis: number;
  yAxis: number;
  indices: number[];
  factorX: number;
  factorY: number;
  width: number;
  height: number;
  min: number[];
  max: number[];
  mean: number[];
}

const { array, expected } = numpyArrays<Case[]>(`
rng = np.random.default_rng(5)
field = rng.standard_normal((37, 53)).astype(np.float32)
field[4:9, 10:20] = np.nan          # one block of only NaN, others partly NaN
field[30, 50] = np.inf
field[2, 3] = 1e30                  # a lone hot element
cube = np.asfortranarray(rng.integers(-1000, 1000, (5, 23, 17)).astype('>i4'))
arrays = {"field": field, "cube": cube}

def blocks(name, xAxis, yAxis, indices, factorX, factorY):
    a = arrays[name].astype(np.float64)
    index = list(indices)
    index[xAxis] = slice(None)
    index[yAxis] = slice(None)
    plane = a[tuple(index)]
    if xAxis < yAxis:
        plane = plane.T            # rows along y
    rows = range(0, plane.shape[0], factorY)
    columns = range(0, plane.shape[1], factorX)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = {f.__name__[3:]: [float(f(plane[i:i + factorY, j:j + factorX])) for i in rows for j in columns] for f in (np.nanmin, np.nanmax, np.nanmean)}
    return dict(name=name, xAxis=xAxis, yAxis=yAxis, indices=indices, factorX=factorX, factorY=factorY, width=len(columns), height=len(rows), **summary)

expected = [
    blocks("field", 1, 0, [0, 0], 7, 4),
    blocks("field", 1, 0, [0, 0], 1, 1),
    blocks("field", 0, 1, [0, 0], 5, 6),
    blocks("cube", 2, 1, [3, 0, 0], 4, 5),
    blocks("cube", 0, 1, [0, 0, 11], 2, 9),
]
`);

describe("blockSummaries", () => {
  const named = expected.map((c) => [`${c.name}: x ${c.xAxis}, y ${c.yAxis}, blocks of ${c.factorY}×${c.factorX}`, c] as const);
  test.each(named)("%s equals numpy's nanmin/nanmax/nanmean per block", (_, c) => {
    const result = blockSummaries(numericView(array(c.name))!, c, c.factorX, c.factorY);
    expect([result.width, result.height]).toEqual([c.width, c.height]);
    expect(Array.from(result.min)).toEqual(c.min);
    expect(Array.from(result.max)).toEqual(c.max);
    // The mean of float32 values summed in another order may differ in the last bits.
    result.mean.forEach((mean, i) => (Number.isFinite(c.mean[i]) ? expect(mean).toBeCloseTo(c.mean[i], 9) : expect(mean).toBe(c.mean[i])));
  });

  test("refuses blocks that are not whole numbers of elements", () => {
    expect(() => blockSummaries(numericView(array("field"))!, { xAxis: 1, yAxis: 0, indices: [0, 0] }, 0, 2)).toThrow(/whole numbers/);
  });
});
