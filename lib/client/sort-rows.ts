// Sorting the loaded rows of the browse list by one column.
import type { ArrayListItem } from "@/lib/api-types";
import { describeListItem } from "./list-row";

export const SORT_COLUMNS = ["key", "shape", "dtype", "bytes", "ttl", "order"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export interface SortOrder {
  column: SortColumn;
  descending: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true });

function compare(a: ArrayListItem, b: ArrayListItem, column: SortColumn): number {
  switch (column) {
    case "key":
      // Plain code-unit order: fast enough to re-sort 100 000 keys on every live update.
      return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    case "bytes":
      return a.bytes - b.bytes;
    case "ttl":
      return (a.ttl < 0 ? Infinity : a.ttl) - (b.ttl < 0 ? Infinity : b.ttl);
    case "shape":
      return describeListItem(a).size - describeListItem(b).size;
    case "dtype":
      return collator.compare(describeListItem(a).dtype, describeListItem(b).dtype);
    case "order":
      return describeListItem(a).order.localeCompare(describeListItem(b).order);
  }
}

export function sortRows(items: readonly ArrayListItem[], order: SortOrder | null): readonly ArrayListItem[] {
  if (!order) return items;
  const sign = order.descending ? -1 : 1;
  return [...items].sort((a, b) => sign * compare(a, b, order.column) || compare(a, b, "key"));
}
