/**
 * The .npy preamble and header: magic, version, header length, and the
 * header dict with exactly the keys descr, fortran_order and shape.
 */
import { dtypeFromDescr, hasObject, type Dtype } from "./dtype";
import { NpyError } from "./errors";
import { LiteralError, parseLiteral, pythonRepr, type PyLiteral } from "./literal";
import { formatByteCount, formatShape } from "./size";

export interface NpyHeader {
  version: "1.0" | "2.0" | "3.0";
  /** The header dict as stored, padding and final newline included. */
  headerText: string;
  /** The descr value's source text as written in the header, e.g. "'<f8'". */
  descr: string;
  dtype: Dtype;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset of the data section: preamble plus header length. Any alignment is accepted. */
  dataOffset: number;
  /** Element count: the product of shape (1 for shape ()). */
  size: number;
  /**
   * size × itemsize: how many data bytes the header declares. For pickled arrays
   * (object dtypes) the data section is a pickle of unknown length instead, and
   * this is the in-memory size numpy would allocate (8 bytes per object pointer).
   */
  dataBytes: number;
  /** True when the dtype holds Python objects: the data is a pickle, never decoded here. */
  pickled: boolean;
}

export interface HeaderOptions {
  /** Largest header accepted, in bytes (default 16 MiB, the module's limit too: hundreds of thousands of fields fit). */
  maxHeaderSize?: number;
}

export const DEFAULT_MAX_HEADER_SIZE = 16 << 20;

/** numpy 2's limit (numpy 1.x reads 32); the module applies the same one. */
export const MAX_DIMENSIONS = 64;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const SUPPORTED = new Set(["1.0", "2.0", "3.0"]);
const EXPECTED_KEYS = ["descr", "fortran_order", "shape"];

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, "0")}`).join(" ");
}

/** Check the magic and version; returns the version and where the length field starts. */
function readPreamble(bytes: Uint8Array): { version: NpyHeader["version"]; lengthWidth: 2 | 4 } {
  if (bytes.length === 0) throw new NpyError("not a .npy file: the input is empty", 0);
  const magic = bytes.subarray(0, 6);
  if (magic.length < 6 || magic.some((b, i) => b !== MAGIC[i])) {
    const short = magic.length < 6 ? `, only ${bytes.length} bytes long` : "";
    throw new NpyError(`not a .npy file: magic is ${hexBytes(magic)}${short}, expected 0x93 'NUMPY'`, 0);
  }
  if (bytes.length < 8) throw new NpyError(`truncated preamble: the input ends at byte ${bytes.length}, before the version bytes`, bytes.length);
  const version = `${bytes[6]}.${bytes[7]}`;
  if (!SUPPORTED.has(version)) throw new NpyError(`unsupported .npy version ${version} (only 1.0, 2.0 and 3.0 exist)`, 6);
  return { version: version as NpyHeader["version"], lengthWidth: version === "1.0" ? 2 : 4 };
}

/**
 * How many bytes of the file the preamble and header take, i.e. where the data
 * starts; null when the prefix is too short to tell. Throws on a prefix that is
 * not a .npy preamble.
 */
export function headerByteLength(prefix: Uint8Array): number | null {
  if (prefix.length < 8 && MAGIC.every((m, i) => i >= prefix.length || prefix[i] === m)) return null;
  const { lengthWidth } = readPreamble(prefix);
  if (prefix.length < 8 + lengthWidth) return null;
  return 8 + lengthWidth + readLength(prefix, lengthWidth);
}

function readLength(bytes: Uint8Array, width: 2 | 4): number {
  return width === 2 ? bytes[8] | (bytes[9] << 8) : (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16)) + bytes[11] * 2 ** 24;
}

const asciiDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const NON_ASCII = /[\u0080-\uffff]/;

/** Latin1, byte by byte (TextDecoder's "latin1" is really windows-1252, so it cannot be used). */
function decodeLatin1(bytes: Uint8Array): string {
  // Pure ASCII reads the same in every encoding, and the native decoder is the fast path;
  // any byte above 0x7f shows up as a non-ASCII character in its output.
  const fast = asciiDecoder.decode(bytes);
  if (!NON_ASCII.test(fast)) return fast;
  let text = "";
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return text;
}

function decodeUtf8(bytes: Uint8Array, start: number): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new NpyError("header is not valid UTF-8, as a version 3.0 header must be", start);
  }
}

/**
 * Parse the preamble and header. Needs only a prefix of the file holding the
 * whole header (headerByteLength tells how long); does not look at the data.
 */
export function parseHeader(bytes: Uint8Array, options: HeaderOptions = {}): NpyHeader {
  const { version, lengthWidth } = readPreamble(bytes);
  const start = 8 + lengthWidth;
  if (bytes.length < start) {
    throw new NpyError(
      `truncated preamble: version ${version} needs a ${lengthWidth}-byte header length at byte 8 but the input ends at byte ${bytes.length}`,
      bytes.length,
    );
  }
  const length = readLength(bytes, lengthWidth);
  const limit = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
  if (length > limit) {
    throw new NpyError(`header of ${length} bytes exceeds the limit of ${limit} bytes (raise maxHeaderSize to read it)`, 8);
  }
  if (bytes.length < start + length) {
    throw new NpyError(`header length is ${length} bytes but only ${bytes.length - start} bytes follow the preamble`, start);
  }
  const raw = bytes.subarray(start, start + length);
  const headerText = version === "3.0" ? decodeUtf8(raw, start) : decodeLatin1(raw);
  const toByteOffset = (index: number) => start + (version === "3.0" ? utf8Length(headerText.slice(0, index)) : index);
  const parsed = parseHeaderDict(headerText, version !== "3.0", toByteOffset);
  return { version, headerText, ...parsed, dataOffset: start + length, ...sizes(parsed) };
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Parse the header dict text alone (what a listing API returns, without the preamble). */
export function parseHeaderText(text: string): { descr: string; dtype: Dtype; shape: number[]; fortranOrder: boolean } {
  return parseHeaderDict(text, true, (index) => index);
}

function parseHeaderDict(
  text: string,
  allowLongSuffix: boolean,
  toByteOffset: (index: number) => number,
): { descr: string; dtype: Dtype; shape: number[]; fortranOrder: boolean } {
  let literal: PyLiteral;
  try {
    literal = parseLiteral(text, { allowLongSuffix });
  } catch (error) {
    if (error instanceof LiteralError) {
      throw new NpyError(`header is not a Python literal: ${error.problem}`, toByteOffset(error.index));
    }
    throw error;
  }
  if (literal.type !== "dict") throw new NpyError(`header is not a dict but a ${literal.type}`, toByteOffset(literal.start));
  const values = new Map<string, PyLiteral>();
  for (const [key, value] of literal.entries) {
    if (key.type !== "str" || !EXPECTED_KEYS.includes(key.value)) {
      throw new NpyError(`header has an unexpected key ${pythonRepr(key)} (only 'descr', 'fortran_order' and 'shape' belong)`, toByteOffset(key.start));
    }
    values.set(key.value, value);
  }
  for (const key of EXPECTED_KEYS) {
    if (!values.has(key)) throw new NpyError(`header is missing the key '${key}'`);
  }
  const descr = values.get("descr")!;
  const fortran = values.get("fortran_order")!;
  const dims = shapeFrom(values.get("shape")!, toByteOffset);
  if (fortran.type !== "bool") {
    throw new NpyError(`fortran_order must be True or False, not ${pythonRepr(fortran)}`, toByteOffset(fortran.start));
  }
  let dtype: Dtype;
  try {
    dtype = dtypeFromDescr(descr);
  } catch (error) {
    if (error instanceof NpyError) throw new NpyError(error.message, toByteOffset(descr.start));
    throw error;
  }
  const descrText = text.slice(descr.start, descr.end);
  checkAddressable(dims, dtype, descrText);
  return { descr: descrText, dtype, shape: dims.map(Number), fortranOrder: fortran.value };
}

function shapeFrom(shape: PyLiteral, toByteOffset: (index: number) => number): bigint[] {
  if (shape.type !== "tuple") throw new NpyError(`shape must be a tuple of ints, not ${pythonRepr(shape)}`, toByteOffset(shape.start));
  if (shape.items.length > MAX_DIMENSIONS) {
    throw new NpyError(`shape has ${shape.items.length} dimensions, more than numpy's ${MAX_DIMENSIONS}`, toByteOffset(shape.start));
  }
  return shape.items.map((item, axis) => {
    // numpy's header check lets a bool through (Python's bool is an int), but making the array then fails.
    const value = item.type === "int" ? item.value : null;
    if (value === null) {
      throw new NpyError(`shape must be a tuple of ints, but item ${axis} is ${pythonRepr(item)}`, toByteOffset(item.start));
    }
    if (value < 0n) throw new NpyError(`shape ${pythonRepr(shape)} has a negative dimension ${value} at axis ${axis}`, toByteOffset(item.start));
    return value;
  });
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Every count a reader computes from the shape must be an exact JavaScript number. */
function checkAddressable(dims: bigint[], dtype: Dtype, descr: string): void {
  const size = dims.reduce((a, b) => a * b, 1n);
  const bytes = size * BigInt(dtype.itemsize);
  if (bytes > MAX_SAFE || size > MAX_SAFE || dims.some((d) => d > MAX_SAFE)) {
    throw new NpyError(
      `header declares shape ${formatShape(dims)} of ${descrName(descr)} = ${formatByteCount(bytes)}, more than any reader can address (2^53 bytes)`,
    );
  }
}

function sizes(parsed: { dtype: Dtype; shape: number[] }): { size: number; dataBytes: number; pickled: boolean } {
  const size = parsed.shape.reduce((a, b) => a * b, 1);
  return { size, dataBytes: size * parsed.dtype.itemsize, pickled: hasObject(parsed.dtype) };
}

/** The descr as a reader would name it in a message: "<f8" rather than "'<f8'". */
export function descrName(descr: string): string {
  const quoted = /^\s*(['"])(.*)\1\s*$/.exec(descr);
  return quoted ? quoted[2] : descr;
}
