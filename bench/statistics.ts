// The summaries the benchmarks report of their samples.

/** The middle sample (the upper one of an even count). */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** The sample below which p % of them lie. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
