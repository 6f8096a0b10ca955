/**
 * Numeric views: an array's numbers as one typed array, without copying when
 * the data is little-endian, aligned and directly representable, with exactly
 * one copy otherwise (byte swap, float16 → float32, int64 → float64, a field
 * out of a structured record, a complex part, an unaligned offset).
 */
import type { Dtype, Field } from "./dtype";
import { NpyError } from "./errors";
import { decodeLongDouble, halfToNumber } from "./floats";
import type { NpyArray } from "./read";
import { contiguousStrides } from "./strides";

export type ComplexPart = "amplitude" | "phase" | "real" | "imaginary";

export type NumericValues = Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

export interface NumericView {
  /** One number per element (values.length is the element count), in storage order. */
  values: NumericValues;
  /** Logical shape (a structured field's subarray axes come last). */
  shape: number[];
  /** Per logical axis, the step in `values`: C-order and Fortran-order data both index correctly. */
  strides: number[];
  /** False when values were approximated: int64/uint64 beyond ±2^53, long doubles that float64 cannot hold. */
  exact: boolean;
  /** int64/uint64 only: the exact extremes, found while converting. */
  exactRange?: { min: bigint; max: bigint };
}

export interface NumericViewOptions {
  /** Path of field names into a structured dtype, e.g. ["pos", "lat"]. */
  field?: string[];
  /** Which real number a complex element becomes (default "amplitude"). */
  complexPart?: ComplexPart;
}

interface Target {
  dtype: Dtype;
  /** Byte offset of the first item inside an element. */
  offset: number;
  /** Subarray shape of the selected field, [] for none. */
  subshape: number[];
}

function selectField(dtype: Dtype, path: readonly string[]): Target {
  let current: Target = { dtype, offset: 0, subshape: [] };
  path.forEach((name, depth) => {
    const here = current.dtype;
    if (current.subshape.length > 0) {
      throw new NpyError(`field '${path.slice(0, depth).join(".")}' is a subarray; selecting '${name}' inside it is not supported`);
    }
    if (here.kind !== "structured") throw new NpyError(`cannot select field '${name}': the dtype is not structured`);
    const field: Field | undefined = here.fields.find((f) => f.name === name || f.title === name);
    if (!field) {
      throw new NpyError(
        `no field '${name}' among ${here.fields
          .slice(0, 10)
          .map((f) => `'${f.name}'`)
          .join(", ")}${here.fields.length > 10 ? ", …" : ""}`,
      );
    }
    current = { dtype: field.dtype, offset: current.offset + field.offset, subshape: field.shape };
  });
  return current;
}

type ZeroCopyConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => NumericValues;

function zeroCopyType(dtype: Dtype): ZeroCopyConstructor | null {
  switch (dtype.kind) {
    case "bool":
      return Uint8Array;
    case "int":
      return dtype.itemsize === 1 ? Int8Array : dtype.itemsize === 2 ? Int16Array : dtype.itemsize === 4 ? Int32Array : null;
    case "uint":
      return dtype.itemsize === 1 ? Uint8Array : dtype.itemsize === 2 ? Uint16Array : dtype.itemsize === 4 ? Uint32Array : null;
    case "float":
      return dtype.itemsize === 4 ? Float32Array : dtype.itemsize === 8 ? Float64Array : null;
    default:
      return null;
  }
}

/** Whether the dtype holds numbers a plot can show: bool, int, uint, float or complex. */
export function isNumericDtype(dtype: Dtype): boolean {
  return dtype.kind === "bool" || dtype.kind === "int" || dtype.kind === "uint" || dtype.kind === "float" || dtype.kind === "complex";
}

/**
 * The array (or one field of it) as numbers, or null when its dtype is not
 * numeric (text, datetimes, raw void, pickled objects).
 */
export function numericView(array: NpyArray, options: NumericViewOptions = {}): NumericView | null {
  const { header, data } = array;
  if (header.pickled) return null;
  const target = selectField(header.dtype, options.field ?? []);
  if (!isNumericDtype(target.dtype)) return null;
  const subSize = target.subshape.reduce((a, b) => a * b, 1);
  const count = header.size * subSize;
  const shape = [...header.shape, ...target.subshape];
  const strides = contiguousStrides(header.shape, header.fortranOrder, target.subshape);
  const { dtype } = target;
  const little = !("byteOrder" in dtype) || dtype.byteOrder !== "big";
  const itemsize = dtype.itemsize;
  const Direct = zeroCopyType(dtype);
  const packed = target.offset === 0 && itemsize * subSize === header.dtype.itemsize;
  if (Direct && packed && little && data.byteOffset % itemsize === 0) {
    return { values: new Direct(data.buffer, data.byteOffset, count), shape, strides, exact: true };
  }
  const recordSize = header.dtype.itemsize;
  const layout: Layout = { data, count, recordSize, offset: target.offset, itemsize, subSize, little, gap: recordSize - itemsize * subSize };
  return { ...convert(dtype, layout, options.complexPart ?? "amplitude"), shape, strides };
}

/** Where the items live: item i of record r is at r * recordSize + offset + i * itemsize. */
interface Layout {
  data: Uint8Array;
  /** Bytes between the end of one record's items and the start of the next record's. */
  gap: number;
  count: number;
  recordSize: number;
  offset: number;
  itemsize: number;
  subSize: number;
  little: boolean;
}

/** Calls visit(byteOffset, index) for every item, in storage order. */
function forEachItem(layout: Layout, visit: (at: number, index: number) => void): void {
  const { recordSize, offset, itemsize, subSize } = layout;
  const records = layout.count / subSize;
  let index = 0;
  for (let r = 0; r < records; r++) {
    let at = r * recordSize + offset;
    for (let i = 0; i < subSize; i++, at += itemsize) visit(at, index++);
  }
}

function dataView(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

function convert(dtype: Dtype, layout: Layout, part: ComplexPart): Omit<NumericView, "shape" | "strides"> {
  switch (dtype.kind) {
    case "bool":
    case "int":
    case "uint":
    case "float": {
      if (dtype.kind !== "float" && dtype.itemsize === 8) return convertInt64(layout, dtype.kind === "int");
      if (dtype.kind === "float" && dtype.itemsize === 16) return convertLongDouble(layout);
      return { values: CONVERTERS[readerKind(dtype)](dataView(layout.data), layout), exact: true };
    }
    case "complex":
      return convertComplex(layout, dtype.itemsize, part);
    default:
      throw new NpyError(`${dtype.kind} values have no numeric view`);
  }
}

type ReaderKind = "b1" | "i1" | "u1" | "i2" | "u2" | "i4" | "u4" | "f2" | "f4" | "f8";

function readerKind(dtype: Dtype): ReaderKind {
  if (dtype.kind === "bool") return "b1";
  const letter = dtype.kind === "int" ? "i" : dtype.kind === "uint" ? "u" : "f";
  return `${letter}${dtype.itemsize}` as ReaderKind;
}

/**
 * One copy of 1–4-byte ints, bools and float16/32/64 (byte swaps, strided
 * fields, unaligned data). One loop per kind, so each stays monomorphic: a
 * shared loop over a union of typed arrays runs several times slower.
 */
const CONVERTERS: Record<ReaderKind, (view: DataView, l: Layout) => NumericValues> = {
  b1: (view, l) => {
    const out = new Uint8Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getUint8(at) !== 0 ? 1 : 0;
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  i1: (view, l) => {
    const out = new Int8Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getInt8(at);
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  u1: (view, l) => {
    const out = new Uint8Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getUint8(at);
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  i2: (view, l) => {
    const out = new Int16Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getInt16(at, l.little);
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  u2: (view, l) => {
    const out = new Uint16Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getUint16(at, l.little);
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  i4: (view, l) => {
    const out = new Int32Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getInt32(at, l.little);
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  u4: (view, l) => {
    const out = new Uint32Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getUint32(at, l.little);
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  f2: (view, l) => {
    const out = new Float32Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = halfToNumber(view.getUint16(at, l.little));
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  f4: (view, l) => {
    const out = new Float32Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getFloat32(at, l.little);
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
  f8: (view, l) => {
    const out = new Float64Array(l.count);
    for (let i = 0, at = l.offset, k = 0; i < l.count; i++) {
      out[i] = view.getFloat64(at, l.little);
      at += l.itemsize;
      if (++k === l.subSize) {
        k = 0;
        at += l.gap;
      }
    }
    return out;
  },
};

const TWO_32 = 2 ** 32;
const SAFE = 2 ** 53;

/**
 * int64/uint64 to float64 (one rounding each). The exact extremes come after:
 * the rounded extremes, then the exact words of only the items that round to them.
 */
function convertInt64(layout: Layout, signed: boolean): Omit<NumericView, "shape" | "strides"> {
  const values = new Float64Array(layout.count);
  const { little, recordSize, offset, subSize, gap } = layout;
  const view = dataView(layout.data);
  const highAt = little ? 4 : 0;
  const lowAt = little ? 0 : 4;
  for (let i = 0, at = offset, k = 0; i < layout.count; i++) {
    const high = signed ? view.getInt32(at + highAt, little) : view.getUint32(at + highAt, little);
    values[i] = high * TWO_32 + view.getUint32(at + lowAt, little);
    at += 8;
    if (++k === subSize) {
      k = 0;
      at += gap;
    }
  }
  if (layout.count === 0) return { values, exact: true };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const exactAt = (i: number): bigint => {
    const at = Math.floor(i / subSize) * recordSize + offset + (i % subSize) * 8;
    return signed ? view.getBigInt64(at, little) : view.getBigUint64(at, little);
  };
  let exactMin: bigint | undefined;
  let exactMax: bigint | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === min) {
      const exact = exactAt(i);
      if (exactMin === undefined || exact < exactMin) exactMin = exact;
    }
    if (v === max) {
      const exact = exactAt(i);
      if (exactMax === undefined || exact > exactMax) exactMax = exact;
    }
  }
  return { values, exact: min >= -SAFE && max <= SAFE, exactRange: { min: exactMin!, max: exactMax! } };
}

function convertLongDouble(layout: Layout): Omit<NumericView, "shape" | "strides"> {
  const values = new Float64Array(layout.count);
  let exact = true;
  forEachItem(layout, (at, i) => {
    const decoded = decodeLongDouble(layout.data, at, !layout.little);
    values[i] = decoded.value;
    if (!decoded.exact) exact = false;
  });
  return { values, exact };
}

function convertComplex(layout: Layout, itemsize: number, part: ComplexPart): Omit<NumericView, "shape" | "strides"> {
  const half = itemsize / 2;
  const { little } = layout;
  const values = half === 4 ? new Float32Array(layout.count) : new Float64Array(layout.count);
  const view = dataView(layout.data);
  let exact = true;
  const read = (at: number): number => {
    if (half === 4) return view.getFloat32(at, little);
    if (half === 8) return view.getFloat64(at, little);
    const decoded = decodeLongDouble(layout.data, at, !little);
    if (!decoded.exact) exact = false;
    return decoded.value;
  };
  forEachItem(layout, (at, i) => {
    const re = read(at);
    const im = read(at + half);
    values[i] = part === "real" ? re : part === "imaginary" ? im : part === "phase" ? Math.atan2(im, re) : Math.hypot(re, im);
  });
  return { values, exact };
}
