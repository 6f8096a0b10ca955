// What the statistics panel says in words: a sentence instead of figures when there are no finite
// values, and the finite range next to min and max (numpy's nanmin/nanmax) when infinities make those ±Infinity.
import { formatNumber } from "./color-scale";
import type { StatsResult } from "./worker-protocol";

/** A plain sentence when mean and std would be meaningless (NaN, ±Infinity); null when they are fine. */
export function noFiguresSentence(stats: StatsResult): string | null {
  if (stats.count > 0) return null;
  const nonFinite = stats.nanCount + stats.posInfCount + stats.negInfCount;
  if (nonFinite === 0) return "The array is empty: there are no values to summarise.";
  const n = nonFinite.toLocaleString("en-US");
  if (stats.nanCount === nonFinite) return `All ${n} values are NaN: there is no minimum, maximum or mean.`;
  return `None of the ${n} values is finite (only NaN and ±Infinity): there is no finite range or mean.`;
}

/**
 * "−1.5 to 65504" when an infinity makes min or max ±Infinity (they are numpy's nanmin and nanmax)
 * but finite values exist: the range the colour scale spans. Null when min and max already are it.
 */
export function finiteRangeText(stats: StatsResult): string | null {
  if (stats.count === 0 || stats.posInfCount + stats.negInfCount === 0) return null;
  return `${formatNumber(stats.finiteMin)} to ${formatNumber(stats.finiteMax)}`;
}
