// Colormaps as evenly spaced colour stops (the published matplotlib and
// ColorBrewer values), turned into plotly colorscales or lookup tables.
export const COLORMAP_NAMES = ["viridis", "magma", "inferno", "plasma", "cividis", "gray", "RdBu", "coolwarm"] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];

const STOPS: Record<ColormapName, string[]> = {
  viridis: ["#440154", "#482878", "#3e4a89", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"],
  magma: ["#000004", "#180f3d", "#440f76", "#721f81", "#9e2f7f", "#cd4071", "#f1605d", "#fd9668", "#feca8d", "#fcfdbf"],
  inferno: ["#000004", "#1b0c41", "#4a0c6b", "#781c6d", "#a52c60", "#cf4446", "#ed6925", "#fb9b06", "#f7d13d", "#fcffa4"],
  plasma: ["#0d0887", "#41049d", "#6a00a8", "#8f0da4", "#b12a90", "#cc4778", "#e16462", "#f2844b", "#fca636", "#f0f921"],
  cividis: ["#00224e", "#123570", "#3b496c", "#575d6d", "#707173", "#8a8678", "#a59c74", "#c3b369", "#e1cc55", "#fee838"],
  gray: ["#000000", "#ffffff"],
  RdBu: ["#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"],
  coolwarm: ["#3b4cc0", "#6282ea", "#8db0fe", "#b8d0f9", "#dddddd", "#f5c4ad", "#f49a7b", "#de604d", "#b40426"],
};

export const COLORMAP_LABELS: Record<ColormapName, string> = {
  viridis: "Viridis",
  magma: "Magma",
  inferno: "Inferno",
  plasma: "Plasma",
  cividis: "Cividis",
  gray: "Gray",
  RdBu: "RdBu (diverging)",
  coolwarm: "Coolwarm (diverging)",
};

/** A plotly colorscale: [position 0..1, css colour] pairs. */
export function plotlyColorscale(name: ColormapName, reverse: boolean): [number, string][] {
  const stops = reverse ? [...STOPS[name]].reverse() : STOPS[name];
  return stops.map((color, i) => [i / (stops.length - 1), color]);
}

/** A CSS linear-gradient showing the colormap, for pickers and legends. */
export function cssGradient(name: ColormapName, reverse: boolean): string {
  const stops = reverse ? [...STOPS[name]].reverse() : STOPS[name];
  return `linear-gradient(to right, ${stops.join(", ")})`;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export const LUT_SIZE = 256;

/** LUT_SIZE colours (RGB triplets) interpolated between the map's stops. */
export function colormapLut(name: ColormapName, reverse: boolean): Uint8Array {
  const stops = (reverse ? [...STOPS[name]].reverse() : STOPS[name]).map(hexToRgb);
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const at = (i / (LUT_SIZE - 1)) * (stops.length - 1);
    const lo = Math.min(stops.length - 2, Math.floor(at));
    const f = at - lo;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(stops[lo][c] * (1 - f) + stops[lo + 1][c] * f);
  }
  return lut;
}
