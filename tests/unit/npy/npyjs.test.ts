/**
 * npyjs as an independent second opinion, only where it reads correctly:
 * little-endian i1–i8, u1–u8, f4, f8 and b1, C order, version 1.0 headers in
 * numpy's own spelling, data aligned to the item size, no trailing bytes.
 */
import { parse } from "npyjs";
import { describe, expect, test } from "vitest";
import { getValue, readNpy } from "@/lib/npy";
import { corpus, type ValidEntry } from "./corpus";

const SUPPORTED = new Set(["|i1", "|u1", "<i2", "<i4", "<i8", "<u2", "<u4", "<u8", "<f4", "<f8", "|b1"]);

function npyjsReadsCorrectly(entry: ValidEntry): boolean {
  return (
    SUPPORTED.has(entry.numpy_str) &&
    !entry.respelled &&
    entry.version === "1.0" &&
    (!entry.fortran_order || entry.shape.length < 2) &&
    entry.data_offset % entry.itemsize === 0 &&
    entry.file_bytes === entry.data_offset + entry.bytes
  );
}

const { valid, bytes } = corpus();
const cases = valid.filter(npyjsReadsCorrectly);

describe("npyjs agrees on the dtypes it supports", () => {
  test("the corpus has enough of them to matter", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  test.each(cases.map((e) => [e.name, e] as const))("%s", (_name, entry) => {
    const file = bytes(entry.file);
    const theirs = parse(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    const ours = readNpy(file);
    expect(theirs.shape).toEqual(ours.header.shape);
    const theirValues = Array.from(theirs.data as unknown as ArrayLike<number | bigint | boolean>);
    expect(theirValues.length).toBe(ours.header.size);
    const ourValues = theirValues.map((_, i) => getValue(ours, i));
    expect(ourValues).toEqual(theirValues);
  });
});
