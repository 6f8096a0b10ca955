/** The range of a plane's values a colour scale can span: its finite extremes, the ends clipped at a percentile, and the smallest positive value. */

export interface DisplayRange {
  /** The finite extremes (Infinity and -Infinity when no value is finite). */
  min: number;
  max: number;
  /** The finite values' percentiles `clipPercent` and 100 − `clipPercent` (nearest rank); min and max when not clipped. */
  clippedMin: number;
  clippedMax: number;
  /** Smallest value above zero (NaN when none): the automatic low end of a log scale. */
  minPositive: number;
}

interface FiniteRange {
  min: number;
  max: number;
  minPositive: number;
  /** How many values are finite. */
  finite: number;
}

function finiteRange(values: Float32Array): FiniteRange {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  }
  return { min, max, minPositive: minPositive === Infinity ? NaN : minPositive, finite };
}

/** The finite values at percentiles `percent` and 100 − `percent`, each the value nearest its rank (ties round up). */
function clippedRange(values: Float32Array, finite: number, percent: number): [number, number] {
  const sorted = new Float32Array(finite);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) sorted[n++] = values[i];
  sorted.sort();
  const at = (p: number) => sorted[Math.min(finite - 1, Math.max(0, Math.round((p / 100) * (finite - 1))))];
  return [at(percent), at(100 - percent)];
}

/** `clipPercent` 0 leaves the ends unclipped (and sorts nothing). */
export function displayRange(values: Float32Array, clipPercent: number): DisplayRange {
  const range = finiteRange(values);
  const [clippedMin, clippedMax] = clipPercent > 0 && range.finite > 0 ? clippedRange(values, range.finite, clipPercent) : [range.min, range.max];
  return { min: range.min, max: range.max, clippedMin, clippedMax, minPositive: range.minPositive };
}
