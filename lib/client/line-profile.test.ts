import { describe, expect, it } from "vitest";
import { hasShortAxis, MAX_OVERLAID, profileOf } from "./line-profile";

describe("row and column profiles", () => {
  it("finds arrays that read as a few lines", () => {
    expect(hasShortAxis([3, 10_000])).toBe(true);
    expect(hasShortAxis([1, 100_000])).toBe(true);
    expect(hasShortAxis([100_000, 2])).toBe(true);
    expect(hasShortAxis([64, 96])).toBe(false);
    expect(hasShortAxis([3, 64])).toBe(false);
    expect(hasShortAxis([MAX_OVERLAID + 1, 100_000])).toBe(false);
    expect(hasShortAxis([3, 10_000, 5])).toBe(false);
  });

  it("defaults to lines along the longer axis, all of them overlaid when few", () => {
    expect(profileOf([3, 10_000], 1, 0, [0, 0], null, null)).toEqual({
      direction: "row",
      axis: 1,
      acrossAxis: 0,
      rows: [0, 1, 2],
      names: ["[0, :]", "[1, :]", "[2, :]"],
      all: true,
    });
    expect(profileOf([10_000, 2], 1, 0, [0, 0], null, null)).toMatchObject({
      direction: "column",
      axis: 0,
      acrossAxis: 1,
      rows: [0, 1],
      names: ["[:, 0]", "[:, 1]"],
    });
    expect(profileOf([64, 96], 1, 0, [0, 0], null, null)).toMatchObject({ direction: "row", rows: [0], all: false });
  });

  it("draws the row or column asked for, named as numpy slices it, in any plane of an N-D array", () => {
    expect(profileOf([64, 96], 1, 0, [0, 0], "column", 7)).toMatchObject({ axis: 0, acrossAxis: 1, rows: [7], names: ["[:, 7]"] });
    expect(profileOf([5, 64, 96], 2, 1, [4, 0, 0], "row", 63)).toMatchObject({ axis: 2, acrossAxis: 1, rows: [63], names: ["[4, 63, :]"] });
    expect(profileOf([64, 96], 1, 0, [0, 0], "row", 500).rows).toEqual([63]);
    expect(profileOf([64, 96], 1, 0, [0, 0], "row", "all")).toMatchObject({ rows: [0], all: false });
  });
});
