import { describe, expect, it } from "vitest";
import { describeListCount } from "./list-count";

describe("the browse list's count", () => {
  it("states the total once every array is loaded", () => {
    expect(describeListCount({ loaded: 3000, done: true, capped: false, total: { total: 3000, exact: true } })).toBe("3,000 arrays");
    expect(describeListCount({ loaded: 1, done: true, capped: false, total: null })).toBe("1 array");
  });

  it("says how many of the total are loaded while loading", () => {
    expect(describeListCount({ loaded: 200, done: false, capped: false, total: { total: 12000, exact: true } })).toBe(
      "200 of 12,000 arrays loaded; sorting covers the loaded ones until all are in",
    );
  });

  it("calls a count still going on a lower bound", () => {
    expect(describeListCount({ loaded: 200, done: false, capped: false, total: { total: 40000, exact: false } })).toMatch(
      /^200 of at least 40,000 arrays \(still counting\)/,
    );
  });

  it("says when the list stopped at its limit", () => {
    expect(describeListCount({ loaded: 100000, done: false, capped: true, total: { total: 250000, exact: true } })).toBe(
      "the first 100,000 of 250,000 arrays are listed and sorted; narrow the filter to see the rest",
    );
  });
});
