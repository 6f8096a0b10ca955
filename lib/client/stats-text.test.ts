import { describe, expect, it } from "vitest";
import { finiteRangeText, noFiguresSentence } from "./stats-text";

const stats = (count: number, nanCount: number, posInfCount = 0, negInfCount = 0, finite: [number, number] = [NaN, NaN]) => ({
  count,
  nanCount,
  posInfCount,
  negInfCount,
  min: negInfCount ? -Infinity : finite[0],
  max: posInfCount ? Infinity : finite[1],
  finiteMin: finite[0],
  finiteMax: finite[1],
  mean: NaN,
  std: NaN,
  scope: "array" as const,
});

describe("noFiguresSentence", () => {
  it("says nothing when there are finite values", () => expect(noFiguresSentence(stats(3, 1))).toBeNull());
  it("names an empty array", () => expect(noFiguresSentence(stats(0, 0))).toMatch(/^The array is empty/));
  it("names an all-NaN array with its count", () =>
    expect(noFiguresSentence(stats(0, 1200))).toBe("All 1,200 values are NaN: there is no minimum, maximum or mean."));
  it("names NaN and infinities mixed", () => expect(noFiguresSentence(stats(0, 1, 1, 1))).toMatch(/None of the 3 values is finite/));
});

describe("finiteRangeText", () => {
  it("gives the finite range when an infinity is the max", () => expect(finiteRangeText(stats(3, 0, 1, 0, [-1.5, 65504]))).toBe("-1.5 to 65504"));
  it("says nothing without infinities", () => expect(finiteRangeText(stats(3, 1, 0, 0, [0, 1]))).toBeNull());
  it("says nothing without finite values", () => expect(finiteRangeText(stats(0, 0, 2, 0))).toBeNull());
});
