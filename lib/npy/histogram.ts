/** Histograms and approximate percentiles (for colour-scale clipping) over finite values. */
import type { NumericView } from "./numeric";

export interface Histogram {
  /** bins + 1 edges; the last bin includes its right edge, as numpy's does. */
  edges: Float64Array;
  counts: Float64Array;
}

function finiteRange(values: NumericView["values"]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo && v !== -Infinity) lo = v;
    if (v > hi && v !== Infinity) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Counts of finite values in `bins` equal-width bins over range (default: the finite min and max). */
export function histogram(view: NumericView, bins: number, range?: [number, number]): Histogram {
  const binCount = Math.max(1, Math.floor(bins));
  let [lo, hi] = range ?? finiteRange(view.values) ?? [0, 1];
  // numpy widens an empty range by 0.5 on each side.
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(binCount + 1);
  for (let i = 0; i <= binCount; i++) edges[i] = lo + ((hi - lo) * i) / binCount;
  const counts = new Float64Array(binCount);
  const scale = binCount / (hi - lo);
  const values = view.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    const bin = Math.min(binCount - 1, Math.floor((v - lo) * scale));
    counts[bin]++;
  }
  return { edges, counts };
}

const PERCENTILE_BINS = 4096;

/**
 * Approximate percentiles (0–100) of the finite values, interpolated inside a
 * 4096-bin histogram: within 1/4096 of the range of the exact answer. NaN when
 * there is no finite value.
 */
export function percentile(view: NumericView, p: number[]): number[] {
  const range = finiteRange(view.values);
  if (!range) return p.map(() => NaN);
  if (range[0] === range[1]) return p.map(() => range[0]);
  const { edges, counts } = histogram(view, PERCENTILE_BINS, range);
  let total = 0;
  for (const c of counts) total += c;
  return p.map((q) => {
    const target = (Math.min(100, Math.max(0, q)) / 100) * total;
    let seen = 0;
    for (let bin = 0; bin < counts.length; bin++) {
      const next = seen + counts[bin];
      if (next >= target && counts[bin] > 0) {
        const within = (target - seen) / counts[bin];
        return edges[bin] + within * (edges[bin + 1] - edges[bin]);
      }
      seen = next;
    }
    return range[1];
  });
}
