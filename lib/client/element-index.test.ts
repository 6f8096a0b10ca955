import { describe, expect, it } from "vitest";
import { parseElementIndex, unravel } from "./element-index";

describe("parseElementIndex", () => {
  const shape = [200, 256, 256];
  it("takes numpy's tuple with or without brackets and spaces", () => {
    expect(parseElementIndex("(199, 255, 255)", shape)).toEqual([199, 255, 255]);
    expect(parseElementIndex("199,255,255", shape)).toEqual([199, 255, 255]);
    expect(parseElementIndex("[1 2 3]", shape)).toEqual([1, 2, 3]);
  });
  it("takes a flat C-order index", () => {
    expect(parseElementIndex("13107199", shape)).toEqual([199, 255, 255]);
    expect(parseElementIndex("257", shape)).toEqual([0, 1, 1]);
  });
  it("counts negative indices from the end, as numpy does", () => {
    expect(parseElementIndex("(-1, 0, -2)", shape)).toEqual([199, 0, 254]);
  });
  it("says what is wrong", () => {
    expect(parseElementIndex("(200, 0, 0)", shape)).toBe("index 200 is out of range for axis 0 of length 200");
    expect(parseElementIndex("(1, 2)", shape)).toMatch(/has 3 axes/);
    expect(parseElementIndex("a", shape)).toMatch(/not an index/);
    expect(parseElementIndex("13107200", shape)).toMatch(/out of range/);
  });
  it("reads one number as the index of a 1-D array", () => {
    expect(parseElementIndex("7", [10])).toEqual([7]);
  });
});

describe("unravel", () => {
  it("matches np.unravel_index in C order", () => {
    expect(unravel(5, [2, 3])).toEqual([1, 2]);
  });
});
