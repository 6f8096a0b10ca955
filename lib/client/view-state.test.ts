import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW_STATE, parseViewState, serializeViewState, type ViewState } from "./view-state";

describe("view state in the URL", () => {
  it("round-trips every field", () => {
    const state: ViewState = {
      view: "heatmap",
      xAxis: 2,
      yAxis: 0,
      indices: [0, 5, 0],
      colormap: "magma",
      reverse: true,
      scale: "symlog",
      domainMin: "-1e3",
      domainMax: "42",
      clipPercent: 0.5,
      reduce: "max",
      field: "pos x",
      complexPart: "phase",
      profile: "column",
      profileAt: "all",
    };
    expect(parseViewState(new URLSearchParams(serializeViewState(state)))).toEqual(state);
  });

  it("leaves defaults out of the URL", () => {
    expect(serializeViewState(DEFAULT_VIEW_STATE)).toBe("");
    expect(parseViewState(new URLSearchParams(""))).toEqual(DEFAULT_VIEW_STATE);
  });

  it("ignores values it does not know instead of failing", () => {
    const state = parseViewState(new URLSearchParams("view=bogus&cmap=jet&scale=sqrt&x=-1&idx=1,a,3&clip=7"));
    expect(state.view).toBe("table");
    expect(state.colormap).toBe("viridis");
    expect(state.scale).toBe("linear");
    expect(state.xAxis).toBeNull();
    expect(state.indices).toEqual([1, 0, 3]);
    expect(state.clipPercent).toBe(0);
  });
});
