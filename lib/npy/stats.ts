/** Summary statistics of a numeric view in one pass, without materialising anything. */
import { inChunks } from "./chunks";
import type { NumericView } from "./numeric";

export interface Stats {
  /** How many finite values mean and std (and finiteMin, finiteMax) describe. */
  count: number;
  /** numpy's nanmin / nanmax: ±Infinity included, NaN skipped; NaN when every value is NaN (or none exists). */
  min: number;
  max: number;
  /** The extremes of the finite values (what a colour scale can span); NaN when there is no finite value. */
  finiteMin: number;
  finiteMax: number;
  /** Over the finite values. */
  mean: number;
  /** Population standard deviation (numpy's default, ddof=0). */
  std: number;
  nanCount: number;
  posInfCount: number;
  negInfCount: number;
  /** int64/uint64 only: the exact extremes. */
  exactMin?: bigint;
  exactMax?: bigint;
}

type Values = NumericView["values"];

// Running totals, in a typed array so chunks can carry them between calls.
const SUM0 = 0;
const SUM1 = 1;
const SQUARES0 = 2;
const SQUARES1 = 3;
const MIN = 4;
const MAX = 5;
const COUNT = 6;
const NAN = 7;
const POS_INF = 8;
const NEG_INF = 9;

/**
 * NaN-aware statistics with numpy's meaning: min and max as nanmin/nanmax (an
 * infinity is the extreme it is), the finite range apart, mean and std over the
 * finite values; NaN and ±Infinity are counted. Sums are shifted by the first finite value so
 * the one-pass variance stays accurate when the mean is far from zero.
 */
export function computeStats(view: NumericView): Stats {
  const values = view.values;
  const n = values.length;
  let first = 0;
  while (first < n && !Number.isFinite(values[first])) first++;
  const totals = new Float64Array(10);
  for (let i = 0; i < first; i++) tally(values[i], totals);
  if (first === n) return emptyStats(totals[NAN], totals[POS_INF], totals[NEG_INF]);
  const shift = values[first];
  totals[MIN] = shift;
  totals[MAX] = shift;
  inChunks(first, n, (start, end) => scanChunk(values, start, end, shift, totals));
  const count = totals[COUNT];
  const sum = totals[SUM0] + totals[SUM1];
  const sumSquares = totals[SQUARES0] + totals[SQUARES1];
  let mean = shift + sum / count;
  let std = Math.sqrt(Math.max(sumSquares / count - (sum / count) ** 2, 0));
  if (!Number.isFinite(sumSquares)) [mean, std] = twoPass(values, count);
  const stats: Stats = {
    count,
    min: totals[NEG_INF] > 0 ? -Infinity : totals[MIN],
    max: totals[POS_INF] > 0 ? Infinity : totals[MAX],
    finiteMin: totals[MIN],
    finiteMax: totals[MAX],
    mean,
    std,
    nanCount: totals[NAN],
    posInfCount: totals[POS_INF],
    negInfCount: totals[NEG_INF],
  };
  if (view.exactRange) {
    stats.exactMin = view.exactRange.min;
    stats.exactMax = view.exactRange.max;
  }
  return stats;
}

/** Count one non-finite value. */
function tally(v: number, totals: Float64Array): void {
  if (v !== v) totals[NAN]++;
  else if (v > 0) totals[POS_INF]++;
  else totals[NEG_INF]++;
}

function scanChunk(values: Values, start: number, end: number, shift: number, totals: Float64Array): void {
  let sum0 = totals[SUM0];
  let sum1 = totals[SUM1];
  let squares0 = totals[SQUARES0];
  let squares1 = totals[SQUARES1];
  let min = totals[MIN];
  let max = totals[MAX];
  let count = totals[COUNT];
  // Pairs, with two independent chains of sums to halve the floating-point dependency.
  let i = start;
  for (; i + 1 < end; i += 2) {
    const v0 = values[i];
    const v1 = values[i + 1];
    const d0 = v0 - shift;
    const d1 = v1 - shift;
    // d - d is 0 for finite v and NaN for NaN or ±Infinity: one test for all three.
    if (d0 - d0 === 0 && d1 - d1 === 0) {
      sum0 += d0;
      sum1 += d1;
      squares0 += d0 * d0;
      squares1 += d1 * d1;
      if (v0 < min) min = v0;
      if (v0 > max) max = v0;
      if (v1 < min) min = v1;
      if (v1 > max) max = v1;
      count += 2;
      continue;
    }
    for (let j = i; j < i + 2; j++) {
      const v = values[j];
      const d = v - shift;
      if (d - d !== 0) {
        tally(v, totals);
        continue;
      }
      sum0 += d;
      squares0 += d * d;
      count++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (i < end) {
    const v = values[i];
    const d = v - shift;
    if (d - d !== 0) tally(v, totals);
    else {
      sum0 += d;
      squares0 += d * d;
      count++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  totals[SUM0] = sum0;
  totals[SUM1] = sum1;
  totals[SQUARES0] = squares0;
  totals[SQUARES1] = squares1;
  totals[MIN] = min;
  totals[MAX] = max;
  totals[COUNT] = count;
}

/** Mean and std for values so far apart that the one-pass sums overflow: each term scaled first. */
function twoPass(values: Values, count: number): [number, number] {
  let mean = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) mean += values[i] / count;
  let variance = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) variance += (values[i] - mean) ** 2 / count;
  return [mean, Math.sqrt(variance)];
}

/** No finite value: only infinities give nanmin/nanmax a value. */
function emptyStats(nanCount: number, posInfCount: number, negInfCount: number): Stats {
  const min = negInfCount > 0 ? -Infinity : posInfCount > 0 ? Infinity : NaN;
  const max = posInfCount > 0 ? Infinity : negInfCount > 0 ? -Infinity : NaN;
  return { count: 0, min, max, finiteMin: NaN, finiteMax: NaN, mean: NaN, std: NaN, nanCount, posInfCount, negInfCount };
}
