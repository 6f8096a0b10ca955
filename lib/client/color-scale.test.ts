import { describe, expect, it } from "vitest";
import { colorbarTicks, resolveDomain, transformValue } from "./color-scale";

const auto = { clippedMin: -5, clippedMax: 100, minPositive: 0.5 };

describe("heatmap domain", () => {
  it("uses the plane's bounds when nothing is typed", () => {
    expect(resolveDomain("linear", "", "", auto)).toEqual({ ok: true, domain: [-5, 100], auto: true });
  });

  it("starts a log scale at the smallest positive value", () => {
    expect(resolveDomain("log", "", "", auto)).toEqual({ ok: true, domain: [0.5, 100], auto: true });
  });

  it("names the bound that does not suit the scale", () => {
    expect(resolveDomain("log", "0", "", auto)).toEqual({ ok: false, error: "log scale needs a minimum above 0, not 0" });
    expect(resolveDomain("linear", "abc", "", auto)).toEqual({ ok: false, error: 'minimum "abc" is not a finite number' });
    expect(resolveDomain("linear", "10", "1", auto)).toEqual({ ok: false, error: "minimum 10 is above maximum 1" });
  });

  it("refuses a log scale over a slice with no positive value", () => {
    const result = resolveDomain("log", "", "", { clippedMin: -3, clippedMax: -1, minPositive: NaN });
    expect(result.ok).toBe(false);
  });
});

describe("scale transforms", () => {
  it("symlog is odd and increasing", () => {
    const samples = [-1e6, -3, -0.5, 0, 0.5, 3, 1e6];
    for (const v of samples) expect(transformValue("symlog", -v)).toBeCloseTo(-transformValue("symlog", v));
    const transformed = samples.map((v) => transformValue("symlog", v));
    expect(transformed).toEqual([...transformed].sort((a, b) => a - b));
  });

  it("log colorbar ticks sit on decades, labelled in data units", () => {
    const ticks = colorbarTicks("log", [1, 1e6])!;
    expect(ticks.ticktext).toEqual(["1", "10", "100", "1000", "10000", "100000", "1e+6"]);
    expect(ticks.tickvals).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
