import { describe, expect, it } from "vitest";
import { axisTicks } from "./axis-ticks";

describe("heatmap axis ticks", () => {
  it("name round element indices inside the span, placed at their pixels", () => {
    const ticks = axisTicks([-0.5, 99.5], 500, 90);
    expect(ticks.map((t) => t.value)).toEqual([0, 20, 40, 60, 80]);
    expect(ticks[1].at).toBeCloseTo(102.5);
    expect(ticks.map((t) => t.label)).toEqual(["0", "20", "40", "60", "80"]);
  });

  it("tick only whole indices when a few elements fill the axis, and group thousands", () => {
    expect(axisTicks([2.5, 5.5], 600, 90).map((t) => t.value)).toEqual([3, 4, 5]);
    expect(axisTicks([12000, 16000], 400, 90).map((t) => t.label)).toEqual(["12,000", "13,000", "14,000", "15,000", "16,000"]);
  });
});
