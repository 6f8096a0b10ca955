/**
 * Which arrays are pictures: H×W×3 (RGB) or H×W×4 (RGBA) after any leading
 * axes, of uint8, or of floats whose finite values all lie in [0, 1] (the two
 * conventions matplotlib's imshow accepts).
 */
import type { NpyHeader } from "./header";
import { numericView } from "./numeric";
import type { NpyArray } from "./read";
import { computeStats } from "./stats";

function hasColourChannels(shape: readonly number[]): boolean {
  const channels = shape[shape.length - 1];
  return shape.length >= 3 && (channels === 3 || channels === 4);
}

/** A uint8 picture, which the header alone shows (a float picture needs its values: see looksLikeImage). */
export function isUint8Image(header: NpyHeader): boolean {
  return hasColourChannels(header.shape) && header.dtype.kind === "uint" && header.dtype.itemsize === 1;
}

export function looksLikeImage(array: NpyArray): boolean {
  const { header } = array;
  if (isUint8Image(header)) return true;
  if (!hasColourChannels(header.shape) || header.dtype.kind !== "float") return false;
  const view = numericView(array);
  if (!view) return false;
  const stats = computeStats(view);
  return stats.count > 0 && stats.min >= 0 && stats.max <= 1;
}
