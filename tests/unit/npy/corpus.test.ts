import { describe, expect, test } from "vitest";
import {
  computeStats,
  formatElement,
  formatValue,
  getValue,
  headerByteLength,
  NpyError,
  numericView,
  parseHeader,
  parseHeaderText,
  readNpy,
  summarizeArray,
} from "@/lib/npy";
import { closeTo, corpus } from "./corpus";

const { valid, malformed, bytes } = corpus();

/** The same file at an odd byte offset in a bigger buffer: forces the unaligned copy paths. */
function misaligned(file: Uint8Array): Uint8Array {
  const holder = new Uint8Array(file.length + 1);
  holder.set(file, 1);
  return holder.subarray(1);
}

describe("every valid file reads as numpy wrote it", () => {
  test.each(valid.map((e) => [e.name, e] as const))("%s", (_name, entry) => {
    const file = bytes(entry.file);
    const array = readNpy(file);
    const { header } = array;
    expect(header.version).toBe(entry.version);
    expect(header.descr).toBe(entry.descr);
    expect(header.shape).toEqual(entry.shape);
    expect(header.fortranOrder).toBe(entry.fortran_order);
    expect(header.dataOffset).toBe(entry.data_offset);
    expect(header.size).toBe(entry.size);
    expect(header.dtype.itemsize).toBe(entry.itemsize);
    expect(header.pickled).toBe(entry.pickled);
    expect(array.data.length).toBe(entry.bytes);
    // The data is a view into the input, never a copy.
    expect(array.data.buffer).toBe(file.buffer);

    if (entry.values) {
      const spelled = entry.values.map((_, i) => formatElement(array, i));
      expect(spelled).toEqual(entry.values);
      const approximate = header.dtype.kind === "float" || header.dtype.kind === "complex" ? header.dtype.itemsize >= 16 : false;
      if (!approximate && header.dtype.kind !== "structured") {
        expect(entry.values.map((_, i) => formatValue(getValue(array, i), header.dtype))).toEqual(entry.values);
      }
      const shifted = readNpy(misaligned(file));
      expect(entry.values.map((_, i) => formatElement(shifted, i))).toEqual(entry.values);
    }
    if (entry.pickled) {
      expect(() => getValue(array, 0)).toThrow(NpyError);
      expect(numericView(array)).toBeNull();
    }
  });
});

describe("statistics equal numpy's: nanmin/nanmax with infinities, the finite range, moments over finite values", () => {
  const numeric = valid.filter((e) => e.count !== null);
  test.each(numeric.map((e) => [e.name, e] as const))("%s", (_name, entry) => {
    for (const file of [bytes(entry.file), misaligned(bytes(entry.file))]) {
      const array = readNpy(file);
      const summary = summarizeArray(array);
      const stats = computeStats(numericView(array)!);
      expect(stats.count).toBe(entry.count);
      expect(stats.nanCount).toBe(entry.nan_count);
      expect(stats.posInfCount).toBe(entry.posinf_count);
      expect(stats.negInfCount).toBe(entry.neginf_count);
      expect(summary.min).toBe(entry.min);
      expect(summary.max).toBe(entry.max);
      expect(summary.finiteMin).toBe(entry.finite_min);
      expect(summary.finiteMax).toBe(entry.finite_max);
      if (entry.mean !== null) {
        const spread = Math.abs(Number(entry.mean)) + (typeof entry.std === "number" ? entry.std : Infinity);
        expect(closeTo(stats.mean, entry.mean, spread), `mean ${stats.mean} vs ${entry.mean}`).toBe(true);
        expect(closeTo(stats.std, entry.std!, spread), `std ${stats.std} vs ${entry.std}`).toBe(true);
      }
    }
  });
});

describe("the header alone, from a prefix of the file", () => {
  test.each(valid.map((e) => [e.name, e] as const))("%s", (_name, entry) => {
    const file = bytes(entry.file);
    expect(headerByteLength(file.subarray(0, 5))).toBeNull();
    const need = headerByteLength(file.subarray(0, 12));
    expect(need).toBe(entry.data_offset);
    const header = parseHeader(file.subarray(0, need!));
    expect(header).toEqual(readNpy(file).header);
    const dict = parseHeaderText(header.headerText);
    expect(dict.descr).toBe(entry.descr);
    expect(dict.shape).toEqual(entry.shape);
    expect(dict.dtype).toEqual(header.dtype);
  });
});

describe("every malformed file fails with a message naming the problem", () => {
  test.each(malformed.map((e) => [e.name, e] as const))("%s", (_name, entry) => {
    const file = bytes(entry.file);
    let caught: unknown;
    try {
      readNpy(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NpyError);
    expect((caught as NpyError).message).toContain(entry.error_contains);
  });
});

describe("limits and options", () => {
  const wide = valid.find((e) => e.name === "struct_4000_fields_v2")!;

  test("a v2 header of thousands of fields reads by default and respects maxHeaderSize", () => {
    const file = bytes(wide.file);
    const array = readNpy(file);
    expect(array.header.dtype.kind === "structured" && array.header.dtype.fields.length).toBe(4000);
    expect(() => readNpy(file, { maxHeaderSize: 10_000 })).toThrow(/exceeds the limit of 10000 bytes/);
  });

  test("errors carry the byte offset of the problem", () => {
    const entry = malformed.find((e) => e.name === "header_python_code")!;
    try {
      readNpy(bytes(entry.file));
      expect.unreachable();
    } catch (error) {
      const offset = (error as NpyError).offset!;
      expect(offset).toBeGreaterThan(10);
      expect(new TextDecoder().decode(bytes(entry.file).subarray(offset, offset + 10))).toBe("__import__");
    }
  });

  test("trailing bytes after the data are ignored, as numpy does", () => {
    const array = readNpy(bytes(valid.find((e) => e.name === "trailing_bytes")!.file));
    expect(array.data.length).toBe(80);
  });

  test("ArrayBuffer input works like Uint8Array input", () => {
    const file = bytes(valid.find((e) => e.name === "d2_c")!.file);
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    expect(readNpy(buffer).header).toEqual(readNpy(file).header);
  });

  test("getValue rejects indices outside the array", () => {
    const array = readNpy(bytes(valid.find((e) => e.name === "d1")!.file));
    expect(() => getValue(array, 7)).toThrow(/element index 7 is out of range for an array of 7 elements/);
    expect(() => getValue(array, -1)).toThrow(NpyError);
  });
});
