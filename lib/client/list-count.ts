// The sentence above the browse list saying how many arrays match and how many
// of them the list holds, so sorting is never taken to cover rows it has not seen.
import type { ArrayTotal } from "./use-array-count";

export interface ListProgress {
  loaded: number;
  /** Every matching array is loaded (the count then follows live updates). */
  done: boolean;
  /** Loading stopped at the row limit. */
  capped: boolean;
  total: ArrayTotal | null;
}

const number = (n: number) => n.toLocaleString("en-US");
const arrays = (n: number) => `${number(n)} ${n === 1 ? "array" : "arrays"}`;

export function describeListCount({ loaded, done, capped, total }: ListProgress): string {
  if (done) return arrays(loaded);
  const of = total === null ? null : total.exact ? arrays(Math.max(total.total, loaded)) : `at least ${arrays(Math.max(total.total, loaded))} (still counting)`;
  if (capped) return `the first ${number(loaded)} of ${of ?? "more arrays"} are listed and sorted; narrow the filter to see the rest`;
  if (of === null) return `${arrays(loaded)} loaded so far`;
  return `${number(loaded)} of ${of} loaded; sorting covers the loaded ones until all are in`;
}
