import { describe, expect, it } from "vitest";
import { BoundedMap, processMap } from "./process-map";

describe("BoundedMap", () => {
  it("forgets the oldest entry once full, and a rewritten key counts as newest", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1).set("b", 2).set("a", 3).set("c", 4);
    expect([...map]).toEqual([
      ["a", 3],
      ["c", 4],
    ]);
  });
});

describe("processMap", () => {
  it("is one map per name for every caller in the process", () => {
    const first = processMap<string, number>("process-map-test", 10)();
    first.set("k", 1);
    expect(processMap<string, number>("process-map-test", 10)().get("k")).toBe(1);
  });
});
