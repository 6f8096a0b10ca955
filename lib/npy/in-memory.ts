/**
 * An array made in memory rather than read from a file (a sample laid out by
 * the app, the server's block reductions), with the header lib/npy reads
 * every array by, so the same code serves it.
 */
import { NpyError } from "./errors";
import { parseHeaderText } from "./header";
import type { NpyArray } from "./read";

/** `data` as a C-ordered array of `shape` with elements of `typeString` as numpy writes it ("<f8", "<f4"). */
export function inMemoryArray(typeString: string, shape: readonly number[], data: Uint8Array): NpyArray {
  const headerText = `{'descr': '${typeString}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const parsed = parseHeaderText(headerText);
  const size = shape.reduce((a, b) => a * b, 1);
  const dataBytes = size * parsed.dtype.itemsize;
  if (data.length !== dataBytes) throw new NpyError(`an array of ${shape.join("×")} '${typeString}' takes ${dataBytes} bytes; got ${data.length}`);
  return { header: { ...parsed, version: "1.0", headerText, dataOffset: 0, size, dataBytes, pickled: false }, data };
}
