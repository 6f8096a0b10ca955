import { describe, expect, it } from "vitest";
import { axisWindow, scrollToCell } from "./axis-window";

describe("axisWindow", () => {
  it("draws the cells on screen plus the overscan when the spacer fits", () => {
    const w = axisWindow(4096, 28, 2800, 560, 2);
    expect(w).toEqual({ first: 98, end: 123, totalPx: 4096 * 28, start: 98 * 28, scaled: false });
  });

  it("never draws past the last cell", () => {
    expect(axisWindow(10, 28, 0, 560, 4).end).toBe(10);
  });

  it("reaches the first and the last cell of an axis longer than the spacer cap", () => {
    const count = 10_000_000;
    expect(axisWindow(count, 28, 0, 560, 4).first).toBe(0);
    const bottom = scrollToCell(count - 20, count, 28, 560);
    const w = axisWindow(count, 28, bottom, 560, 4);
    expect(w.scaled).toBe(true);
    expect(w.first).toBe(count - 20);
    expect(w.end).toBe(count);
  });

  it("scrolls to a cell so that it is the first one drawn", () => {
    for (const count of [4096, 5_000_000]) {
      const target = 3000;
      const w = axisWindow(count, 28, scrollToCell(target, count, 28, 560), 560, 0);
      expect(w.first).toBe(target);
    }
  });
});
