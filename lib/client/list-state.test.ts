import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_STATE, parseListState, serializeListState, type ListState } from "./list-state";

const roundTrip = (state: ListState) => parseListState(new URLSearchParams(serializeListState(state)));

describe("the browse list's state in the URL", () => {
  it("leaves the defaults out", () => {
    expect(serializeListState(DEFAULT_LIST_STATE)).toBe("");
    expect(parseListState(new URLSearchParams(""))).toEqual(DEFAULT_LIST_STATE);
  });

  it("round-trips a filter, a descending sort, tree mode, open folders and the scroll offset", () => {
    const state: ListState = {
      filter: "frame:* & 100%",
      sort: { column: "bytes", descending: true },
      tree: true,
      open: new Set(["frame:", "frame:a b:"]),
      scrollTop: 1234,
    };
    expect(roundTrip(state)).toEqual(state);
  });

  it("keeps scan order (no sort) apart from the default key order", () => {
    expect(roundTrip({ ...DEFAULT_LIST_STATE, sort: null }).sort).toBeNull();
  });

  it("falls back to the defaults for values it does not know", () => {
    const state = parseListState(new URLSearchParams("sort=-colour&y=-5&tree=yes"));
    expect(state.sort).toEqual(DEFAULT_LIST_STATE.sort);
    expect(state.scrollTop).toBe(0);
    expect(state.tree).toBe(false);
  });
});
