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
  /** Not one span of the file: the server gathers it (GET /api/arrays/{key}/plane) as C-ordered rows × columns. */
  gathered?: true;
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

/** Every `step`-th index from `start` up to (not including) `stop`, along one axis. */
export interface AxisRange {
  start: number;
  stop: number;
  step: number;
}

/** How many indices a range takes. */
export function rangeLength(range: AxisRange): number {
  return Math.max(0, Math.ceil((range.stop - range.start) / range.step));
}

/** The whole axis, one index at a time. */
export function wholeAxis(length: number): AxisRange {
  return { start: 0, stop: length, step: 1 };
}

/**
 * How a plane that is not one span is gathered: one run of consecutive bytes
 * per line along the displayed axis that varies fastest in memory. Null when
 * neither displayed axis is the fastest one (every element would be a run of
 * its own). `rowsAxis` is the lower-numbered displayed axis, `columnsAxis` the
 * other; the gathered plane is C-ordered rows × columns. A window with strides
 * samples lines along the slower axis, and within each run every `runStep`-th
 * element: a run spans from the first sample to the last one.
 */
export interface PlaneRuns {
  rowsAxis: number;
  columnsAxis: number;
  /** Byte spans, one per row (runsAlong "columns") or one per column (runsAlong "rows"). */
  runs: ByteSpan[];
  runsAlong: "rows" | "columns";
  /** Elements in the gathered plane. */
  rows: number;
  columns: number;
  /** Elements between two samples inside a run (1: every element). */
  runStep: number;
}

/** Which rows and columns of the plane to take; the whole plane when left out. */
export interface PlaneWindow {
  rows: AxisRange;
  columns: AxisRange;
}

export function planeRuns(
  shape: readonly number[],
  fortranOrder: boolean,
  itemsize: number,
  dataOffset: number,
  xAxis: number,
  yAxis: number,
  indices: readonly number[],
  window?: PlaneWindow,
): PlaneRuns | null {
  const n = shape.length;
  const fastest = fortranOrder ? 0 : n - 1;
  const rowsAxis = Math.min(xAxis, yAxis);
  const columnsAxis = Math.max(xAxis, yAxis);
  if (fastest !== rowsAxis && fastest !== columnsAxis) return null;
  const strides = new Array<number>(n);
  let stride = itemsize;
  for (const axis of fortranOrder ? shape.keys() : [...shape.keys()].reverse()) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  let base = dataOffset;
  for (let axis = 0; axis < n; axis++) {
    if (axis === rowsAxis || axis === columnsAxis) continue;
    const index = indices[axis] ?? 0;
    if (!Number.isInteger(index) || index < 0 || index >= shape[axis]) throw new RangeError(`index ${index} is outside axis ${axis} of length ${shape[axis]}`);
    base += index * strides[axis];
  }
  const rows = window?.rows ?? wholeAxis(shape[rowsAxis]);
  const columns = window?.columns ?? wholeAxis(shape[columnsAxis]);
  const runsAlong = fastest === columnsAxis ? "columns" : "rows";
  const [lines, inRun] = runsAlong === "columns" ? [rows, columns] : [columns, rows];
  const along = runsAlong === "columns" ? rowsAxis : columnsAxis;
  const samples = rangeLength(inRun);
  const runLength = ((samples - 1) * inRun.step + 1) * itemsize;
  const runStart = base + inRun.start * strides[fastest];
  const runs = Array.from({ length: rangeLength(lines) }, (_, i) => ({ start: runStart + (lines.start + i * lines.step) * strides[along], length: runLength }));
  return { rowsAxis, columnsAxis, runs, runsAlong, rows: rangeLength(rows), columns: rangeLength(columns), runStep: inRun.step };
}

/** The layout of a plane the server can gather (see planeRuns), or null when it is scattered element by element. */
export function gatheredPlane(shape: readonly number[], fortranOrder: boolean, xAxis: number, yAxis: number): PlaneLayout | null {
  const fastest = fortranOrder ? 0 : shape.length - 1;
  if (xAxis === yAxis || (xAxis !== fastest && yAxis !== fastest)) return null;
  const axes: [number, number] = [Math.min(xAxis, yAxis), Math.max(xAxis, yAxis)];
  return { shape: [shape[axes[0]], shape[axes[1]]], axes, fortranOrder: false, gathered: true };
}
