import { describe, expect, it } from "vitest";
import { noFiguresSentence } from "./statsText";

const stats = (count: number, nanCount: number, posInfCount = 0, negInfCount = 0) => ({ count, nanCount, posInfCount, negInfCount, min: NaN, max: NaN, mean: NaN, std: NaN, scope: "array" as const });

describe("noFiguresSentence", () => {
  it("says nothing when there are finite values", () => expect(noFiguresSentence(stats(3, 1))).toBeNull());
  it("names an empty array", () => expect(noFiguresSentence(stats(0, 0))).toMatch(/^The array is empty/));
  it("names an all-NaN array with its count", () => expect(noFiguresSentence(stats(0, 1200))).toBe("All 1,200 values are NaN: there is no minimum, maximum or mean."));
  it("names NaN and infinities mixed", () => expect(noFiguresSentence(stats(0, 1, 1, 1))).toMatch(/None of the 3 values is finite/));
});
