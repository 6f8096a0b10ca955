import { describe, expect, it } from "vitest";
import { visibleRows } from "./virtual-rows";

describe("virtual rows", () => {
  it("renders only what is on screen plus overscan", () => {
    expect(visibleRows(100_000, 40, 40_000, 800, 5)).toEqual({ start: 995, end: 1026, totalHeight: 4_000_000 });
  });
  it("clamps at both ends", () => {
    expect(visibleRows(10, 40, 0, 800, 5)).toEqual({ start: 0, end: 10, totalHeight: 400 });
    expect(visibleRows(0, 40, 0, 800, 5)).toEqual({ start: 0, end: 0, totalHeight: 0 });
  });
});
