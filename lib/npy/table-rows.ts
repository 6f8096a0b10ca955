/** Rows of the value table: each element's N-D index and its exact text, one column per named field of a structured dtype. */
import type { Dtype } from "./dtype";
import { namedFields } from "./named-fields";
import type { NpyArray } from "./read";
import { formatElement, formatValue, getValue, type NpyValue } from "./values";

/** The N-D index of flat C-order element `flat`, spelled "(i, j, k)"; "()" for a 0-d array. */
function indexText(flat: number, shape: readonly number[]): string {
  let rest = flat;
  const index = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    index[i] = rest % shape[i];
    rest = Math.floor(rest / shape[i]);
  }
  return `(${index.join(", ")})`;
}

/** A field's value: one item, or a subarray spelled as nested lists. */
function formatFieldValue(value: NpyValue, dtype: Dtype, depth: number): string {
  if (depth > 0 && Array.isArray(value)) return `[${value.map((v) => formatFieldValue(v, dtype, depth - 1)).join(", ")}]`;
  return formatValue(value, dtype);
}

function formatRecord(value: NpyValue, dtype: Dtype): string[] {
  const record = value as { [field: string]: NpyValue };
  return namedFields(dtype).map((f) => formatFieldValue(record[f.name], f.dtype, f.shape.length));
}

/** Up to `count` rows from flat C-order element `start` (fewer at the array's end): the index text, then one exact text per column. */
export function tableRows(array: NpyArray, start: number, count: number): string[][] {
  const { shape, dtype, size } = array.header;
  const end = Math.min(size, start + count);
  const rows: string[][] = [];
  for (let flat = start; flat < end; flat++) {
    const cells = dtype.kind === "structured" ? formatRecord(getValue(array, flat), dtype) : [formatElement(array, flat)];
    rows.push([indexText(flat, shape), ...cells]);
  }
  return rows;
}
