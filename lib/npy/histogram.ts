/** Histograms and approximate percentiles (for colour-scale clipping) over finite values. */
import { inChunks } from "./chunks";
import type { NumericView } from "./numeric";

export interface Histogram {
  /** bins + 1 edges; the last bin includes its right edge, as numpy's does. */
  edges: Float64Array;
  counts: Float64Array;
}

type Values = NumericView["values"];

function finiteRange(values: Values): [number, number] | null {
  const range = new Float64Array([Infinity, -Infinity]);
  inChunks(0, values.length, (start, end) => widenRange(values, start, end, range));
  return range[0] <= range[1] ? [range[0], range[1]] : null;
}

function widenRange(values: Values, start: number, end: number, range: Float64Array): void {
  let lo = range[0];
  let hi = range[1];
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v < lo && v !== -Infinity) lo = v;
    if (v > hi && v !== Infinity) hi = v;
  }
  range[0] = lo;
  range[1] = hi;
}

function countFinite(values: Values): number {
  let finite = 0;
  inChunks(0, values.length, (start, end) => {
    finite += countFiniteIn(values, start, end);
  });
  return finite;
}

function countFiniteIn(values: Values, start: number, end: number): number {
  let finite = 0;
  for (let i = start; i < end; i++) if (values[i] - values[i] === 0) finite++;
  return finite;
}

/**
 * Adds each value in [lo, hi] to its bin; v === hi lands in the extra last
 * slot. Neighbouring values often share a bin, so even and odd elements count
 * into two tallies and no increment waits on the one before.
 */
function tallyBins(
  values: Values,
  start: number,
  end: number,
  lo: number,
  hi: number,
  scale: number,
  half: boolean,
  even: Uint32Array,
  odd: Uint32Array,
): void {
  if (half) {
    const top = even.length - 1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (v >= lo && v <= hi) even[Math.min(top, ((v / 2 - lo / 2) * scale) | 0)]++;
    }
    return;
  }
  let i = start;
  for (; i + 1 < end; i += 2) {
    const v0 = values[i];
    const v1 = values[i + 1];
    if (v0 >= lo && v0 <= hi) even[((v0 - lo) * scale) | 0]++;
    if (v1 >= lo && v1 <= hi) odd[((v1 - lo) * scale) | 0]++;
  }
  if (i < end) {
    const v = values[i];
    if (v >= lo && v <= hi) even[((v - lo) * scale) | 0]++;
  }
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
  // A range wider than the largest double (e.g. -max to max) is measured in halves.
  const half = !Number.isFinite(hi - lo);
  const width = half ? hi / 2 - lo / 2 : hi - lo;
  const edges = new Float64Array(binCount + 1);
  for (let i = 0; i <= binCount; i++) edges[i] = half ? 2 * (lo / 2 + width * (i / binCount)) : lo + (width * i) / binCount;
  // One extra slot takes v === hi, folded into the last bin after the loop.
  const tally = new Uint32Array(binCount + 1);
  const odd = new Uint32Array(binCount + 1);
  const scale = binCount / width;
  const values = view.values;
  inChunks(0, values.length, (start, end) => tallyBins(values, start, end, lo, hi, scale, half, tally, odd));
  for (let bin = 0; bin <= binCount; bin++) tally[bin] += odd[bin];
  tally[binCount - 1] += tally[binCount];
  const counts = Float64Array.from(tally.subarray(0, binCount));
  return { edges, counts };
}

const PERCENTILE_BINS = 4096;
/** Up to this many finite values percentiles are exact (a sorted copy); above, histogram-based. */
export const EXACT_PERCENTILE_LIMIT = 1 << 18;

/** numpy's default ("linear") percentile of sorted values. */
function exactPercentile(sorted: Float64Array, q: number): number {
  const rank = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = rank - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  // numpy's lerp: from whichever end is nearer, so the result stays between a and b.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * Percentiles (0–100) of the finite values, for colour-scale clipping. Exact
 * (numpy's linear interpolation) up to EXACT_PERCENTILE_LIMIT finite values;
 * above that, interpolated inside a 4096-bin histogram, so within about
 * 1/4096 of the value range of the exact answer without sorting a copy.
 * NaN when there is no finite value.
 */
export function percentile(view: NumericView, p: number[]): number[] {
  const range = finiteRange(view.values);
  const clamp = (q: number) => Math.min(100, Math.max(0, q));
  if (!range) return p.map(() => NaN);
  if (range[0] === range[1]) return p.map(() => range[0]);
  const values = view.values;
  const finite = countFinite(values);
  if (finite <= EXACT_PERCENTILE_LIMIT) {
    const sorted = new Float64Array(finite);
    for (let i = 0, j = 0; i < values.length; i++) if (values[i] - values[i] === 0) sorted[j++] = values[i];
    sorted.sort();
    return p.map((q) => exactPercentile(sorted, clamp(q)));
  }
  const { edges, counts } = histogram(view, PERCENTILE_BINS, range);
  return p.map((q) => {
    const target = (clamp(q) / 100) * finite;
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
