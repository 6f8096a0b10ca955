import { describe, expect, it } from "vitest";
import { rangeLength, planeRuns } from "@/lib/npy/plane-layout";
import { cellAt, defaultAspect, fullRanges, MAX_PIXELS_PER_ELEMENT, maxZoom, plotBox, sameWindow, toElement, toPixel, visibleWindow } from "./heatmap-geometry";
import { clampWindow, strideFor } from "@/lib/npy";
import { colorbarLabels, linearTicks } from "./color-scale";

describe("heatmap geometry", () => {
  it("maps element centres to pixel centres and back, row 0 at the top", () => {
    const area = { left: 0, top: 0, width: 200, height: 100 };
    const ranges = fullRanges(20, 10);
    expect(toPixel(ranges, area, -0.5, -0.5)).toEqual([0, 0]);
    expect(toPixel(ranges, area, 19.5, 9.5)).toEqual([200, 100]);
    expect(toElement(ranges, area, 105, 55)).toEqual([10, 5]);
  });

  it("keeps square cells in equal aspect, capping the height, and fills the width otherwise", () => {
    const wide = plotBox(876, 800, 400, "equal");
    expect(wide.area.width / wide.area.height).toBeCloseTo(2, 1);
    const tall = plotBox(876, 100, 10000, "equal");
    expect(tall.area.height).toBe(720);
    expect(tall.area.width).toBe(7);
    expect(plotBox(876, 100, 10000, "fill").area.width).toBe(800);
    expect(defaultAspect(876, 10000, 3)).toBe("fill");
    expect(defaultAspect(876, 3, 10000)).toBe("fill");
    expect(defaultAspect(876, 768, 512)).toBe("equal");
  });

  it("finds the cell holding an element, and the window in view", () => {
    const grid = {
      width: 10,
      height: 5,
      factorX: 4,
      factorY: 4,
      originX: 8,
      originY: 0,
      window: { x: [8, 48] as [number, number], y: [0, 20] as [number, number] },
      sampled: true,
    };
    expect(cellAt(grid, 8.2, 0)).toEqual([0, 0]);
    expect(cellAt(grid, 15.6, 7.4)).toEqual([2, 1]);
    expect(cellAt(grid, 7, 0)).toBeNull();
    expect(visibleWindow(fullRanges(64, 32), 64, 32)).toBeNull();
    expect(visibleWindow({ x: [9.5, 20.5], y: [10.5, 30.5] }, 64, 32)).toEqual({ x: [10, 21], y: [11, 31] });
    expect(visibleWindow({ x: [9.7, 20.2], y: [-3, 40] }, 64, 32)).toEqual({ x: [10, 21], y: [0, 32] });
    expect(sameWindow({ x: [10, 21], y: [0, 32] }, { x: [10, 21], y: [0, 32] })).toBe(true);
    expect(sameWindow({ x: [10, 21], y: [0, 32] }, null)).toBe(false);
    expect(sameWindow(null, null)).toBe(true);
  });

  it("zooms in until the thinnest elements are a few pixels across, never out beyond the plane", () => {
    // 16384 rows over 720 px are the thinnest: they reach MAX_PIXELS_PER_ELEMENT, columns more.
    const area = { width: 1100, height: 720 };
    expect(maxZoom(8192, 16384, area)).toBeCloseTo((MAX_PIXELS_PER_ELEMENT * 16384) / 720);
    expect(maxZoom(10, 10, area)).toBe(1);
  });

  it("clamps a window to the plane and picks the stride that fits it", () => {
    expect(clampWindow(null, 100, 50)).toEqual({ x: [0, 100], y: [0, 50] });
    expect(clampWindow({ x: [-5, 300], y: [49.5, 80] }, 100, 50)).toEqual({ x: [0, 100], y: [49, 50] });
    expect(strideFor([0, 16384], 720)).toBe(23);
    expect(strideFor([100, 612], 700)).toBe(1);
  });
});

describe("windowed plane runs", () => {
  it("read one run per sampled line, from the first sample to the last", () => {
    const window = { rows: { start: 3, stop: 30, step: 4 }, columns: { start: 5, stop: 50, step: 7 } };
    const runs = planeRuns([37, 53], false, 4, 128, 1, 0, [0, 0], window)!;
    expect(rangeLength(window.rows)).toBe(7);
    expect([runs.rows, runs.columns, runs.runStep, runs.runsAlong]).toEqual([7, 7, 7, "columns"]);
    expect(runs.runs[0]).toEqual({ start: 128 + (3 * 53 + 5) * 4, length: (6 * 7 + 1) * 4 });
    expect(runs.runs[1].start - runs.runs[0].start).toBe(4 * 53 * 4);
  });
});

describe("colorbar ticks", () => {
  it("are round numbers inside the domain, placed by their share of it", () => {
    expect(linearTicks([-0.86, 0.85])).toEqual([-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8]);
    expect(colorbarLabels("linear", [0, 10]).map((t) => t.at)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const log = colorbarLabels("log", [1, 1000]);
    expect(log.map((t) => t.text)).toEqual(["1", "10", "100", "1000"]);
    expect(log[1].at).toBeCloseTo(1 / 3);
  });
});
