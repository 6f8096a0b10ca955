/**
 * npm run inspect -- [--json] FILE...
 *
 * Describe .npy files: version, dtype, shape, order, sizes, statistics and the
 * first values. With --json, one JSON object per file per line (fields named
 * in jsonReport). Exits 1 when
 * any file could not be read.
 */
import { readFileSync } from "node:fs";
import { byteOrderWords, dtypeName, NpyError, numpyDescr, readNpy, summarizeArray, type NpyArray } from "../lib/npy";

const USAGE = "usage: npm run inspect -- [--json] FILE...";

function shapeText(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * Sizes are named as NP.INFO names them (file_bytes, data_bytes): the whole file, and the data
 * section numpy reads (size × itemsize, trailing bytes excluded; the pickle for object arrays).
 * descr is numpy's own value for the dtype, as np.save writes it: a string, or a list of fields.
 * min and max are numpy's nanmin and nanmax (±Infinity included); finiteMin and finiteMax the finite range.
 */
function jsonReport(file: string, fileBytes: number, array: NpyArray): Record<string, unknown> {
  const { header } = array;
  const summary = summarizeArray(array);
  const stats = summary.stats;
  return {
    file,
    version: header.version,
    descr: numpyDescr(header.dtype),
    dtype: dtypeName(header.dtype),
    byteOrder: byteOrderWords(header.dtype),
    shape: header.shape,
    fortranOrder: header.fortranOrder,
    fileBytes,
    dataBytes: array.data.length,
    dataOffset: header.dataOffset,
    size: header.size,
    pickled: header.pickled,
    head: summary.head,
    min: summary.min,
    max: summary.max,
    finiteMin: summary.finiteMin,
    finiteMax: summary.finiteMax,
    ...(stats && {
      mean: stats.count ? stats.mean : null,
      std: stats.count ? stats.std : null,
      nanCount: stats.nanCount,
      posInfCount: stats.posInfCount,
      negInfCount: stats.negInfCount,
    }),
  };
}

function humanReport(file: string, array: NpyArray): string {
  const { header } = array;
  const summary = summarizeArray(array);
  const order = byteOrderWords(header.dtype);
  const lines = [
    file,
    `  version   ${header.version}`,
    `  descr     ${header.descr}  (${dtypeName(header.dtype)}${order ? `, ${order}` : ""})`,
    `  shape     ${shapeText(header.shape)}, ${header.fortranOrder ? "Fortran" : "C"} order`,
    `  elements  ${header.size}`,
    `  bytes     ${array.data.length} of ${header.pickled ? "pickled Python objects (never decoded)" : "data"}, starting at byte ${header.dataOffset}`,
  ];
  const stats = summary.stats;
  if (stats) {
    lines.push(`  min, max  ${summary.min ?? "–"}, ${summary.max ?? "–"}  (numpy's nanmin, nanmax)`);
    if (stats.posInfCount || stats.negInfCount) lines.push(`  finite    ${summary.finiteMin ?? "–"} to ${summary.finiteMax ?? "–"}`);
    if (stats.count) lines.push(`  mean, std ${stats.mean}, ${stats.std}  (over ${stats.count} finite values)`);
    if (stats.nanCount || stats.posInfCount || stats.negInfCount) {
      lines.push(`  non-finite NaN ${stats.nanCount}, +Infinity ${stats.posInfCount}, -Infinity ${stats.negInfCount}`);
    }
  }
  if (summary.head.length) {
    lines.push(`  first     ${summary.head.join(", ")}${header.size > summary.head.length ? ", …" : ""}`);
  }
  return lines.join("\n");
}

function readError(error: unknown): string {
  if (error instanceof NpyError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "cannot read the file: it does not exist";
  if (code === "EISDIR") return "cannot read the file: it is a directory";
  return `cannot read the file: ${(error as Error).message}`;
}

function main(argv: string[]): number {
  const json = argv.includes("--json");
  const files = argv.filter((arg) => arg !== "--json");
  if (files.length === 0 || files.includes("--help") || files.includes("-h")) {
    console.error(USAGE);
    return files.length === 0 ? 2 : 0;
  }
  let failed = 0;
  files.forEach((file, i) => {
    try {
      const bytes = readFileSync(file);
      const array = readNpy(bytes);
      console.log(json ? JSON.stringify(jsonReport(file, bytes.length, array)) : (i > 0 ? "\n" : "") + humanReport(file, array));
    } catch (error) {
      if (!(error instanceof NpyError) && !(error as NodeJS.ErrnoException).code) throw error;
      failed++;
      if (json) console.log(JSON.stringify({ file, error: readError(error) }));
      else console.error(`${i > 0 ? "\n" : ""}${file}\n  error: ${readError(error)}`);
    }
  });
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
