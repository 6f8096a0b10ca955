/** Reading a whole .npy file: header plus a zero-copy view of its data section. */
import { NpyError } from "./errors";
import { descrName, parseHeader, type HeaderOptions, type NpyHeader } from "./header";
import { formatByteCount, formatShape } from "./size";

export interface NpyArray {
  header: NpyHeader;
  /**
   * The data section only, a view into the input (no copy): exactly dataBytes
   * long, trailing bytes dropped as numpy does. For pickled arrays, everything
   * after the header (the pickle).
   */
  data: Uint8Array;
}

/** Parse a whole .npy file; a data section shorter than the shape needs is an error. */
export function readNpy(bytes: Uint8Array | ArrayBuffer, options: HeaderOptions = {}): NpyArray {
  const input = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const header = parseHeader(input, options);
  const available = input.length - header.dataOffset;
  if (header.pickled) return { header, data: input.subarray(header.dataOffset) };
  if (available < header.dataBytes) {
    throw new NpyError(
      `data section is too short: header declares shape ${formatShape(header.shape)} of ${descrName(header.descr)} = ${formatByteCount(header.dataBytes)} but ${available} bytes follow the header`,
      input.length,
    );
  }
  return { header, data: input.subarray(header.dataOffset, header.dataOffset + header.dataBytes) };
}
