import { describe, expect, it } from "vitest";
import { ByteBudgetCache } from "./byte-budget-cache";
import { envelopeBand } from "./envelope-band";
import { contiguousPlane, planeId, planeRuns, planeSpan } from "@/lib/npy/plane-layout";
import { clampFps, nextFrame, steppedFrame } from "./playback";

/** Element offsets numpy would use, written out by hand from the strides definition. */
function cOffset(shape: number[], index: number[]): number {
  return index.reduce((flat, v, i) => flat * shape[i] + v, 0);
}
function fOffset(shape: number[], index: number[]): number {
  return index.reduceRight((flat, v, i) => flat * shape[i] + v, 0);
}

describe("plane layout", () => {
  it("finds the contiguous plane of C and Fortran arrays, in either x/y order", () => {
    expect(contiguousPlane([4, 5, 6], false, 2, 1)).toEqual({ shape: [5, 6], axes: [1, 2], fortranOrder: false });
    expect(contiguousPlane([4, 5, 6], false, 1, 2)?.axes).toEqual([1, 2]);
    expect(contiguousPlane([4, 5, 6], false, 2, 0)).toBeNull();
    expect(contiguousPlane([4, 5, 6], true, 0, 1)).toEqual({ shape: [4, 5], axes: [0, 1], fortranOrder: true });
    expect(contiguousPlane([4, 5, 6], true, 2, 1)).toBeNull();
  });

  it.each([false, true])("puts every plane of a 4-D array where the strides say (fortran %s)", (fortran) => {
    const shape = [3, 4, 5, 2];
    const itemsize = 4;
    const dataOffset = 128;
    const layout = fortran ? contiguousPlane(shape, true, 0, 1)! : contiguousPlane(shape, false, 3, 2)!;
    const offset = fortran ? fOffset : cOffset;
    for (let a = 0; a < shape[fortran ? 2 : 0]; a++)
      for (let b = 0; b < shape[fortran ? 3 : 1]; b++) {
        const index = fortran ? [0, 0, a, b] : [a, b, 0, 0];
        const span = planeSpan(shape, layout, itemsize, dataOffset, index);
        expect(span.start).toBe(dataOffset + itemsize * offset(shape, index));
        expect(span.length).toBe(itemsize * layout.shape[0] * layout.shape[1]);
      }
  });

  it("refuses an index outside its axis and names planes independently of x/y", () => {
    const layout = contiguousPlane([4, 5, 6], false, 2, 1)!;
    expect(() => planeSpan([4, 5, 6], layout, 4, 128, [4, 0, 0])).toThrow(/outside axis 0/);
    expect(planeId(layout, [3, 9, 9])).toBe("3,:,:");
  });
});

describe("byte budget cache", () => {
  it("drops the least recently used entries once the budget is exceeded", () => {
    const cache = new ByteBudgetCache<string>(100);
    cache.set("a", "A", 40);
    cache.set("b", "B", 40);
    cache.get("a");
    cache.set("c", "C", 40);
    expect(cache.has("a")).toBe(true);
    expect(cache.has("b")).toBe(false);
    expect(cache.bytes).toBe(80);
  });

  it("never holds more than its budget, and skips a value bigger than the budget", () => {
    const cache = new ByteBudgetCache<number>(1000);
    for (let i = 0; i < 500; i++) {
      cache.set(String(i), i, 1 + (i % 97));
      expect(cache.bytes).toBeLessThanOrEqual(1000);
    }
    cache.set("huge", 0, 1001);
    expect(cache.has("huge")).toBe(false);
    cache.set("1", 1, 10);
    cache.set("1", 1, 20);
    expect(cache.size).toBeGreaterThan(0);
    cache.clear();
    expect(cache.bytes).toBe(0);
  });
});

describe("playback", () => {
  it("advances by the stride, loops or stops at the end", () => {
    expect(nextFrame(0, 10, { stride: 3, loop: false })).toBe(3);
    expect(nextFrame(9, 10, { stride: 1, loop: true })).toBe(0);
    expect(nextFrame(8, 10, { stride: 2, loop: false })).toBeNull();
    expect(nextFrame(0, 1, { stride: 1, loop: true })).toBeNull();
  });

  it("steps within the axis and keeps fps within 1–60", () => {
    expect(steppedFrame(5, 10, 10)).toBe(9);
    expect(steppedFrame(5, 10, -10)).toBe(0);
    expect([clampFps(0), clampFps(200), clampFps(12.4), clampFps(NaN)]).toEqual([1, 60, 12, 24]);
  });
});

describe("gathered planes", () => {
  it("reads one run per line along the fastest displayed axis, at numpy's offsets", () => {
    const shape = [3, 4, 5];
    const runs = planeRuns(shape, false, 2, 100, 0, 2, [0, 3, 0])!;
    expect(runs.rowsAxis).toBe(0);
    expect(runs.runsAlong).toBe("columns");
    expect(runs.runs).toEqual([0, 1, 2].map((k) => ({ start: 100 + 2 * cOffset(shape, [k, 3, 0]), length: 10 })));
    const fortran = planeRuns(shape, true, 2, 100, 2, 0, [0, 1, 0])!;
    expect(fortran.runsAlong).toBe("rows");
    expect(fortran.runs).toEqual([0, 1, 2, 3, 4].map((k) => ({ start: 100 + 2 * fOffset(shape, [0, 1, k]), length: 6 })));
    expect(planeRuns(shape, false, 2, 100, 0, 1, [0, 0, 0])).toBeNull();
  });
});

describe("envelope band", () => {
  it("goes out along the maxima and back along the minima, skipping bins without a finite value", () => {
    const band = envelopeBand([0, 1, 2], [-1, NaN, -3], [1, NaN, 3]);
    expect(Array.from(band.x)).toEqual([0, 2, 2, 0]);
    expect(Array.from(band.y)).toEqual([1, 3, -3, -1]);
  });
});
