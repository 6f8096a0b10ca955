import { describe, expect, it } from "vitest";
import { COLORMAP_NAMES, colormapLut, colormapsByGroup, LUT_SIZE, colormapStops } from "./colormaps";
import { colorizePlane } from "./colorize-plane";

const rgbAt = (lut: Uint8Array, i: number) => Array.from(lut.slice(i * 3, i * 3 + 3));

describe("colormaps from d3-scale-chromatic", () => {
  it("keep the names existing links use", () => {
    for (const name of ["viridis", "magma", "inferno", "plasma", "cividis", "gray", "RdBu", "coolwarm"]) expect(COLORMAP_NAMES).toContain(name);
  });
  it("offer perceptual, diverging and cyclic maps, each in one group", () => {
    const groups = new Map(colormapsByGroup());
    expect(groups.get("Perceptual")).toEqual(expect.arrayContaining(["viridis", "turbo", "cividis"]));
    expect(groups.get("Diverging")).toEqual(expect.arrayContaining(["RdBu", "RdYlBu", "BrBG", "PuOr", "Spectral"]));
    expect(groups.get("Cyclic")).toEqual(["rainbow", "sinebow"]);
    expect([...groups.values()].flat().sort()).toEqual([...COLORMAP_NAMES].sort());
    expect(COLORMAP_NAMES.length).toBeGreaterThanOrEqual(39);
  });
  it("run viridis from its published first to last colour, and reverse it", () => {
    const lut = colormapLut("viridis", false);
    expect(rgbAt(lut, 0)).toEqual([0x44, 0x01, 0x54]);
    expect(rgbAt(lut, LUT_SIZE - 1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(rgbAt(colormapLut("viridis", true), 0)).toEqual([0xfd, 0xe7, 0x25]);
  });
  it("keep gray black to white", () => {
    const lut = colormapLut("gray", false);
    expect(rgbAt(lut, 0)).toEqual([0, 0, 0]);
    expect(rgbAt(lut, LUT_SIZE - 1)).toEqual([255, 255, 255]);
  });
  it("give every map stops from 0 to 1", () => {
    for (const name of COLORMAP_NAMES) {
      const scale = colormapStops(name, false);
      expect(scale[0][0]).toBe(0);
      expect(scale.at(-1)![0]).toBe(1);
    }
  });
  it("paint NaN in the NaN colour, opaque", () => {
    const rgba = colorizePlane(new Float32Array([NaN, 0]), "linear", [0, 1], "viridis", false);
    expect(Array.from(rgba.slice(0, 4))).toEqual([255, 0, 255, 255]);
    expect(Array.from(rgba.slice(4, 8))).toEqual([0x44, 0x01, 0x54, 255]);
  });
});
