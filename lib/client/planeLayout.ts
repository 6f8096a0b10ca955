// Where one displayed plane of an N-D array lies in its .npy bytes. A plane is
// contiguous when it is made of the two fastest-varying axes (the last two in
// C order, the first two in Fortran order) with every other axis fixed: then
// one HTTP Range brings exactly its bytes, and nothing else need be fetched.

export interface PlaneLayout {
  /** The plane's own 2-D shape, in the array's memory order. */
  shape: [number, number];
  /** Which array axis each of the plane's two axes is. */
  axes: [number, number];
  fortranOrder: boolean;
}

export interface ByteSpan {
  /** First byte, from the start of the .npy file. */
  start: number;
  /** Bytes in the span. */
  length: number;
}

/** The contiguous plane showing `xAxis` and `yAxis`, or null when those axes are not the two fastest-varying ones. */
export function contiguousPlane(shape: readonly number[], fortranOrder: boolean, xAxis: number, yAxis: number): PlaneLayout | null {
  const n = shape.length;
  if (n < 2 || xAxis === yAxis) return null;
  const axes: [number, number] = fortranOrder ? [0, 1] : [n - 2, n - 1];
  const shown = new Set([xAxis, yAxis]);
  if (!shown.has(axes[0]) || !shown.has(axes[1])) return null;
  return { shape: [shape[axes[0]], shape[axes[1]]], axes, fortranOrder };
}

/** The bytes of the plane at `indices` (one per axis; the plane's own axes are ignored). */
export function planeSpan(shape: readonly number[], layout: PlaneLayout, itemsize: number, dataOffset: number, indices: readonly number[]): ByteSpan {
  const planeElements = layout.shape[0] * layout.shape[1];
  const fixed = shape.map((_, axis) => axis).filter((axis) => !layout.axes.includes(axis));
  // The fixed axes vary slowest to fastest in C order's reading, fastest first in Fortran's.
  const slowestFirst = layout.fortranOrder ? [...fixed].reverse() : fixed;
  let planeNumber = 0;
  for (const axis of slowestFirst) {
    const index = indices[axis] ?? 0;
    if (!Number.isInteger(index) || index < 0 || index >= shape[axis]) throw new RangeError(`index ${index} is outside axis ${axis} of length ${shape[axis]}`);
    planeNumber = planeNumber * shape[axis] + index;
  }
  const length = planeElements * itemsize;
  return { start: dataOffset + planeNumber * length, length };
}

/** A name for the plane at `indices` that is the same for every choice of which of its axes is x. */
export function planeId(layout: PlaneLayout, indices: readonly number[]): string {
  return indices.map((index, axis) => (layout.axes.includes(axis) ? ":" : String(index))).join(",");
}
