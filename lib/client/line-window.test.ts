import { describe, expect, it } from "vitest";
import { ELEMENTS_PER_PIXEL_DRAWN, fullWindow, lineFetch, visibleValueRange, windowFromRelayout } from "./line-window";

describe("the window of a line on screen", () => {
  it("reads Plotly's relayout events: a range in either spelling, autorange as the whole line, anything else as no change", () => {
    expect(windowFromRelayout({ "xaxis.range[0]": 10.5, "xaxis.range[1]": 99 }, 1000)).toEqual({ start: 10.5, end: 99 });
    expect(windowFromRelayout({ "xaxis.range": [3, 7] }, 1000)).toEqual({ start: 3, end: 7 });
    expect(windowFromRelayout({ "xaxis.autorange": true }, 1000)).toEqual(fullWindow(1000));
    expect(windowFromRelayout({ "yaxis.range[0]": 1, "yaxis.range[1]": 2 }, 1000)).toBeNull();
    expect(windowFromRelayout({ autosize: true }, 1000)).toBeNull();
  });

  it("asks for one bucket per pixel over the window and half a window each side", () => {
    expect(lineFetch({ start: 400_000, end: 600_000 }, 1_000_000, 1000)).toEqual({ start: 300_000, end: 700_001, maxPoints: 2001 });
    expect(lineFetch(fullWindow(1_000_000), 1_000_000, 1000)).toEqual({ start: 0, end: 1_000_000, maxPoints: 1001 });
  });

  it("asks for every element once few enough are in view", () => {
    const fetch = lineFetch({ start: 5000, end: 5000 + ELEMENTS_PER_PIXEL_DRAWN * 800 }, 1_000_000, 800);
    expect(fetch.maxPoints).toBe(fetch.end - fetch.start);
    expect(lineFetch({ start: 0, end: 50 }, 60, 800)).toEqual({ start: 0, end: 60, maxPoints: 60 });
  });

  it("fits the value axis to the buckets in view, not those fetched beside it", () => {
    const x = [0, 10, 20, 30];
    const min = [-100, 1, 2, 50, -100, 0, 3, 50];
    const max = [100, 4, 5, 60, 100, 6, 4, 60];
    const [lo, hi] = visibleValueRange(x, min, max, { start: 12, end: 25 })!;
    expect(lo).toBeCloseTo(-0.3, 12);
    expect(hi).toBeCloseTo(6.3, 12);
    expect(visibleValueRange([0], [NaN], [NaN], { start: 0, end: 1 })).toBeNull();
  });
});
