/**
 * Dtypes: the typed description of one array element, built from a header's
 * descr literal, and its plain-words description.
 */
import { NpyError } from "./errors";
import { pythonRepr, type PyLiteral } from "./literal";
import { NameSet } from "./name-set";

export type ByteOrder = "little" | "big" | "not-applicable";

export type Dtype =
  | { kind: "bool"; itemsize: 1 }
  | { kind: "int" | "uint"; itemsize: 1 | 2 | 4 | 8; byteOrder: ByteOrder }
  /** itemsize 16 is the x87 80-bit long double (x86-64 numpy), read approximately as float64. */
  | { kind: "float"; itemsize: 2 | 4 | 8 | 16; byteOrder: ByteOrder }
  /** itemsize 32 is a pair of long doubles, read approximately. */
  | { kind: "complex"; itemsize: 8 | 16 | 32; byteOrder: ByteOrder }
  /** unit: "Y" … "as", optionally with a multiplier ("25s"), or "generic". */
  | { kind: "datetime" | "timedelta"; itemsize: 8; byteOrder: ByteOrder; unit: string }
  /** S: NUL-padded bytes. */
  | { kind: "bytes"; itemsize: number }
  /** U: UCS-4 code points; length = itemsize / 4. */
  | { kind: "unicode"; itemsize: number; length: number; byteOrder: ByteOrder }
  | { kind: "void"; itemsize: number }
  /** O: the data section is a pickle, never decoded. */
  | { kind: "object"; itemsize: 8 }
  | { kind: "structured"; itemsize: number; fields: Field[] };

export interface Field {
  name: string;
  title?: string;
  /** Byte offset of the field inside one element. */
  offset: number;
  /** The dtype of one item of the field (of the subarray's items when shape is not []). */
  dtype: Dtype;
  /** Subarray shape, [] when the field holds one item. */
  shape: number[];
}

export type DatetimeUnit = "Y" | "M" | "W" | "D" | "h" | "m" | "s" | "ms" | "us" | "ns" | "ps" | "fs" | "as" | "generic";

const TIME_UNITS = new Set<string>(["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]);

/** A datetime/timedelta unit split into its base unit and multiplier: "25s" → { unit: "s", count: 25n }. */
export function splitTimeUnit(unit: string): { unit: DatetimeUnit; count: bigint } {
  if (unit === "generic") return { unit: "generic", count: 1n };
  const match = /^(\d*)(.+)$/.exec(unit)!;
  return { unit: match[2] as DatetimeUnit, count: match[1] ? BigInt(match[1]) : 1n };
}

/** Single-character numpy type codes (x86-64 Linux sizes) as the type strings numpy writes for them. */
const TYPE_CODES: Record<string, string> = {
  "?": "b1",
  b: "i1",
  B: "u1",
  h: "i2",
  H: "u2",
  i: "i4",
  I: "u4",
  l: "i8",
  L: "u8",
  q: "i8",
  Q: "u8",
  p: "i8",
  P: "u8",
  n: "i8",
  N: "u8",
  e: "f2",
  f: "f4",
  d: "f8",
  g: "f16",
  F: "c8",
  D: "c16",
  G: "c32",
  O: "O8",
  c: "S1",
};

/** The type names numpy 2's dtype() accepts in a header (without a byte order), as type strings. */
const TYPE_NAMES: Record<string, string> = {
  bool: "b1",
  bool_: "b1",
  byte: "i1",
  ubyte: "u1",
  short: "i2",
  ushort: "u2",
  intc: "i4",
  uintc: "u4",
  int: "i8",
  int_: "i8",
  uint: "u8",
  long: "i8",
  ulong: "u8",
  longlong: "i8",
  ulonglong: "u8",
  intp: "i8",
  uintp: "u8",
  int8: "i1",
  int16: "i2",
  int32: "i4",
  int64: "i8",
  uint8: "u1",
  uint16: "u2",
  uint32: "u4",
  uint64: "u8",
  half: "f2",
  single: "f4",
  double: "f8",
  float: "f8",
  longdouble: "f16",
  float16: "f2",
  float32: "f4",
  float64: "f8",
  float128: "f16",
  csingle: "c8",
  cdouble: "c16",
  complex: "c16",
  clongdouble: "c32",
  complex64: "c8",
  complex128: "c16",
  complex256: "c32",
  object: "O8",
  object_: "O8",
  bytes: "S",
  bytes_: "S",
  str: "U",
  str_: "U",
  unicode: "U",
  void: "V",
};

/** A type name as the type string it stands for; datetime64/timedelta64 keep their byte order and unit. */
function spelledTypestr(typestr: string): string {
  const named = TYPE_NAMES[typestr];
  if (named !== undefined) return named;
  const code = /^([<>=|]?)(.)$/.exec(typestr);
  if (code && TYPE_CODES[code[2]] !== undefined) return code[1] + TYPE_CODES[code[2]];
  const datetime = /^([<>=|]?)(datetime|timedelta)64(\[.*)?$/.exec(typestr);
  if (datetime) return `${datetime[1]}${datetime[2] === "datetime" ? "M" : "m"}8${datetime[3] ?? ""}`;
  return typestr;
}

function orderOf(char: string, itemsize: number): ByteOrder {
  if (itemsize === 1) return "not-applicable";
  // "=", "|" and no prefix on a multi-byte type mean the writer's native order (numpy reads '|f8' as
  // '<f8'); every platform numpy ships on today is little-endian.
  return char === ">" ? "big" : "little";
}

// Thousands of fields usually share a handful of type strings; dtypes are never mutated, so share them.
const typestrCache = new Map<string, Dtype>();
const TYPESTR_CACHE_LIMIT = 1024;
const recent: Array<{ typestr: string | null; dtype: Dtype }> = [
  { typestr: null, dtype: { kind: "bool", itemsize: 1 } },
  { typestr: null, dtype: { kind: "bool", itemsize: 1 } },
];

/** Parse a simple (non-structured) dtype string such as "<f8", "|S5", ">M8[ns]", "=i4", "float64". */
export function parseTypestr(typestr: string): Dtype {
  // Fields mostly repeat the last type string or the one before; comparing two
  // short strings is cheaper than hashing a freshly sliced one for the map.
  if (typestr === recent[0].typestr) return recent[0].dtype;
  const other = recent[1];
  if (typestr === other.typestr) {
    recent[1] = recent[0];
    recent[0] = other;
    return other.dtype;
  }
  let dtype = typestrCache.get(typestr);
  if (dtype === undefined) {
    dtype = Object.freeze(parseTypestrUncached(typestr));
    if (typestrCache.size < TYPESTR_CACHE_LIMIT) typestrCache.set(typestr, dtype);
  }
  recent[1] = recent[0];
  recent[0] = { typestr, dtype };
  return dtype;
}

function parseTypestrUncached(typestr: string): Dtype {
  const unknown = (why: string) => new NpyError(`unknown dtype '${typestr}': ${why}`);
  const match = /^([<>=|]?)([A-Za-z?]+)(\d*)(?:\[([^\]]*)\])?$/.exec(spelledTypestr(typestr));
  if (!match) throw unknown("expected a byte order, a type code and a size, like '<f8', or a type name like 'float64'");
  const orderChar = match[1];
  const code = match[2];
  const digits = match[3];
  const unitText = match[4];
  if (code.length !== 1) throw unknown(`'${code}' is not a type code`);
  if (unitText !== undefined && code !== "M" && code !== "m") throw unknown("only datetime64 (M8) and timedelta64 (m8) take a [unit]");
  if (digits === "" && !"SUVOMma".includes(code)) throw unknown("the size is missing");
  const size = digits === "" ? 0 : Number(digits);
  switch (code) {
    case "b":
      if (size !== 1) throw unknown("bool has 1 byte");
      return { kind: "bool", itemsize: 1 };
    case "i":
    case "u":
      if (size !== 1 && size !== 2 && size !== 4 && size !== 8) throw unknown("integers have 1, 2, 4 or 8 bytes");
      return { kind: code === "i" ? "int" : "uint", itemsize: size, byteOrder: orderOf(orderChar, size) };
    case "f":
      if (size !== 2 && size !== 4 && size !== 8 && size !== 16) {
        throw unknown(size === 12 ? "12-byte long doubles (32-bit x86) are not supported" : "floats have 2, 4, 8 or 16 bytes");
      }
      return { kind: "float", itemsize: size, byteOrder: orderOf(orderChar, size) };
    case "c":
      if (size !== 8 && size !== 16 && size !== 32) throw unknown("complex numbers have 8, 16 or 32 bytes");
      return { kind: "complex", itemsize: size, byteOrder: orderOf(orderChar, size) };
    case "M":
    case "m": {
      if (digits !== "" && size !== 8) throw unknown("datetime64 and timedelta64 have 8 bytes");
      if (digits === "" && unitText !== undefined) throw unknown("a unit needs the size first, as in 'M8[ns]'");
      const unit = unitText === undefined || unitText === "generic" ? "generic" : unitText.replace("μs", "us");
      const unitMatch = /^(\d*)([A-Za-z]+)$/.exec(unit);
      if (unit !== "generic" && (!unitMatch || !TIME_UNITS.has(unitMatch[2]))) {
        throw unknown(`'${unitText}' is not a datetime unit (Y, M, W, D, h, m, s, ms, us, ns, ps, fs, as)`);
      }
      const normalised = unitMatch && unitMatch[1] === "1" ? unitMatch[2] : unit;
      return { kind: code === "M" ? "datetime" : "timedelta", itemsize: 8, byteOrder: orderOf(orderChar, 8), unit: normalised };
    }
    case "S":
    case "a":
      return { kind: "bytes", itemsize: size };
    case "U":
      return { kind: "unicode", itemsize: size * 4, length: size, byteOrder: orderOf(orderChar, 4) };
    case "V":
      return { kind: "void", itemsize: size };
    case "O":
      // Old files say 'O4' or 'O8'; numpy reads both as its own 8-byte object pointers.
      if (digits !== "" && size !== 4 && size !== 8) throw unknown("objects are 'O', 'O4' or 'O8'");
      return { kind: "object", itemsize: 8 };
  }
  throw unknown(`'${code}' is not a type code`);
}

function shapeOf(literal: PyLiteral, where: string): number[] {
  const dims = literal.type === "tuple" ? literal.items : literal.type === "int" ? [literal] : null;
  if (!dims || dims.some((d) => d.type !== "int" || d.value < 0n || d.value > 2n ** 31n)) {
    throw new NpyError(`${where}: the subarray shape ${pythonRepr(literal)} is not a tuple of non-negative ints`);
  }
  return dims.map((d) => Number((d as { value: bigint }).value));
}

/** Build a dtype from a header's descr literal: a type string, or a list of field tuples. */
export function dtypeFromDescr(descr: PyLiteral): Dtype {
  if (descr.type === "str") return parseTypestr(descr.value);
  if (descr.type === "list") return structuredFromList(descr.items, 0);
  if (descr.type === "tuple") {
    // numpy builds a subarray dtype from it, then cannot make an array of one: np.load always fails.
    throw new NpyError(`descr ${pythonRepr(descr)} is a subarray dtype, which np.load cannot read: put its shape into 'shape' instead`);
  }
  throw new NpyError(`descr must be a string or a list of fields, not ${pythonRepr(descr)}`);
}

const MAX_NESTING = 32;

/** The name of a field entry: a string, or the second string of a (title, name) pair. */
function fieldName(literal: PyLiteral, index: number): string {
  if (literal.type === "str") return literal.value;
  if (literal.type === "tuple" && literal.items.length === 2) {
    const [title, name] = literal.items;
    if (title.type === "str" && name.type === "str") return name.value;
  }
  throw new NpyError(`field ${index} of the descr: the name must be a string or a (title, name) pair, not ${pythonRepr(literal)}`);
}

function fieldTitle(literal: PyLiteral): string | undefined {
  return literal.type === "tuple" ? (literal.items[0] as { value: string }).value : undefined;
}

/** A field's dtype: a type string, a list of fields, or a (dtype, shape) subarray, whose shape comes first. */
function fieldDtype(literal: PyLiteral, index: number, depth: number): { dtype: Dtype; shape: number[] } {
  if (literal.type === "str") return { dtype: parseTypestr(literal.value), shape: NO_SHAPE };
  if (literal.type === "list") return { dtype: structuredFromList(literal.items, depth + 1), shape: NO_SHAPE };
  if (literal.type === "tuple" && literal.items.length === 2 && depth < MAX_NESTING) {
    const inner = fieldDtype(literal.items[0], index, depth + 1);
    const shape = shapeOf(literal.items[1], `field ${index} of the descr`);
    return { dtype: inner.dtype, shape: shape.length || inner.shape.length ? [...shape, ...inner.shape] : NO_SHAPE };
  }
  throw new NpyError(`field ${index} of the descr: the dtype must be a string, a list of fields or a (dtype, shape) pair, not ${pythonRepr(literal)}`);
}

// Shared by every field without a subarray (most of them); dtypes are read-only.
const NO_SHAPE: number[] = Object.freeze([]) as unknown as number[];

function structuredFromList(items: PyLiteral[], depth: number): Dtype {
  if (depth > MAX_NESTING) throw new NpyError(`structured dtype nested deeper than ${MAX_NESTING} levels`);
  const fields: Field[] = [];
  const seen = new NameSet(items.length);
  let offset = 0;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item.type !== "tuple" || item.items.length < 2 || item.items.length > 3) {
      throw new NpyError(`field ${index} of the descr must be a (name, dtype) or (name, dtype, shape) tuple, not ${pythonRepr(item)}`);
    }
    const name = fieldName(item.items[0], index);
    const title = fieldTitle(item.items[0]);
    const inner = fieldDtype(item.items[1], index, depth);
    const dtype = inner.dtype;
    const outer = item.items.length === 3 ? shapeOf(item.items[2], `field ${index} of the descr`) : NO_SHAPE;
    const shape = outer.length || inner.shape.length ? [...outer, ...inner.shape] : NO_SHAPE;
    let count = 1;
    for (let axis = 0; axis < shape.length; axis++) count *= shape[axis];
    // numpy's descr_to_dtype: an unnamed entry whose dtype is void but not structured is padding, not a
    // field, and a subarray's dtype is void too, whatever its items are.
    const isPadding = name === "" && (dtype.kind === "void" || shape.length > 0);
    if (!isPadding) {
      if (!seen.add(name)) throw new NpyError(`duplicate field name '${name}' in the descr`);
      if (title !== undefined && !seen.add(title)) {
        throw new NpyError(`field title '${title}' clashes with another field's name or title`);
      }
      fields.push(title === undefined ? { name, offset, dtype, shape } : { name, title, offset, dtype, shape });
    }
    offset += dtype.itemsize * count;
  }
  return { kind: "structured", itemsize: offset, fields };
}

/** True when the dtype holds Python objects anywhere, which makes numpy pickle the whole array. */
export function hasObject(dtype: Dtype): boolean {
  if (dtype.kind === "object") return true;
  return dtype.kind === "structured" && dtype.fields.some((f) => hasObject(f.dtype));
}

/** Short numpy-like code for a dtype inside a field list: "f4", ">i8", "U5", "M8[ns]". */
export function shortCode(dtype: Dtype): string {
  const order = "byteOrder" in dtype && dtype.byteOrder === "big" ? ">" : "";
  switch (dtype.kind) {
    case "bool":
      return "b1";
    case "int":
      return `${order}i${dtype.itemsize}`;
    case "uint":
      return `${order}u${dtype.itemsize}`;
    case "float":
      return `${order}f${dtype.itemsize}`;
    case "complex":
      return `${order}c${dtype.itemsize}`;
    case "datetime":
    case "timedelta":
      return `${order}${dtype.kind === "datetime" ? "M" : "m"}8${dtype.unit === "generic" ? "" : `[${dtype.unit}]`}`;
    case "bytes":
      return `S${dtype.itemsize}`;
    case "unicode":
      return `${order}U${dtype.length}`;
    case "void":
      return `V${dtype.itemsize}`;
    case "object":
      return "O";
    case "structured":
      return `{${dtype.fields.map(fieldSummary).join(", ")}}`;
  }
}

function fieldSummary(field: Field): string {
  const shape = field.shape.length ? ` (${field.shape.join(", ")}${field.shape.length === 1 ? "," : ""})` : "";
  return `${field.name} ${shortCode(field.dtype)}${shape}`;
}

const FIELDS_SHOWN = 8;

/** "little-endian", "big-endian", or null for dtypes without a byte order (bytes, bool, structured…). */
export function byteOrderWords(dtype: Dtype): string | null {
  if (!("byteOrder" in dtype) || dtype.byteOrder === "not-applicable") return null;
  return `${dtype.byteOrder}-endian`;
}

/** Plain words for a dtype: "float32", "complex128 (big-endian)", "structured: x f4, y i8", "unicode, 5 chars". */
export function describeDtype(dtype: Dtype): string {
  return dtypeName(dtype) + ("byteOrder" in dtype && dtype.byteOrder === "big" ? " (big-endian)" : "");
}

/** Plain words for a dtype without its byte order: "float32", "datetime64[ns]", "bytes, 5". */
export function dtypeName(dtype: Dtype): string {
  switch (dtype.kind) {
    case "bool":
      return "bool";
    case "int":
    case "uint":
      return `${dtype.kind}${dtype.itemsize * 8}`;
    case "float":
      return dtype.itemsize === 16 ? "long double (80-bit x87, shown approximately as float64)" : `float${dtype.itemsize * 8}`;
    case "complex":
      return dtype.itemsize === 32 ? "complex long double (two 80-bit x87 values, shown approximately)" : `complex${dtype.itemsize * 8}`;
    case "datetime":
    case "timedelta":
      return `${dtype.kind}64${dtype.unit === "generic" ? "" : `[${dtype.unit}]`}`;
    case "bytes":
      return `bytes, ${dtype.itemsize}`;
    case "unicode":
      return `unicode, ${dtype.length} char${dtype.length === 1 ? "" : "s"}`;
    case "void":
      return `void, ${dtype.itemsize} bytes`;
    case "object":
      return "object (pickled Python objects)";
    case "structured": {
      const shown = dtype.fields.slice(0, FIELDS_SHOWN).map(fieldSummary).join(", ");
      const more = dtype.fields.length > FIELDS_SHOWN ? `, … (${dtype.fields.length} fields)` : "";
      return `structured: ${shown}${more}`;
    }
  }
}
