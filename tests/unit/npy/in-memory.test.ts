// Arrays made in memory read like any other: the header lib/npy would read from numpy's file of the same dtype and shape.
import { describe, expect, it } from "vitest";
import { inMemoryArray, numericView, parseHeaderText } from "@/lib/npy";

describe("inMemoryArray", () => {
  it("describes the bytes as a C-ordered array of the type and shape, and its values read back", () => {
    const values = Float64Array.from({ length: 24 }, (_, i) => i / 3);
    const array = inMemoryArray("<f8", [3, 2, 4], new Uint8Array(values.buffer));
    expect(array.header).toMatchObject({
      ...parseHeaderText("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2, 4), }"),
      size: 24,
      dataBytes: 192,
      dataOffset: 0,
    });
    expect(Array.from(numericView(array)!.values)).toEqual(Array.from(values));
    expect(inMemoryArray("<f4", [5], new Uint8Array(20)).header.shape).toEqual([5]);
  });

  it("refuses bytes that are not the array's size", () => {
    expect(() => inMemoryArray("<f4", [2, 3], new Uint8Array(20))).toThrow(/2×3 '<f4' takes 24 bytes; got 20/);
  });
});
