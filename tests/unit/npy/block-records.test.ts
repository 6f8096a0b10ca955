// The streamed records of a plane's block reductions read back whatever the
// network's chunks are: a record cut anywhere waits for its rest, and a body
// without its end record is known to be cut off.
import { describe, expect, it } from "vitest";
import { bandFromWire, BlockRecordReader, encodeBand, encodeEnd, placeBand, type BlockBand } from "@/lib/npy/block-records";

const band = (rowStart: number, rows: number, colStart: number, columns: number): BlockBand => {
  const cells = rows * columns;
  const plane = (k: number) => Float64Array.from({ length: cells }, (_, i) => (k === 2 && i === 1 ? NaN : k * 1000 + rowStart * 10 + i + 0.5));
  return { rowStart, rows, colStart, columns, min: plane(0), max: plane(1), mean: plane(2) };
};

function body(bands: BlockBand[], ending: "complete" | "rewritten" | null): Uint8Array {
  const parts = [...bands.map(encodeBand), ...(ending ? [encodeEnd(ending)] : [])];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

describe("block records", () => {
  const bands = [band(0, 2, 0, 3), band(2, 1, 0, 3)];

  it("reads every band and the end back, however the body is cut into chunks", () => {
    const bytes = body(bands, "complete");
    for (const size of [1, 7, 16, 17, 64, bytes.length]) {
      const reader = new BlockRecordReader();
      const records = [];
      for (let at = 0; at < bytes.length; at += size) records.push(...reader.push(bytes.subarray(at, at + size)));
      expect(records).toEqual([...bands.map((b) => ({ kind: "band", ...b })), { kind: "end", ending: "complete" }]);
      expect(reader.complete).toBe(true);
    }
  });

  it("says when the array was rewritten, and when the body was cut off", () => {
    const rewritten = new BlockRecordReader();
    expect(rewritten.push(body(bands.slice(0, 1), "rewritten")).at(-1)).toEqual({ kind: "end", ending: "rewritten" });
    const cut = new BlockRecordReader();
    const bytes = body(bands, null);
    expect(cut.push(bytes.subarray(0, bytes.length - 5))).toHaveLength(1);
    expect(cut.complete).toBe(false);
  });

  it("places a band of block rows, or of block columns, into the whole window's planes", () => {
    const planes = new Float64Array(3 * 3 * 4).fill(-1);
    placeBand(planes, [3, 4], band(0, 3, 1, 2));
    const min = Array.from(planes.subarray(0, 12));
    expect(min).toEqual([-1, 0.5, 1.5, -1, -1, 2.5, 3.5, -1, -1, 4.5, 5.5, -1]);
  });

  it("takes a band's planes from little-endian bytes at any offset (as NP.BLOCKS answers them), and refuses a wrong length", () => {
    const whole = band(4, 2, 1, 3);
    const record = encodeBand(whole);
    const shifted = new Uint8Array(record.length + 1);
    shifted.set(record, 1);
    const planes = shifted.subarray(1 + 16);
    expect(bandFromWire({ rowStart: 4, rows: 2, colStart: 1, columns: 3 }, planes)).toEqual(whole);
    expect(() => bandFromWire({ rowStart: 4, rows: 2, colStart: 1, columns: 4 }, planes)).toThrow(/takes 192 bytes; got 144/);
  });
});
