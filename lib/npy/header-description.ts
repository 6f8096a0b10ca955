/** What a header alone says about an array: its layout in words and numbers, and which of its values can be plotted. */
import { describeDtype, type Dtype } from "./dtype";
import type { NpyHeader } from "./header";
import { namedFields } from "./named-fields";
import { isNumericDtype } from "./numeric";

export interface HeaderDescription {
  /** The header dict as stored, without padding. */
  headerText: string;
  shape: number[];
  descr: string;
  itemsize: number;
  /** The dtype in words, e.g. "float32" (describeDtype). */
  dtypeWords: string;
  dtypeKind: Dtype["kind"];
  fortranOrder: boolean;
  version: NpyHeader["version"];
  dataOffset: number;
  dataBytes: number;
  size: number;
  /** Fields of a structured dtype that can be plotted: numeric ones holding one item each. */
  numericFields: string[];
  /** Columns of the value table: one per named structured field, or "value". */
  columns: string[];
  isComplex: boolean;
  /** False for strings, bytes, void, datetimes and objects (and structured dtypes without a numeric field): no plots, only the table. */
  isNumeric: boolean;
}

export function describeHeader(header: NpyHeader): HeaderDescription {
  const { dtype } = header;
  const fields = namedFields(dtype);
  const numericFields = fields.filter((f) => isNumericDtype(f.dtype) && f.shape.length === 0).map((f) => f.name);
  return {
    headerText: header.headerText.trimEnd(),
    shape: [...header.shape],
    descr: header.descr,
    itemsize: dtype.itemsize,
    dtypeWords: describeDtype(dtype),
    dtypeKind: dtype.kind,
    fortranOrder: header.fortranOrder,
    version: header.version,
    dataOffset: header.dataOffset,
    dataBytes: header.dataBytes,
    size: header.size,
    numericFields,
    columns: fields.length ? fields.map((f) => f.name) : ["value"],
    isComplex: dtype.kind === "complex",
    isNumeric: fields.length ? numericFields.length > 0 : isNumericDtype(dtype),
  };
}
