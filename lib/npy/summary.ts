/** A compact, exact summary of an array: its first values and, for real numbers, its statistics. */
import { formatFloat } from "./decimal";
import type { Dtype } from "./dtype";
import { numericView } from "./numeric";
import type { NpyArray } from "./read";
import { computeStats, type Stats } from "./stats";
import { formatElement } from "./values";

export interface ArraySummary {
  /** The first values in C order, spelled exactly (formatElement). Empty for pickled arrays. */
  head: string[];
  /** Statistics for real numeric dtypes (int, uint, float); null otherwise. */
  stats: Stats | null;
  /** Finite min and max spelled at the dtype's precision (exact for int64); null without finite values. */
  min: string | null;
  max: string | null;
}

function isReal(dtype: Dtype): boolean {
  return dtype.kind === "int" || dtype.kind === "uint" || dtype.kind === "float";
}

/** A min or max spelled like the elements are: long doubles come from their float64 approximations, so "≈". */
function formatExtreme(value: number, exact: bigint | undefined, dtype: Dtype): string {
  if (exact !== undefined) return exact.toString();
  if (dtype.kind !== "float") return String(value);
  if (dtype.itemsize === 16) return `≈${formatFloat(value, 64)}`;
  return formatFloat(value, dtype.itemsize === 2 ? 16 : dtype.itemsize === 4 ? 32 : 64);
}

export function summarizeArray(array: NpyArray, headLength = 8): ArraySummary {
  const { header } = array;
  const head: string[] = [];
  if (!header.pickled) for (let i = 0; i < Math.min(headLength, header.size); i++) head.push(formatElement(array, i));
  const view = isReal(header.dtype) ? numericView(array) : null;
  if (!view) return { head, stats: null, min: null, max: null };
  const stats = computeStats(view);
  if (stats.count === 0) return { head, stats, min: null, max: null };
  return {
    head,
    stats,
    min: formatExtreme(stats.min, stats.exactMin, header.dtype),
    max: formatExtreme(stats.max, stats.exactMax, header.dtype),
  };
}
