/**
 * A plane cut into blocks of factorX × factorY elements (the last ones along
 * each axis shorter), with each block's min, max and mean in one pass: what a
 * cell of a heatmap stands for when it covers many elements. NaN is skipped as
 * numpy's nanmin/nanmax/nanmean skip it; a block of only NaN gives NaN.
 */
import { NpyError } from "./errors";
import type { NumericView } from "./numeric";
import { geometry, type PlaneSelection } from "./plane";

export interface BlockSummaries {
  /** Blocks along x and y. */
  width: number;
  height: number;
  /** Row-major, height rows of width blocks each. */
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
}

export function blockSummaries(view: NumericView, selection: PlaneSelection, factorX: number, factorY: number): BlockSummaries {
  if (!(Number.isInteger(factorX) && Number.isInteger(factorY) && factorX >= 1 && factorY >= 1)) {
    throw new NpyError(`blocks must be whole numbers of elements, at least 1×1; got ${factorX}×${factorY}`);
  }
  const g = geometry(view, selection);
  const width = Math.ceil(g.width / factorX);
  const height = Math.ceil(g.height / factorY);
  const min = new Float64Array(width * height).fill(Infinity);
  const max = new Float64Array(width * height).fill(-Infinity);
  const sum = new Float64Array(width * height);
  const count = new Float64Array(width * height);
  const values = view.values;
  for (let y = 0; y < g.height; y++) {
    const cells = Math.floor(y / factorY) * width;
    const row = g.base + y * g.strideY;
    for (let cell = 0; cell < width; cell++) {
      const end = Math.min(g.width, (cell + 1) * factorX);
      let lo = min[cells + cell];
      let hi = max[cells + cell];
      let total = 0;
      let n = 0;
      for (let x = cell * factorX, at = row + x * g.strideX; x < end; x++, at += g.strideX) {
        const v = values[at];
        if (v !== v) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        total += v;
        n++;
      }
      min[cells + cell] = lo;
      max[cells + cell] = hi;
      sum[cells + cell] += total;
      count[cells + cell] += n;
    }
  }
  const mean = sum;
  for (let i = 0; i < mean.length; i++) {
    if (count[i] === 0) min[i] = max[i] = mean[i] = NaN;
    else mean[i] = sum[i] / count[i];
  }
  return { width, height, min, max, mean };
}
