/** The heatmap's cut of a plane and what a hovered cell stands for, against numpy's blocks, nanmean/nanmin/nanmax and strided samples. */
import { describe, expect, test } from "vitest";
import { hoverCell, numericView, reducedCut, sampledCut, type ElementWindow } from "@/lib/npy";
import { numpyArrays } from "./numpy-arrays";

const WINDOW: ElementWindow = { x: [5, 40], y: [3, 27] };
const PLANE = { xAxis: 2, yAxis: 1, indices: [2, 0, 0] };
const STEP = { x: 6, y: 4 };

interface Hover {
  cell: [number, number];
  from: number[];
  to: number[];
  exact: string | null;
  blockMin: number | null;
  blockMax: number | null;
}

interface Reduced {
  maxWidth: number;
  maxHeight: number;
  factor: [number, number];
  values: Record<"mean" | "min" | "max", number[]>;
  hovers: Hover[];
}

interface Expected {
  reduced: Reduced[];
  sampled: { values: number[]; width: number; height: number; hovers: Hover[] };
}

const { array, expected } = numpyArrays<Expected>(
  `
from make_corpus import fmt_scalar
rng = np.random.default_rng(21)
a = rng.standard_normal((4, 30, 45))
a[2, 3:8, 5:10] = np.nan  # a whole block of NaN
a[2, 12, 17] = np.nan
(x0, x1), (y0, y1) = data["window"]["x"], data["window"]["y"]
sx, sy = data["step"]["x"], data["step"]["y"]
plane = a[2, y0:y1, x0:x1]  # rows along axis 1 (y), columns along axis 2 (x)
sample = np.ascontiguousarray(a[2, y0:y1:sy, x0:x1:sx])
arrays = {"a": a, "sample": sample}

def hover(fx, fy, cx, cy, sampled):
    x, y = x0 + cx * fx, y0 + cy * fy
    tx, ty = min(x1, x + fx) - 1, min(y1, y + fy) - 1
    block = a[2, y : ty + 1, x : tx + 1]
    single = sampled or (fx == 1 and fy == 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lo, hi = (None, None) if single else (float(np.nanmin(block)), float(np.nanmax(block)))
    # A block of only NaN has no extremes: the running min and max never move from their start.
    lo = math.inf if lo is not None and math.isnan(lo) else lo
    hi = -math.inf if hi is not None and math.isnan(hi) else hi
    return dict(cell=[cx, cy], from_=[2, y, x], to=[2, ty, tx], exact=fmt_scalar(a[2, y, x], a.dtype) if single else None, blockMin=lo, blockMax=hi)

def reduced(maxWidth, maxHeight):
    fx, fy = -(-plane.shape[1] // maxWidth), -(-plane.shape[0] // maxHeight)
    blocks = [[plane[y : y + fy, x : x + fx] for x in range(0, plane.shape[1], fx)] for y in range(0, plane.shape[0], fy)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = {name: np.array([[f(b) for b in row] for row in blocks], dtype=np.float32).ravel()
                  for name, f in (("mean", np.nanmean), ("min", np.nanmin), ("max", np.nanmax))}
    cells = [(0, 0), (1, 2), (len(blocks[0]) - 1, len(blocks) - 1), (2, 1)]
    return dict(maxWidth=maxWidth, maxHeight=maxHeight, factor=[fx, fy], values=values, hovers=[hover(fx, fy, cx, cy, False) for cx, cy in cells])

expected = dict(
    reduced=[reduced(8, 5), reduced(100, 100), reduced(3, 24)],
    sampled=dict(values=sample.astype(np.float32).ravel(), width=sample.shape[1], height=sample.shape[0],
                 hovers=[hover(sx, sy, cx, cy, True) for cx, cy in [(0, 0), (3, 2), (sample.shape[1] - 1, sample.shape[0] - 1)]]),
)
for r in expected["reduced"] + [expected["sampled"]]:
    for h in r["hovers"]:
        h["from"] = h.pop("from_")
`,
  { window: WINDOW, step: STEP },
);

const source = (name: string, xAxis: number, yAxis: number, indices: number[]) => {
  const a = array(name);
  return { array: a, view: numericView(a)!, xAxis, yAxis, indices };
};

describe("reducedCut", () => {
  const sizes = expected.reduced.map((r) => [`${r.maxWidth}×${r.maxHeight}`, r] as const);
  test.each(sizes)("the window reduced to at most %s cells, and hovering its cells", (_, r) => {
    for (const reduce of ["mean", "min", "max"] as const) {
      const cut = reducedCut(source("a", PLANE.xAxis, PLANE.yAxis, PLANE.indices), WINDOW, r.maxWidth, r.maxHeight, reduce);
      expect([cut.grid.factorX, cut.grid.factorY]).toEqual(r.factor);
      expect(cut.grid).toMatchObject({ originX: WINDOW.x[0], originY: WINDOW.y[0], window: WINDOW, sampled: false });
      expect(Array.from(cut.values)).toEqual(r.values[reduce]);
    }
    const cut = reducedCut(source("a", PLANE.xAxis, PLANE.yAxis, PLANE.indices), WINDOW, r.maxWidth, r.maxHeight, "mean");
    for (const { cell, ...hovered } of r.hovers) expect(hoverCell(cut, PLANE, cell[0], cell[1])).toEqual({ ...hovered, sampled: false });
    expect(hoverCell(cut, PLANE, cut.grid.width, 0)).toBeNull();
    expect(hoverCell(cut, PLANE, 0, -1)).toBeNull();
  });
});

describe("sampledCut", () => {
  test("one cell per element the server sampled; hovering gives the sampled element and the block it stands for", () => {
    const { values, width, height, hovers } = expected.sampled;
    const cut = sampledCut(source("sample", 1, 0, [0, 0]), WINDOW, STEP.x, STEP.y);
    expect(cut.grid).toEqual({ width, height, factorX: STEP.x, factorY: STEP.y, originX: WINDOW.x[0], originY: WINDOW.y[0], window: WINDOW, sampled: true });
    expect(Array.from(cut.values)).toEqual(values);
    for (const { cell, ...hovered } of hovers) expect(hoverCell(cut, PLANE, cell[0], cell[1])).toEqual({ ...hovered, sampled: true });
  });
});
