// What the browse list shows for one array, read from its stored header text.
import { describeDtype, parseHeaderText } from "@/lib/npy";
import type { ArrayListItem } from "@/lib/api-types";
import { formatShape } from "./format";

export interface ListRowText {
  shape: string;
  dtype: string;
  order: "C" | "F" | "?";
  size: number;
}

const cache = new WeakMap<ArrayListItem, ListRowText>();

/** The dtype in plain words from a stored header's text, before any data is read. */
export function dtypeWordsFromHeader(header: string): string | null {
  try {
    return describeDtype(parseHeaderText(header).dtype);
  } catch {
    return null;
  }
}

export function describeListItem(item: ArrayListItem): ListRowText {
  const hit = cache.get(item);
  if (hit) return hit;
  let text: ListRowText;
  try {
    const parsed = parseHeaderText(item.header);
    text = {
      shape: formatShape(parsed.shape),
      dtype: describeDtype(parsed.dtype),
      order: parsed.fortranOrder ? "F" : "C",
      size: parsed.shape.reduce((a, b) => a * b, 1),
    };
  } catch (e) {
    text = { shape: "?", dtype: `unreadable header: ${e instanceof Error ? e.message : String(e)}`, order: "?", size: 0 };
  }
  cache.set(item, text);
  return text;
}
