/** Summary statistics of a numeric view in one pass, without materialising anything. */
import type { NumericView } from "./numeric";

export interface Stats {
  /** How many finite values min, max, mean and std describe. */
  count: number;
  /** NaN when there is no finite value. */
  min: number;
  max: number;
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

/**
 * NaN-aware statistics: min, max, mean and std over the finite values; NaN and
 * ±Infinity are counted instead. Sums are shifted by the first finite value so
 * the one-pass variance stays accurate when the mean is far from zero.
 */
export function computeStats(view: NumericView): Stats {
  const values = view.values;
  const n = values.length;
  let first = 0;
  while (first < n && !Number.isFinite(values[first])) first++;
  let nanCount = 0;
  let posInfCount = 0;
  let negInfCount = 0;
  for (let i = 0; i < first; i++) {
    const v = values[i];
    if (v !== v) nanCount++;
    else if (v > 0) posInfCount++;
    else negInfCount++;
  }
  if (first === n) return emptyStats(nanCount, posInfCount, negInfCount);
  const shift = values[first];
  let min = shift;
  let max = shift;
  // Two independent pairs of sums halve the floating-point dependency chain.
  let sum0 = 0;
  let sum1 = 0;
  let squares0 = 0;
  let squares1 = 0;
  let count = 0;
  let i = first;
  for (; i + 1 < n; i += 2) {
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
      if (d - d === 0) {
        sum0 += d;
        squares0 += d * d;
        count++;
        if (v < min) min = v;
        if (v > max) max = v;
      } else if (v !== v) nanCount++;
      else if (v > 0) posInfCount++;
      else negInfCount++;
    }
  }
  for (; i < n; i++) {
    const v = values[i];
    const d = v - shift;
    if (d - d === 0) {
      sum0 += d;
      squares0 += d * d;
      count++;
      if (v < min) min = v;
      if (v > max) max = v;
    } else if (v !== v) nanCount++;
    else if (v > 0) posInfCount++;
    else negInfCount++;
  }
  const sum = sum0 + sum1;
  const sumSquares = squares0 + squares1;
  let mean = shift + sum / count;
  let std = Math.sqrt(Math.max(sumSquares / count - (sum / count) ** 2, 0));
  if (!Number.isFinite(sumSquares)) [mean, std] = twoPass(values, count);
  const stats: Stats = { count, min, max, mean, std, nanCount, posInfCount, negInfCount };
  if (view.exactRange) {
    stats.exactMin = view.exactRange.min;
    stats.exactMax = view.exactRange.max;
  }
  return stats;
}

/** Mean and std for values so far apart that the one-pass sums overflow: each term scaled first. */
function twoPass(values: NumericView["values"], count: number): [number, number] {
  let mean = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) mean += values[i] / count;
  let variance = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) variance += (values[i] - mean) ** 2 / count;
  return [mean, Math.sqrt(variance)];
}

function emptyStats(nanCount: number, posInfCount: number, negInfCount: number): Stats {
  return { count: 0, min: NaN, max: NaN, mean: NaN, std: NaN, nanCount, posInfCount, negInfCount };
}
