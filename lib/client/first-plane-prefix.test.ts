import { describe, expect, it } from "vitest";
import type { ArrayListItem } from "@/lib/api-types";
import { parseHeader } from "@/lib/npy";
import { npy, runPython } from "../../tests/helpers";
import { firstPlanePrefix } from "./first-plane-prefix";

/** The list's row of a .npy numpy wrote: its length and header text, as the listing gives them. */
function rowOf(bytes: Buffer): ArrayListItem {
  const header = parseHeader(new Uint8Array(bytes));
  return {
    key: "k",
    bytes: bytes.length,
    header: header.headerText,
    version: header.version,
    ttl: -1,
    descr: header.descr,
    shape: header.shape,
    fortranOrder: header.fortranOrder,
  };
}

describe("the first plane read with the header", () => {
  it("covers a C-order stack's header and numpy's first frame, byte for byte", () => {
    const expression = "np.arange(40 * 256 * 256, dtype='<f4').reshape(40, 256, 256)";
    const bytes = npy(expression);
    const prefix = firstPlanePrefix(rowOf(bytes))!;
    const firstFrame = runPython(`import sys, numpy as np\nsys.stdout.buffer.write((${expression})[0].tobytes())`);
    const dataOffset = parseHeader(new Uint8Array(bytes)).dataOffset;
    expect(prefix).toBe(dataOffset + firstFrame.length);
    expect(Buffer.compare(bytes.subarray(dataOffset, prefix), firstFrame)).toBe(0);
  });

  it("is null for what does not open a plane at a time at the data's start", () => {
    const small = npy("np.zeros((4, 256, 256), dtype='<f4')");
    const fortran = npy("np.asfortranarray(np.zeros((40, 256, 256), dtype='<f4'))");
    const plane = npy("np.zeros((2048, 2048), dtype='<f4')");
    const text = npy("np.full((40, 256, 256), 'ab', dtype='<U2')");
    for (const bytes of [small, fortran, plane, text]) expect(firstPlanePrefix(rowOf(bytes))).toBeNull();
  });
});
