/** One picture of an image array (see image.ts) as the RGBA bytes a canvas draws. */
import type { Dtype } from "./dtype";
import type { NumericView } from "./numeric";
import { elementOffset } from "./strides";

export interface RgbaImage {
  width: number;
  height: number;
  /** Row after row, four bytes per pixel. */
  rgba: Uint8ClampedArray;
}

/**
 * The picture at `indices` along the axes before H×W×C (ignored for a 3-D
 * array). Float values are scaled from [0, 1] to 0–255; every value is then
 * clamped and rounded as Uint8ClampedArray does (NaN is 0); without an alpha
 * channel every pixel is opaque.
 */
export function imageRgba(view: NumericView, dtype: Dtype, indices: readonly number[]): RgbaImage {
  const { shape } = view;
  const nd = shape.length;
  const height = shape[nd - 3];
  const width = shape[nd - 2];
  const channels = shape[nd - 1];
  const scale = dtype.kind === "float" ? 255 : 1;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const index = [...indices.slice(0, nd - 3), 0, 0, 0];
  for (let y = 0; y < height; y++) {
    index[nd - 3] = y;
    for (let x = 0; x < width; x++) {
      index[nd - 2] = x;
      const out = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        if (c >= channels) {
          rgba[out + c] = 255;
          continue;
        }
        index[nd - 1] = c;
        rgba[out + c] = Number(view.values[elementOffset(view.strides, index)]) * scale;
      }
    }
  }
  return { width, height, rgba };
}
