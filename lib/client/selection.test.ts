import { describe, expect, it } from "vitest";
import { applySelectionClick } from "./selection";

const keys = ["a", "b", "c", "d", "e"];

describe("ticking arrays in the list", () => {
  it("toggles one key per click", () => {
    const one = applySelectionClick(new Set(), keys, null, { key: "b", checked: true, shift: false });
    expect([...one]).toEqual(["b"]);
    expect([...applySelectionClick(one, keys, "b", { key: "b", checked: false, shift: false })]).toEqual([]);
  });

  it("shift-click ticks the range from the last click, either way round", () => {
    const down = applySelectionClick(new Set(["b"]), keys, "b", { key: "d", checked: true, shift: true });
    expect([...down].sort()).toEqual(["b", "c", "d"]);
    const up = applySelectionClick(new Set(["d"]), keys, "d", { key: "a", checked: true, shift: true });
    expect([...up].sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("shift-click unticks a range, and without an anchor acts on one key", () => {
    const all = new Set(keys);
    expect([...applySelectionClick(all, keys, "e", { key: "c", checked: false, shift: true })].sort()).toEqual(["a", "b"]);
    expect([...applySelectionClick(new Set(), keys, null, { key: "c", checked: true, shift: true })]).toEqual(["c"]);
  });
});
