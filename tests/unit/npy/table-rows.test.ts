/** Value-table rows and blocks of exact texts against numpy's indices and values, spelled by the corpus's formatter. */
import { describe, expect, test } from "vitest";
import { planeBlockTexts, tableRows } from "@/lib/npy";
import { numpyArrays } from "./numpy-arrays";

interface Block {
  name: string;
  xAxis: number;
  yAxis: number;
  indices: number[];
  rowStart: number;
  rowCount: number;
  colStart: number;
  colCount: number;
  texts: string[];
  rows: number;
  cols: number;
}

interface Expected {
  rows: Record<string, { start: number; count: number; rows: string[][] }>;
  blocks: Block[];
}

const { array, expected } = numpyArrays<Expected>(`
from make_corpus import fmt_scalar, nested
rng = np.random.default_rng(3)
record = np.dtype([("id", "<i4"), ("pos", "<f4", (2,)), ("tag", "S3"), ("grid", "<i2", (2, 2)), ("w", ">f8")])
records = np.zeros((2, 3), dtype=record)
records["id"] = np.arange(6).reshape(2, 3) - 2
records["pos"] = rng.standard_normal((2, 3, 2))
records["tag"] = [[b"ab", b"", b"xyz"], [b"q", b"\\x01", b"zz"]]
records["grid"] = rng.integers(-9, 9, (2, 3, 2, 2))
records["w"] = rng.standard_normal((2, 3))
cube = np.asfortranarray(rng.standard_normal((3, 4, 5)))
cube[1, 2, 3] = np.nan
arrays = {
    "records": records,
    "cube": cube,
    "scalar": np.array(2.5),
    "ints": np.arange(-5, 7, dtype=">i8").reshape(3, 4),
}

def text(v):
    return nested(v, lambda leaf: fmt_scalar(leaf[()], leaf.dtype)) if isinstance(v, np.ndarray) else fmt_scalar(v, v.dtype)

def row(a, flat):
    index = np.unravel_index(flat, a.shape) if a.ndim else ()
    element = a[index]
    cells = [text(element[name]) for name in a.dtype.names] if a.dtype.names else [text(element)]
    return ["(" + ", ".join(str(int(i)) for i in index) + ")"] + cells

def rows(name, start, count):
    a = arrays[name]
    return dict(start=start, count=count, rows=[row(a, f) for f in range(start, min(a.size, start + count))])

def block(name, xAxis, yAxis, indices, rowStart, rowCount, colStart, colCount):
    a = arrays[name]
    index = [slice(None) if axis in (xAxis, yAxis) else i for axis, i in enumerate(indices)]
    plane = a[tuple(index)]
    if xAxis < yAxis:
        plane = plane.T
    part = plane[rowStart : rowStart + rowCount, colStart : colStart + colCount]
    return dict(name=name, xAxis=xAxis, yAxis=yAxis, indices=indices, rowStart=rowStart, rowCount=rowCount, colStart=colStart, colCount=colCount,
                texts=[text(v) for v in part.ravel()], rows=part.shape[0], cols=part.shape[1])

expected = dict(
    rows={"records": rows("records", 1, 10), "cube": rows("cube", 17, 9), "scalar": rows("scalar", 0, 5), "ints": rows("ints", 12, 3)},
    blocks=[
        block("cube", 2, 0, [0, 2, 0], 1, 5, 3, 4),
        block("cube", 0, 2, [0, 1, 0], 0, 5, 1, 2),
        block("cube", 1, 2, [2, 0, 0], 2, 2, 0, 9),
        block("ints", 1, 0, [0, 0], 1, 1, 1, 2),
        block("ints", 1, 0, [0, 0], 3, 1, 0, 2),
    ],
)
`);

describe("tableRows", () => {
  test.each(Object.keys(expected.rows))("%s: index text, then one exact text per column (per named field of a record)", (name) => {
    const { start, count, rows } = expected.rows[name];
    expect(tableRows(array(name), start, count)).toEqual(rows);
  });
});

describe("planeBlockTexts", () => {
  test.each(expected.blocks.map((b) => [`${b.name} x${b.xAxis} y${b.yAxis} rows ${b.rowStart}+${b.rowCount} cols ${b.colStart}+${b.colCount}`, b] as const))(
    "%s: the block numpy slices, cut at the plane's edge",
    (_, b) => {
      const block = planeBlockTexts(array(b.name), b, b);
      expect(block).toEqual({ texts: b.texts, rows: b.rows, cols: b.cols });
    },
  );
});
