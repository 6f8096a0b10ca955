import { describe, expect, it } from "vitest";
import type { ViewableArray } from "./available-views";
import { paddedIndices, resolveView, type ViewChoice } from "./resolve-view";
import { DEFAULT_VIEW_STATE } from "./view-state";

const NO_CHOICE: ViewChoice = DEFAULT_VIEW_STATE;

function numeric(shape: number[], extra: Partial<ViewableArray> = {}): ViewableArray {
  return { shape, isNumeric: true, isImage: false, numericFields: [], isComplex: false, ...extra };
}

describe("resolveView", () => {
  it("opens a 2-D array on its heatmap, rows down and columns across, every axis indexed", () => {
    expect(resolveView(numeric([64, 96]), NO_CHOICE)).toEqual({
      views: ["heatmap", "line", "histogram", "table"],
      view: "heatmap",
      field: undefined,
      complexPart: undefined,
      xAxis: 1,
      yAxis: 0,
    });
  });

  it("shows the last two axes of an N-D array", () => {
    expect(resolveView(numeric([5, 6, 7, 8]), NO_CHOICE)).toMatchObject({ xAxis: 3, yAxis: 2 });
  });

  it("keeps the URL's choices when this array has them", () => {
    const array = numeric([5, 6, 7], { numericFields: ["a", "b"] });
    expect(resolveView(array, { ...NO_CHOICE, view: "line", field: "b", xAxis: 0, yAxis: 2 })).toMatchObject({
      view: "line",
      field: "b",
      xAxis: 0,
      yAxis: 2,
    });
  });

  it("falls back to the default view when the URL asks for one this array does not offer", () => {
    expect(resolveView(numeric([64, 96]), { ...NO_CHOICE, view: "image" }).view).toBe("heatmap");
    expect(resolveView(numeric([10]), { ...NO_CHOICE, view: "heatmap" }).view).toBe("line");
  });

  it("falls back to the first numeric field when the URL names another", () => {
    const array = numeric([4, 4], { numericFields: ["x", "y"] });
    expect(resolveView(array, { ...NO_CHOICE, field: "z" }).field).toBe("x");
    expect(resolveView(array, NO_CHOICE).field).toBe("x");
  });

  it("replaces axes the array does not have, and a y axis equal to x", () => {
    expect(resolveView(numeric([5, 6, 7]), { ...NO_CHOICE, xAxis: 3, yAxis: 9 })).toMatchObject({ xAxis: 2, yAxis: 1 });
    expect(resolveView(numeric([5, 6, 7]), { ...NO_CHOICE, xAxis: 2, yAxis: 2 })).toMatchObject({ xAxis: 2, yAxis: 1 });
    // y's default (the axis before the last) is taken by x: y takes the last axis instead.
    expect(resolveView(numeric([5, 6, 7]), { ...NO_CHOICE, xAxis: 1, yAxis: 1 })).toMatchObject({ xAxis: 1, yAxis: 2 });
    expect(resolveView(numeric([64, 96]), { ...NO_CHOICE, xAxis: 0, yAxis: 0 })).toMatchObject({ xAxis: 0, yAxis: 1 });
  });

  it("opens an array of a few long rows as lines, its heatmap one tab away", () => {
    expect(resolveView(numeric([3, 10_000]), NO_CHOICE)).toMatchObject({ views: ["line", "heatmap", "histogram", "table"], view: "line", xAxis: 1, yAxis: 0 });
    expect(resolveView(numeric([10_000, 2]), NO_CHOICE).view).toBe("line");
  });

  it("puts the image first for pictures", () => {
    expect(resolveView(numeric([32, 48, 3], { isImage: true }), NO_CHOICE)).toMatchObject({
      views: ["image", "heatmap", "line", "histogram", "table"],
      view: "image",
    });
  });

  it("offers only lines, histogram and table for 1-D arrays, both plane axes on axis 0", () => {
    expect(resolveView(numeric([10]), NO_CHOICE)).toMatchObject({ views: ["line", "histogram", "table"], view: "line", xAxis: 0, yAxis: 0 });
  });

  it("offers only the table for 0-d arrays and for values that are not numbers", () => {
    expect(resolveView(numeric([]), { ...NO_CHOICE, view: "heatmap", xAxis: 1 })).toEqual({
      views: ["table"],
      view: "table",
      field: undefined,
      complexPart: undefined,
      xAxis: 0,
      yAxis: 0,
    });
    expect(resolveView(numeric([20, 30], { isNumeric: false }), { ...NO_CHOICE, view: "histogram" })).toMatchObject({ views: ["table"], view: "table" });
  });

  it("plots the complex part the URL asks for, and none for real dtypes", () => {
    expect(resolveView(numeric([8, 8], { isComplex: true }), { ...NO_CHOICE, complexPart: "phase" }).complexPart).toBe("phase");
    expect(resolveView(numeric([8, 8], { isComplex: true }), NO_CHOICE).complexPart).toBe("amplitude");
    expect(resolveView(numeric([8, 8]), { ...NO_CHOICE, complexPart: "phase" }).complexPart).toBeUndefined();
  });

  it("shows nothing before the array is described", () => {
    expect(resolveView(null, { ...NO_CHOICE, view: "line", xAxis: 2, field: "a" })).toEqual({
      views: [],
      view: null,
      field: undefined,
      complexPart: undefined,
      xAxis: 0,
      yAxis: 0,
    });
  });
});

describe("paddedIndices", () => {
  it("gives every axis an index, 0 where the URL gives none, and drops indices past the last axis", () => {
    expect(paddedIndices(4, [3])).toEqual([3, 0, 0, 0]);
    expect(paddedIndices(3, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(paddedIndices(1, [5, 6])).toEqual([5]);
    expect(paddedIndices(0, [4])).toEqual([]);
  });
});
