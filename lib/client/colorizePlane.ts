// Turns plane values into RGBA pixels through a colormap, on the chosen scale
// and domain. Runs in the worker, so the page only receives a finished image.
import { transformValue, type Domain } from "./colorScale";
import { colormapLut, LUT_SIZE, NAN_RGB, type ColormapName } from "./colormaps";
import type { ColorScale } from "./viewState";

export function colorizePlane(
  values: Float32Array,
  scale: ColorScale,
  domain: Domain,
  colormap: ColormapName,
  reverse: boolean,
): Uint8ClampedArray<ArrayBuffer> {
  const lut = colormapLut(colormap, reverse);
  const lo = transformValue(scale, domain[0]);
  const hi = transformValue(scale, domain[1]);
  const span = hi - lo;
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const t = scale === "linear" ? values[i] : transformValue(scale, values[i]);
    const o = i * 4;
    rgba[o + 3] = 255;
    // NaN (and log of a non-positive value) has a colour of its own, named in the legend.
    if (t !== t) {
      rgba.set(NAN_RGB, o);
      continue;
    }
    const f = span > 0 ? (t - lo) / span : 0.5;
    const k = f <= 0 ? 0 : f >= 1 ? LUT_SIZE - 1 : Math.floor(f * (LUT_SIZE - 1) + 0.5);
    rgba[o] = lut[k * 3];
    rgba[o + 1] = lut[k * 3 + 1];
    rgba[o + 2] = lut[k * 3 + 2];
  }
  return rgba;
}
