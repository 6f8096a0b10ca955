/** Strides in elements and element offsets against numpy's own strides and ravel_multi_index. */
import { describe, expect, test } from "vitest";
import { contiguousStrides, elementOffset } from "@/lib/npy";
import { python } from "./corpus";

const cases: { shape: number[]; fortran: boolean; subshape: number[] }[] = [
  { shape: [], fortran: false, subshape: [] },
  { shape: [7], fortran: false, subshape: [] },
  { shape: [3, 4, 5], fortran: false, subshape: [] },
  { shape: [3, 4, 5], fortran: true, subshape: [] },
  { shape: [2, 1, 6, 3], fortran: true, subshape: [] },
  { shape: [4, 5], fortran: false, subshape: [2, 3] },
  { shape: [4, 5], fortran: true, subshape: [2, 3] },
];

/** numpy's strides divided by the item size, for each case: a subarray field's through the field's view. */
const numpyStrides = python<number[][]>(
  `
import json, sys, numpy as np
out = []
for c in json.load(sys.stdin):
    order = "F" if c["fortran"] else "C"
    if c["subshape"]:
        a = np.zeros(c["shape"], dtype=[("m", "<f4", tuple(c["subshape"]))], order=order)["m"]
    else:
        a = np.zeros(c["shape"], dtype="<f4", order=order)
    out.append([s // 4 for s in a.strides])
print(json.dumps(out))
`,
  JSON.stringify(cases),
);

describe("contiguousStrides", () => {
  test.each(cases.map((c, i) => [JSON.stringify(c), c, i] as const))("%s equals numpy's strides over the item size", (_, c, i) => {
    expect(contiguousStrides(c.shape, c.fortran, c.subshape)).toEqual(numpyStrides[i]);
  });

  test("defaults to C order without a subarray", () => {
    expect(contiguousStrides([3, 4, 5])).toEqual(contiguousStrides([3, 4, 5], false, []));
  });
});

describe("elementOffset", () => {
  const shape = [3, 4, 5];
  const indices = [
    [0, 0, 0],
    [2, 3, 4],
    [1, 0, 3],
    [0, 2, 1],
  ];
  const expected = python<{ C: number[]; F: number[] }>(
    `
import json, sys, numpy as np
d = json.load(sys.stdin)
index = tuple(np.array(d["indices"]).T)
print(json.dumps({o: np.ravel_multi_index(index, d["shape"], order=o).tolist() for o in "CF"}))
`,
    JSON.stringify({ shape, indices }),
  );

  test("is numpy's ravel_multi_index in either order", () => {
    expect(indices.map((index) => elementOffset(contiguousStrides(shape), index))).toEqual(expected.C);
    expect(indices.map((index) => elementOffset(contiguousStrides(shape, true), index))).toEqual(expected.F);
  });
});
