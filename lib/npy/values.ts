/**
 * Single elements: decoding one element (any dtype, either byte order, C or
 * Fortran order) and spelling it exactly.
 */
import type { Dtype, Field } from "./dtype";
import { formatFloat, type FloatPrecision } from "./decimal";
import { NpyError } from "./errors";
import { decodeLongDouble, halfToNumber } from "./floats";
import type { NpyArray } from "./read";
import { formatBytes, formatText } from "./text";
import { formatDatetime, formatTimedelta } from "./time";

export type NpyValue = boolean | number | bigint | string | Uint8Array | { re: number; im: number } | { [field: string]: NpyValue } | NpyValue[];

interface Source {
  bytes: Uint8Array;
  view: DataView;
}

const sources = new WeakMap<Uint8Array, Source>();

function sourceOf(data: Uint8Array): Source {
  let source = sources.get(data);
  if (!source) {
    source = { bytes: data, view: new DataView(data.buffer, data.byteOffset, data.byteLength) };
    sources.set(data, source);
  }
  return source;
}

/** Where the element with this C-order index is stored: Fortran-order data holds the transpose. */
export function storageIndex(shape: readonly number[], fortranOrder: boolean, index: number): number {
  if (!fortranOrder || shape.length < 2) return index;
  let rest = index;
  let stored = 0;
  let stride = 1;
  const strides = shape.map((dim) => {
    const s = stride;
    stride *= dim;
    return s;
  });
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const coordinate = rest % shape[axis];
    rest = (rest - coordinate) / shape[axis];
    stored += coordinate * strides[axis];
  }
  return stored;
}

function elementOffset(array: NpyArray, index: number): number {
  const { header } = array;
  if (header.pickled) {
    throw new NpyError("this array holds pickled Python objects, which are never decoded: only the header can be shown");
  }
  if (!Number.isInteger(index) || index < 0 || index >= header.size) {
    throw new NpyError(`element index ${index} is out of range for an array of ${header.size} elements`);
  }
  return storageIndex(header.shape, header.fortranOrder, index) * header.dtype.itemsize;
}

/** The element at a flat C-order (logical) index. int64/uint64 and datetimes come as bigint. */
export function getValue(array: NpyArray, index: number): NpyValue {
  return decodeAt(sourceOf(array.data), elementOffset(array, index), array.header.dtype);
}

/** The element at a flat C-order index, spelled exactly (long doubles marked "≈" only when inexact). */
export function formatElement(array: NpyArray, index: number): string {
  return formatAt(sourceOf(array.data), elementOffset(array, index), array.header.dtype);
}

function littleEndian(dtype: Dtype): boolean {
  return !("byteOrder" in dtype) || dtype.byteOrder !== "big";
}

function decodeReal(source: Source, offset: number, itemsize: number, little: boolean): number {
  switch (itemsize) {
    case 2:
      return halfToNumber(source.view.getUint16(offset, little));
    case 4:
      return source.view.getFloat32(offset, little);
    case 8:
      return source.view.getFloat64(offset, little);
    default:
      return decodeLongDouble(source.bytes, offset, !little).value;
  }
}

function decodeUnicode(source: Source, offset: number, length: number, little: boolean): string {
  let end = length;
  while (end > 0 && source.view.getUint32(offset + (end - 1) * 4, little) === 0) end--;
  let text = "";
  for (let i = 0; i < end; i++) {
    const code = source.view.getUint32(offset + i * 4, little);
    text += String.fromCodePoint(code <= 0x10ffff ? code : 0xfffd);
  }
  return text;
}

function decodeAt(source: Source, offset: number, dtype: Dtype): NpyValue {
  const little = littleEndian(dtype);
  const { view } = source;
  switch (dtype.kind) {
    case "bool":
      return source.bytes[offset] !== 0;
    case "int":
      if (dtype.itemsize === 1) return view.getInt8(offset);
      if (dtype.itemsize === 2) return view.getInt16(offset, little);
      if (dtype.itemsize === 4) return view.getInt32(offset, little);
      return view.getBigInt64(offset, little);
    case "uint":
      if (dtype.itemsize === 1) return view.getUint8(offset);
      if (dtype.itemsize === 2) return view.getUint16(offset, little);
      if (dtype.itemsize === 4) return view.getUint32(offset, little);
      return view.getBigUint64(offset, little);
    case "float":
      return decodeReal(source, offset, dtype.itemsize, little);
    case "complex": {
      const half = dtype.itemsize / 2;
      return { re: decodeReal(source, offset, half, little), im: decodeReal(source, offset + half, half, little) };
    }
    case "datetime":
    case "timedelta":
      return view.getBigInt64(offset, little);
    case "bytes": {
      let end = dtype.itemsize;
      while (end > 0 && source.bytes[offset + end - 1] === 0) end--;
      return source.bytes.slice(offset, offset + end);
    }
    case "unicode":
      return decodeUnicode(source, offset, dtype.length, little);
    case "void":
      return source.bytes.slice(offset, offset + dtype.itemsize);
    case "object":
      throw new NpyError("object elements are pickled Python objects, which are never decoded");
    case "structured": {
      const record: { [field: string]: NpyValue } = {};
      for (const field of dtype.fields) {
        // defineProperty: a field named "__proto__" must stay a plain field.
        Object.defineProperty(record, field.name, {
          value: decodeField(source, offset, field),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return record;
    }
  }
}

function decodeField(source: Source, recordOffset: number, field: Field): NpyValue {
  const start = recordOffset + field.offset;
  if (field.shape.length === 0) return decodeAt(source, start, field.dtype);
  return subarray(field.shape, 0, start, field.dtype.itemsize, (at) => decodeAt(source, at, field.dtype));
}

/** Nested lists for a C-order subarray of items starting at `start`. */
function subarray<T>(shape: readonly number[], axis: number, start: number, itemsize: number, item: (offset: number) => T): T[] | T[][] {
  const span = shape.slice(axis + 1).reduce((a, b) => a * b, 1) * itemsize;
  const out = [];
  for (let i = 0; i < shape[axis]; i++) {
    const at = start + i * span;
    out.push(axis === shape.length - 1 ? item(at) : (subarray(shape, axis + 1, at, itemsize, item) as T));
  }
  return out;
}

const PRECISION: Record<number, FloatPrecision> = { 2: 16, 4: 32, 8: 64 };

function formatReal(value: number, itemsize: number, exact: boolean): string {
  if (itemsize === 16) return (exact ? "" : "≈") + formatFloat(value, 64);
  return formatFloat(value, PRECISION[itemsize]);
}

function joinComplex(re: string, im: string): string {
  return `${re}${im.startsWith("-") || im.startsWith("≈-") ? "" : "+"}${im}j`;
}

function formatNested(value: NpyValue, shape: readonly number[], leaf: (v: NpyValue) => string): string {
  if (shape.length === 0) return leaf(value);
  return `[${(value as NpyValue[]).map((v) => formatNested(v, shape.slice(1), leaf)).join(", ")}]`;
}

function tuple(parts: string[]): string {
  return `(${parts.join(", ")}${parts.length === 1 ? "," : ""})`;
}

/**
 * Spell a value exactly: shortest round-trip decimals at the dtype's precision
 * ("0.1" for float32 0.1), bigints in decimal, ISO datetimes and "NaT", bytes
 * as b'…', text as a JSON string, complex "1+2j", structured "(1, 2.5)".
 * Long doubles are always marked "≈" here, since a number cannot tell whether
 * it was exact; formatElement knows and marks only inexact ones.
 */
export function formatValue(value: NpyValue, dtype: Dtype): string {
  switch (dtype.kind) {
    case "bool":
      return value ? "true" : "false";
    case "int":
    case "uint":
      return (value as number | bigint).toString();
    case "float":
      return formatReal(value as number, dtype.itemsize, false);
    case "complex": {
      const { re, im } = value as { re: number; im: number };
      const half = dtype.itemsize / 2;
      return joinComplex(formatReal(re, half, false), formatReal(im, half, false));
    }
    case "datetime":
      return formatDatetime(value as bigint, dtype.unit);
    case "timedelta":
      return formatTimedelta(value as bigint, dtype.unit);
    case "bytes":
    case "void":
      return formatBytes(value as Uint8Array);
    case "unicode":
      return formatText(value as string);
    case "object":
      return "<pickled object>";
    case "structured": {
      const record = value as { [field: string]: NpyValue };
      return tuple(dtype.fields.map((f) => formatNested(record[f.name], f.shape, (v) => formatValue(v, f.dtype))));
    }
  }
}

function formatAt(source: Source, offset: number, dtype: Dtype): string {
  if (dtype.kind === "float" && dtype.itemsize === 16) {
    const { value, exact } = decodeLongDouble(source.bytes, offset, !littleEndian(dtype));
    return formatReal(value, 16, exact);
  }
  if (dtype.kind === "complex" && dtype.itemsize === 32) {
    const big = !littleEndian(dtype);
    const re = decodeLongDouble(source.bytes, offset, big);
    const im = decodeLongDouble(source.bytes, offset + 16, big);
    return joinComplex(formatReal(re.value, 16, re.exact), formatReal(im.value, 16, im.exact));
  }
  if (dtype.kind === "structured") {
    return tuple(
      dtype.fields.map((field) => {
        const start = offset + field.offset;
        if (field.shape.length === 0) return formatAt(source, start, field.dtype);
        const cells = subarray(field.shape, 0, start, field.dtype.itemsize, (at) => formatAt(source, at, field.dtype));
        return formatNested(cells, field.shape, (v) => v as string);
      }),
    );
  }
  return formatValue(decodeAt(source, offset, dtype), dtype);
}
