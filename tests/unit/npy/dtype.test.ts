/** Type strings and dtype descriptions, differentially against numpy's descr_to_dtype. */
import { describe, expect, test } from "vitest";
import { describeDtype, NpyError, parseHeaderText } from "@/lib/npy";
import { parseTypestr } from "@/lib/npy/dtype";
import { python } from "./corpus";

const TYPESTRS = [
  "<f8",
  ">f8",
  "=f8",
  "|f8",
  "f8",
  "<f4",
  "<f2",
  ">f2",
  "<f16",
  ">c32",
  "<c8",
  ">c16",
  "|b1",
  "<b1",
  "?",
  "b",
  "B",
  "h",
  "H",
  "i",
  "I",
  "l",
  "L",
  "q",
  "Q",
  "e",
  "f",
  "d",
  "g",
  "F",
  "D",
  "G",
  "|i1",
  "|u1",
  ">i2",
  "<u8",
  ">i8",
  "float64",
  "int16",
  "uint32",
  "complex64",
  "bool",
  "<M8",
  "M",
  "<M",
  "<M8[ns]",
  ">M8[D]",
  "<M8[25s]",
  "<M8[1D]",
  "<M8[us]",
  "<M8[generic]",
  "<m8[ms]",
  ">m8[W]",
  "<m8[generic]",
  "|S5",
  "|S0",
  "S",
  "a5",
  "<U3",
  ">U1",
  "U",
  "|V8",
  "V",
  "|O",
  "O",
  "O4",
  "|O8",
  "<M[h]",
  "<f12",
  "<i3",
  "<q9",
  "<f8[ns]",
  "<M8[xs]",
  "x",
  "",
];

interface NumpyVerdict {
  ok: boolean;
  itemsize?: number;
  kind?: string;
  big?: boolean;
  unit?: [string, number];
}

const verdicts = python<NumpyVerdict[]>(
  `
import json, sys, numpy as np
out = []
for s in json.load(sys.stdin):
    try:
        d = np.lib.format.descr_to_dtype(s)
        unit = list(np.datetime_data(d)) if d.kind in "mM" else None
        out.append(dict(ok=True, itemsize=d.itemsize, kind=d.kind, big=d.byteorder == ">", unit=unit))
    except Exception:
        out.append(dict(ok=False))
print(json.dumps(out))
`,
  JSON.stringify(TYPESTRS),
);

const NUMPY_KIND: Record<string, string> = {
  bool: "b",
  int: "i",
  uint: "u",
  float: "f",
  complex: "c",
  datetime: "M",
  timedelta: "m",
  bytes: "S",
  unicode: "U",
  void: "V",
  object: "O",
};

describe("type strings agree with numpy", () => {
  test.each(TYPESTRS.map((t, i) => [t, verdicts[i]] as const))("%j", (typestr, verdict) => {
    if (!verdict.ok) {
      expect(() => parseTypestr(typestr)).toThrow(NpyError);
      return;
    }
    const dtype = parseTypestr(typestr);
    expect(NUMPY_KIND[dtype.kind]).toBe(verdict.kind);
    expect(dtype.itemsize).toBe(verdict.itemsize);
    expect("byteOrder" in dtype && dtype.byteOrder === "big").toBe(verdict.big);
    if (dtype.kind === "datetime" || dtype.kind === "timedelta") {
      const [unit, count] = verdict.unit!;
      expect(dtype.unit).toBe(unit === "generic" ? "generic" : count === 1 ? unit : `${count}${unit}`);
    }
  });

  test("numpy quirks nothing sensible can read are refused with a reason", () => {
    expect(() => parseTypestr("<S-1")).toThrow("unknown dtype '<S-1'"); // numpy makes an itemsize of -1
  });
});

describe("describeDtype", () => {
  const describe_ = (descr: string) => describeDtype(parseHeaderText(`{'descr': ${descr}, 'fortran_order': False, 'shape': ()}`).dtype);

  test.each([
    ["'<f4'", "float32"],
    ["'>c16'", "complex128 (big-endian)"],
    ["[('x', '<f4'), ('y', '<i8')]", "structured: x f4, y i8"],
    ["'<M8[ns]'", "datetime64[ns]"],
    ["'<m8[25s]'", "timedelta64[25s]"],
    ["'<U5'", "unicode, 5 chars"],
    ["'|S5'", "bytes, 5"],
    ["'|V8'", "void, 8 bytes"],
    ["'|O'", "object (pickled Python objects)"],
    ["'|b1'", "bool"],
    ["'>u2'", "uint16 (big-endian)"],
    ["'<f16'", "long double (80-bit x87, shown approximately as float64)"],
    ["[('p', [('a', '>f8')], (2,)), ('', '|V4')]", "structured: p {a >f8} (2,)"],
  ])("%s is %j", (descr, words) => {
    expect(describe_(descr)).toBe(words);
  });

  test("long field lists are cut after eight fields", () => {
    const fields = Array.from({ length: 20 }, (_, i) => `('f${i}', '<i4')`).join(", ");
    expect(describe_(`[${fields}]`)).toBe("structured: f0 i4, f1 i4, f2 i4, f3 i4, f4 i4, f5 i4, f6 i4, f7 i4, … (20 fields)");
  });
});
