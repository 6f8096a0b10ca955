// A click in the list opens a big stack at its first plane (the last two axes at index 0 of the
// others). In C order that plane is the first bytes of the data, right after the header: one
// request for the file's start through it brings both, where reading the header first and the
// plane after it took two round trips, each 50–300 ms on a loaded server.
import type { ArrayListItem } from "@/lib/api-types";
import { isNumericDtype, parseHeaderText } from "@/lib/npy";
import { HUGE_PLANE_BYTES, WHOLE_DOWNLOAD_LIMIT } from "./plane-limits";

/**
 * How many bytes from the file's start hold the header and the first plane, from the list's row;
 * null when the array does not open a plane at a time, or its first plane is not at the data's start.
 */
export function firstPlanePrefix(item: ArrayListItem): number | null {
  let parsed: ReturnType<typeof parseHeaderText>;
  try {
    parsed = parseHeaderText(item.header);
  } catch {
    return null;
  }
  const { dtype, shape, fortranOrder } = parsed;
  if (shape.length < 3 || fortranOrder || item.bytes <= WHOLE_DOWNLOAD_LIMIT || !isNumericDtype(dtype)) return null;
  const planeBytes = shape[shape.length - 1] * shape[shape.length - 2] * dtype.itemsize;
  const dataBytes = shape.reduce((product, length) => product * length, 1) * dtype.itemsize;
  const dataOffset = item.bytes - dataBytes;
  if (planeBytes === 0 || planeBytes > HUGE_PLANE_BYTES || dataOffset <= 0) return null;
  return dataOffset + planeBytes;
}
