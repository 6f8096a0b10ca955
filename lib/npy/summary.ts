/** A compact, exact summary of an array: its first values and, for real numbers, its statistics. */
import { formatFloat } from "./decimal";
import type { Dtype } from "./dtype";
import { numericView } from "./numeric";
import type { NpyArray } from "./read";
import { computeStats, type Stats } from "./stats";
import { formatElement } from "./values";

export interface ValueSummary {
  /** The first values in C order, spelled exactly (formatElement). Empty for pickled arrays. */
  head: string[];
  /** Statistics for real numeric dtypes (int, uint, float); null otherwise. */
  stats: Stats | null;
  /** numpy's nanmin and nanmax (±Infinity included) spelled at the dtype's precision (exact for int64); null when every value is NaN. */
  min: string | null;
  max: string | null;
  /** The extremes of the finite values; null without finite values. */
  finiteMin: string | null;
  finiteMax: string | null;
}

function isReal(dtype: Dtype): boolean {
  return dtype.kind === "int" || dtype.kind === "uint" || dtype.kind === "float";
}

/** A min or max spelled like the elements are: long doubles come from their float64 approximations, so "≈". */
function formatExtreme(value: number, exact: bigint | undefined, dtype: Dtype): string {
  if (exact !== undefined) return exact.toString();
  if (dtype.kind !== "float") return String(value);
  if (dtype.itemsize === 16) return Number.isFinite(value) ? `≈${formatFloat(value, 64)}` : formatFloat(value, 64);
  return formatFloat(value, dtype.itemsize === 2 ? 16 : dtype.itemsize === 4 ? 32 : 64);
}

export function summarizeArray(array: NpyArray, headLength = 8): ValueSummary {
  const { header } = array;
  const head: string[] = [];
  if (!header.pickled) for (let i = 0; i < Math.min(headLength, header.size); i++) head.push(formatElement(array, i));
  const view = isReal(header.dtype) ? numericView(array) : null;
  if (!view) return { head, stats: null, min: null, max: null, finiteMin: null, finiteMax: null };
  const stats = computeStats(view);
  const spell = (value: number, exact?: bigint) => (Number.isNaN(value) ? null : formatExtreme(value, exact, header.dtype));
  return {
    head,
    stats,
    min: spell(stats.min, stats.exactMin),
    max: spell(stats.max, stats.exactMax),
    finiteMin: spell(stats.finiteMin, stats.exactMin),
    finiteMax: spell(stats.finiteMax, stats.exactMax),
  };
}
