/**
 * A dtype as numpy's own descr value (what `np.lib.format.dtype_to_descr`
 * gives and `np.save` writes): "<f8" for a plain type, a list of
 * [name, descr] / [name, descr, shape] entries for a structured one, with
 * ["", "|V<n>"] for the gaps between fields. Tuples are JSON arrays.
 */
import type { Dtype, Field } from "./dtype";

export type DescrValue = string | DescrEntry[];
export type DescrEntry = [string | [string, string], DescrValue] | [string | [string, string], DescrValue, number[]];

/** "<", ">" or "|" as numpy's dtype.str writes it. */
function orderChar(dtype: Dtype): string {
  if (!("byteOrder" in dtype) || dtype.byteOrder === "not-applicable") return "|";
  return dtype.byteOrder === "big" ? ">" : "<";
}

function typestr(dtype: Exclude<Dtype, { kind: "structured" }>): string {
  switch (dtype.kind) {
    case "bool":
      return "|b1";
    case "int":
    case "uint":
    case "float":
    case "complex":
      return `${orderChar(dtype)}${dtype.kind[0]}${dtype.itemsize}`;
    case "datetime":
    case "timedelta":
      return `${orderChar(dtype)}${dtype.kind === "datetime" ? "M" : "m"}8${dtype.unit === "generic" ? "" : `[${dtype.unit}]`}`;
    case "bytes":
      return `|S${dtype.itemsize}`;
    case "unicode":
      return `${dtype.byteOrder === "big" ? ">" : "<"}U${dtype.length}`;
    case "void":
      return `|V${dtype.itemsize}`;
    case "object":
      return "|O";
  }
}

function padding(bytes: number): DescrEntry {
  return ["", `|V${bytes}`];
}

function fieldEntry(field: Field): DescrEntry {
  const name: DescrEntry[0] = field.title === undefined ? field.name : [field.title, field.name];
  const descr = numpyDescr(field.dtype);
  return field.shape.length ? [name, descr, field.shape] : [name, descr];
}

function fieldBytes(field: Field): number {
  return field.shape.reduce((a, b) => a * b, field.dtype.itemsize);
}

/** numpy's descr value of a dtype (nested subarrays come out as one shape, as the reader keeps them). */
export function numpyDescr(dtype: Dtype): DescrValue {
  if (dtype.kind !== "structured") return typestr(dtype);
  const entries: DescrEntry[] = [];
  let offset = 0;
  for (const field of dtype.fields) {
    if (field.offset > offset) entries.push(padding(field.offset - offset));
    entries.push(fieldEntry(field));
    offset = field.offset + fieldBytes(field);
  }
  if (dtype.itemsize > offset) entries.push(padding(dtype.itemsize - offset));
  return entries;
}
