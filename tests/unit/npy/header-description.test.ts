/** A header described for choosing views, for every file of the corpus, against numpy's dtype and shape. */
import { describe, expect, test } from "vitest";
import { describeDtype, describeHeader, parseHeader } from "@/lib/npy";
import { corpus, python } from "./corpus";

const { dir, valid, bytes } = corpus();

interface NumpyView {
  shape: number[];
  size: number;
  itemsize: number;
  columns: string[];
  numericFields: string[];
  isNumeric: boolean;
  isComplex: boolean;
}

/** numpy's answer per file: plottable fields are numeric (bool, int, uint, float, complex) and hold one item. */
const numpy = python<Record<string, NumpyView>>(
  `
import json, sys, numpy as np
d = json.load(sys.stdin)
out = {}
for name in d["names"]:
    a = np.load(d["dir"] + "/valid/" + name + ".npy", allow_pickle=True, mmap_mode=None)
    dt = a.dtype
    names = list(dt.names or [])
    numeric = [n for n in names if dt.fields[n][0].shape == () and dt.fields[n][0].kind in "biufc"]
    out[name] = dict(shape=list(a.shape), size=int(a.size), itemsize=dt.itemsize, columns=names or ["value"], numericFields=numeric,
                     isNumeric=bool(numeric) if names else dt.kind in "biufc", isComplex=dt.kind == "c")
print(json.dumps(out))
`,
  JSON.stringify({ dir, names: valid.map((v) => v.name) }),
);

describe("describeHeader", () => {
  test.each(valid.map((v) => [v.name, v] as const))("%s", (name, entry) => {
    const header = parseHeader(bytes(entry.file));
    const description = describeHeader(header);
    const { shape, size, itemsize, columns, numericFields, isNumeric, isComplex } = description;
    expect({ shape, size, itemsize, columns, numericFields, isNumeric, isComplex }).toEqual(numpy[name]);
    expect(description).toMatchObject({
      descr: header.descr,
      dtypeWords: describeDtype(header.dtype),
      dtypeKind: header.dtype.kind,
      fortranOrder: entry.fortran_order,
      version: entry.version,
      dataOffset: entry.data_offset,
      dataBytes: entry.size * entry.itemsize,
    });
    expect(description.headerText).toBe(header.headerText.trimEnd());
  });
});
