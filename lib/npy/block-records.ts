/**
 * The wire format of a plane's block reductions (GET …/plane?reduce=min,max,mean),
 * made to be used as it arrives: a sequence of records, each a rectangle of
 * blocks finished by the server (a band of block rows, or of block columns
 * for a plane whose runs go down its columns), then an end record. A prefix
 * of the body is a usable part of the answer.
 *
 * A record is 16 bytes of four little-endian uint32 — first row, rows, first
 * column, columns of the rectangle — then its blocks' min, then max, then
 * mean, each rows × columns float64 in C order. The end record has no rows
 * and no columns; its first field says how the answer ended (see Ending).
 */
import { NpyError } from "./errors";

export const RECORD_HEADER_BYTES = 16;

/** A rectangle of blocks on the grid of the plane's reply: rows × columns from (rowStart, colStart). */
export interface BlockRect {
  rowStart: number;
  rows: number;
  colStart: number;
  columns: number;
}

export interface BlockBand extends BlockRect {
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
}

/**
 * "complete": every block was sent, all of the version the ETag names.
 * "rewritten": the array was rewritten after the records before this one
 * (they are of the ETag's version); the rest will not come from that version.
 */
export type Ending = "complete" | "rewritten";
const ENDINGS: readonly Ending[] = ["complete", "rewritten"];

export type BlockRecord = ({ kind: "band" } & BlockBand) | { kind: "end"; ending: Ending };

function recordHeader(fields: [number, number, number, number]): Uint8Array {
  const header = new Uint8Array(RECORD_HEADER_BYTES);
  const view = new DataView(header.buffer);
  fields.forEach((value, i) => view.setUint32(4 * i, value, true));
  return header;
}

/** Whether this machine stores numbers little-endian, as the wire does: then planes are copied as bytes. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One band's record: its header then its three planes (copied into one buffer, in the wire's little-endian order). */
export function encodeBand(band: BlockBand): Uint8Array {
  const cells = band.rows * band.columns;
  const out = new Uint8Array(RECORD_HEADER_BYTES + 3 * cells * 8);
  out.set(recordHeader([band.rowStart, band.rows, band.colStart, band.columns]));
  const view = new DataView(out.buffer);
  [band.min, band.max, band.mean].forEach((plane, k) => {
    const at = RECORD_HEADER_BYTES + k * cells * 8;
    if (LITTLE_ENDIAN_HOST) out.set(new Uint8Array(plane.buffer, plane.byteOffset, cells * 8), at);
    else for (let i = 0; i < cells; i++) view.setFloat64(at + i * 8, plane[i], true);
  });
  return out;
}

/**
 * A band from its three planes of little-endian float64s, as a record and
 * NP.BLOCKS carry them: one copy into an aligned array (the bytes may sit at
 * any offset), the three planes views of it.
 */
export function bandFromWire(rect: BlockRect, bytes: Uint8Array): BlockBand {
  const cells = rect.rows * rect.columns;
  if (bytes.length !== 3 * cells * 8) throw new NpyError(`a band of ${rect.rows}×${rect.columns} blocks takes ${3 * cells * 8} bytes; got ${bytes.length}`);
  const all = new Float64Array(3 * cells);
  if (LITTLE_ENDIAN_HOST) new Uint8Array(all.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < all.length; i++) all[i] = view.getFloat64(i * 8, true);
  }
  return { ...rect, min: all.subarray(0, cells), max: all.subarray(cells, 2 * cells), mean: all.subarray(2 * cells) };
}

export function encodeEnd(ending: Ending): Uint8Array {
  return recordHeader([ENDINGS.indexOf(ending), 0, 0, 0]);
}

/** Copies a band's three planes into the whole window's (3, rows, columns) planes. */
export function placeBand(planes: Float64Array, shape: [number, number], band: BlockBand): void {
  const [rows, columns] = shape;
  [band.min, band.max, band.mean].forEach((part, k) => {
    for (let r = 0; r < band.rows; r++) {
      const at = k * rows * columns + (band.rowStart + r) * columns + band.colStart;
      planes.set(part.subarray(r * band.columns, (r + 1) * band.columns), at);
    }
  });
}

/** Reads records out of a body as its chunks arrive, however the chunks cut them. */
export class BlockRecordReader {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private ended = false;

  /** The records completed by this chunk. */
  push(chunk: Uint8Array): BlockRecord[] {
    if (this.ended && chunk.length > 0) throw new NpyError("block reductions went on after their end record");
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const records: BlockRecord[] = [];
    for (let record = this.next(); record; record = this.next()) records.push(record);
    return records;
  }

  /** The body ended: true when its end record came (else it was cut off). */
  get complete(): boolean {
    return this.ended && this.pendingBytes === 0;
  }

  private next(): BlockRecord | null {
    if (this.ended || this.pendingBytes < RECORD_HEADER_BYTES) return null;
    const bytes = this.joined();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const [rowStart, rows, colStart, columns] = [0, 1, 2, 3].map((i) => view.getUint32(4 * i, true));
    if (rows === 0 || columns === 0) {
      const ending = ENDINGS[rowStart];
      if (!ending) throw new NpyError(`block reductions ended with an unknown ending ${rowStart}`);
      this.consume(bytes, RECORD_HEADER_BYTES);
      this.ended = true;
      return { kind: "end", ending };
    }
    const length = RECORD_HEADER_BYTES + 3 * rows * columns * 8;
    if (bytes.length < length) return null;
    const band = bandFromWire({ rowStart, rows, colStart, columns }, bytes.subarray(RECORD_HEADER_BYTES, length));
    this.consume(bytes, length);
    return { kind: "band", ...band };
  }

  /** The pending bytes as one array (joined once per record at most). */
  private joined(): Uint8Array {
    if (this.pending.length > 1) {
      const all = new Uint8Array(this.pendingBytes);
      let at = 0;
      for (const part of this.pending) {
        all.set(part, at);
        at += part.length;
      }
      this.pending = [all];
    }
    return this.pending[0] ?? new Uint8Array(0);
  }

  private consume(bytes: Uint8Array, length: number): void {
    this.pending = length < bytes.length ? [bytes.subarray(length)] : [];
    this.pendingBytes -= length;
  }
}
