// Turns plane values into RGBA pixels through a colormap, on the chosen scale
// and domain. Runs in the worker, so the page only receives a finished image:
// one table lookup and one 32-bit store per cell.
import { transformValue, type Domain } from "./color-scale";
import { colormapLut, LUT_SIZE, NAN_RGB, type ColormapName } from "./colormaps";
import type { ColorScale } from "./view-state";

/** The colormap as opaque RGBA words in memory order, the last one NaN's colour. */
const packedLuts = new Map<string, Uint32Array>();

function packedLut(colormap: ColormapName, reverse: boolean): Uint32Array {
  const key = `${colormap}|${reverse}`;
  let packed = packedLuts.get(key);
  if (!packed) {
    const lut = colormapLut(colormap, reverse);
    const bytes = new Uint8Array((LUT_SIZE + 1) * 4);
    for (let i = 0; i < LUT_SIZE; i++) bytes.set([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255], i * 4);
    bytes.set([...NAN_RGB, 255], LUT_SIZE * 4);
    packed = new Uint32Array(bytes.buffer);
    packedLuts.set(key, packed);
  }
  return packed;
}

export function colorizePlane(
  values: Float32Array,
  scale: ColorScale,
  domain: Domain,
  colormap: ColormapName,
  reverse: boolean,
): Uint8ClampedArray<ArrayBuffer> {
  const lut = packedLut(colormap, reverse);
  const lo = transformValue(scale, domain[0]);
  const hi = transformValue(scale, domain[1]);
  const span = hi - lo;
  const top = LUT_SIZE - 1;
  const perUnit = span > 0 ? top / span : 0;
  const pixels = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const t = scale === "linear" ? values[i] : transformValue(scale, values[i]);
    // NaN (and log of a non-positive value) has a colour of its own, named in the legend.
    if (t !== t) {
      pixels[i] = lut[LUT_SIZE];
      continue;
    }
    const f = span > 0 ? (t - lo) * perUnit : top / 2;
    pixels[i] = lut[f <= 0 ? 0 : f >= top ? top : Math.floor(f + 0.5)];
  }
  return new Uint8ClampedArray(pixels.buffer);
}
