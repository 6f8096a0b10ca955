// What the statistics panel says instead of figures when there are no finite values to describe.
import type { StatsResult } from "./workerProtocol";

/** A plain sentence when min, max, mean and std would be meaningless (NaN, ±Infinity); null when they are fine. */
export function noFiguresSentence(stats: StatsResult): string | null {
  if (stats.count > 0) return null;
  const nonFinite = stats.nanCount + stats.posInfCount + stats.negInfCount;
  if (nonFinite === 0) return "The array is empty: there are no values to summarise.";
  const n = nonFinite.toLocaleString("en-US");
  if (stats.nanCount === nonFinite) return `All ${n} values are NaN: there is no minimum, maximum or mean.`;
  return `None of the ${n} values is finite (only NaN and ±Infinity): there is no minimum, maximum or mean.`;
}
