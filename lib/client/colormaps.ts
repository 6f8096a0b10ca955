// Colormaps from d3-scale-chromatic (the matplotlib perceptual maps, ColorBrewer,
// turbo, sinebow, …), sampled into plotly colorscales and lookup tables. The
// names are the URL's `cmap` values, so existing links keep working.
import * as chromatic from "d3-scale-chromatic";

type Interpolate = (t: number) => string;

export const COLORMAP_GROUPS = ["Perceptual", "Single hue", "Multi-hue", "Diverging", "Cyclic"] as const;
export type ColormapGroup = (typeof COLORMAP_GROUPS)[number];

interface Colormap {
  label: string;
  group: ColormapGroup;
  interpolate: Interpolate;
}

const map = (label: string, group: ColormapGroup, interpolate: Interpolate): Colormap => ({ label, group, interpolate });
const flipped =
  (interpolate: Interpolate): Interpolate =>
  (t) =>
    interpolate(1 - t);

const COLORMAPS = {
  viridis: map("Viridis", "Perceptual", chromatic.interpolateViridis),
  magma: map("Magma", "Perceptual", chromatic.interpolateMagma),
  inferno: map("Inferno", "Perceptual", chromatic.interpolateInferno),
  plasma: map("Plasma", "Perceptual", chromatic.interpolatePlasma),
  cividis: map("Cividis", "Perceptual", chromatic.interpolateCividis),
  turbo: map("Turbo", "Perceptual", chromatic.interpolateTurbo),
  warm: map("Warm", "Perceptual", chromatic.interpolateWarm),
  cool: map("Cool", "Perceptual", chromatic.interpolateCool),
  cubehelix: map("Cubehelix", "Perceptual", chromatic.interpolateCubehelixDefault),
  // Black to white, as before d3 (whose Greys runs white to black).
  gray: map("Gray", "Perceptual", flipped(chromatic.interpolateGreys)),
  Blues: map("Blues", "Single hue", chromatic.interpolateBlues),
  Greens: map("Greens", "Single hue", chromatic.interpolateGreens),
  Greys: map("Greys", "Single hue", chromatic.interpolateGreys),
  Oranges: map("Oranges", "Single hue", chromatic.interpolateOranges),
  Purples: map("Purples", "Single hue", chromatic.interpolatePurples),
  Reds: map("Reds", "Single hue", chromatic.interpolateReds),
  BuGn: map("BuGn", "Multi-hue", chromatic.interpolateBuGn),
  BuPu: map("BuPu", "Multi-hue", chromatic.interpolateBuPu),
  GnBu: map("GnBu", "Multi-hue", chromatic.interpolateGnBu),
  OrRd: map("OrRd", "Multi-hue", chromatic.interpolateOrRd),
  PuBuGn: map("PuBuGn", "Multi-hue", chromatic.interpolatePuBuGn),
  PuBu: map("PuBu", "Multi-hue", chromatic.interpolatePuBu),
  PuRd: map("PuRd", "Multi-hue", chromatic.interpolatePuRd),
  RdPu: map("RdPu", "Multi-hue", chromatic.interpolateRdPu),
  YlGnBu: map("YlGnBu", "Multi-hue", chromatic.interpolateYlGnBu),
  YlGn: map("YlGn", "Multi-hue", chromatic.interpolateYlGn),
  YlOrBr: map("YlOrBr", "Multi-hue", chromatic.interpolateYlOrBr),
  YlOrRd: map("YlOrRd", "Multi-hue", chromatic.interpolateYlOrRd),
  RdBu: map("RdBu", "Diverging", chromatic.interpolateRdBu),
  // Blue (low) to red (high), like matplotlib's coolwarm that `cmap=coolwarm` links named.
  coolwarm: map("Coolwarm (RdBu, blue low)", "Diverging", flipped(chromatic.interpolateRdBu)),
  RdYlBu: map("RdYlBu", "Diverging", chromatic.interpolateRdYlBu),
  RdYlGn: map("RdYlGn", "Diverging", chromatic.interpolateRdYlGn),
  RdGy: map("RdGy", "Diverging", chromatic.interpolateRdGy),
  BrBG: map("BrBG", "Diverging", chromatic.interpolateBrBG),
  PRGn: map("PRGn", "Diverging", chromatic.interpolatePRGn),
  PiYG: map("PiYG", "Diverging", chromatic.interpolatePiYG),
  PuOr: map("PuOr", "Diverging", chromatic.interpolatePuOr),
  Spectral: map("Spectral", "Diverging", chromatic.interpolateSpectral),
  rainbow: map("Rainbow", "Cyclic", chromatic.interpolateRainbow),
  sinebow: map("Sinebow", "Cyclic", chromatic.interpolateSinebow),
} satisfies Record<string, Colormap>;

export type ColormapName = keyof typeof COLORMAPS;
export const COLORMAP_NAMES = Object.keys(COLORMAPS) as ColormapName[];

export function colormapLabel(name: ColormapName): string {
  return COLORMAPS[name].label;
}

/** The names in each group, in the order the picker lists them. */
export function colormapsByGroup(): [ColormapGroup, ColormapName[]][] {
  return COLORMAP_GROUPS.map((group) => [group, COLORMAP_NAMES.filter((name) => COLORMAPS[name].group === group)]);
}

/**
 * The colour of NaN (and of values a log scale cannot place): outside every map's
 * colours, so a missing value never reads as a small or large one.
 */
export const NAN_COLOR = "#ff00ff";

/** Enough stops that a linear blend between them matches the d3 curve (turbo and sinebow bend most). */
const STOP_COUNT = 32;

function parseCssColor(css: string): [number, number, number] {
  if (css.startsWith("#")) {
    const n = parseInt(css.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const channels = css.match(/\d+(\.\d+)?/g);
  if (!channels || channels.length < 3) throw new Error(`colormap colour "${css}" is neither #rrggbb nor rgb(r, g, b)`);
  return [Number(channels[0]), Number(channels[1]), Number(channels[2])];
}

function colourAt(name: ColormapName, reverse: boolean, t: number): string {
  return COLORMAPS[name].interpolate(reverse ? 1 - t : t);
}

/** STOP_COUNT evenly spaced stops of the map: [position 0..1, css colour] pairs. */
export function colormapStops(name: ColormapName, reverse: boolean): [number, string][] {
  return Array.from({ length: STOP_COUNT }, (_, i) => {
    const t = i / (STOP_COUNT - 1);
    return [t, colourAt(name, reverse, t)];
  });
}

/** A CSS linear-gradient showing the colormap, for pickers and legends. */
export function cssGradient(name: ColormapName, reverse: boolean): string {
  return `linear-gradient(to right, ${colormapStops(name, reverse)
    .map(([, colour]) => colour)
    .join(", ")})`;
}

export const LUT_SIZE = 256;

/** LUT_SIZE colours (RGB triplets) sampled from the map. */
export function colormapLut(name: ColormapName, reverse: boolean): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) lut.set(parseCssColor(colourAt(name, reverse, i / (LUT_SIZE - 1))), i * 3);
  return lut;
}

/** NAN_COLOR as an RGB triplet, for the worker's pixels. */
export const NAN_RGB = parseCssColor(NAN_COLOR);
