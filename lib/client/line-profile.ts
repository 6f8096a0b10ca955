// Lines through a plane (a row/column profile): which axis they run along,
// which rows are drawn, and what numpy calls each of them.
import type { ProfileDirection } from "./view-state";

/** More rows than this are not offered overlaid: the plot would be a tangle. */
export const MAX_OVERLAID = 16;
/** A 2-D array whose other axis is this many times longer than a short one reads as a few lines, not a picture. */
const SHORT_AXIS_RATIO = 64;

/** A row runs along the plane's x axis (one y index); a column along its y axis. */
export interface Profile {
  direction: ProfileDirection;
  /** The axis the lines run along, and the axis their indices are on. */
  axis: number;
  acrossAxis: number;
  /** Indices along acrossAxis, one line each. */
  rows: number[];
  /** numpy's spelling of each line, e.g. "[2, :]". */
  names: string[];
  /** Whether every row is drawn (the axis is short enough to overlay them all). */
  all: boolean;
}

/** (3, 10000) or (1, 100000): one axis of at most MAX_OVERLAID, the other far longer. */
export function hasShortAxis(shape: readonly number[]): boolean {
  if (shape.length !== 2) return false;
  const short = Math.min(shape[0], shape[1]);
  const long = Math.max(shape[0], shape[1]);
  return short >= 1 && short <= MAX_OVERLAID && long >= SHORT_AXIS_RATIO * short;
}

/** The profile asked for (direction and index, or "all"), with defaults: along the longer axis, every row when they can be overlaid, else the first. */
export function profileOf(
  shape: readonly number[],
  xAxis: number,
  yAxis: number,
  indices: readonly number[],
  direction: ProfileDirection | null,
  at: number | "all" | null,
): Profile {
  const chosen = direction ?? (shape[yAxis] > shape[xAxis] ? "column" : "row");
  const axis = chosen === "row" ? xAxis : yAxis;
  const acrossAxis = chosen === "row" ? yAxis : xAxis;
  const count = shape[acrossAxis];
  const overlaid = count <= MAX_OVERLAID;
  const wanted = at ?? (overlaid ? "all" : 0);
  const all = wanted === "all" && overlaid;
  const rows = all ? Array.from({ length: count }, (_, i) => i) : [Math.min(count - 1, Math.max(0, wanted === "all" ? 0 : wanted))];
  const names = rows.map((row) => lineName(shape.length, axis, acrossAxis, row, indices));
  return { direction: chosen, axis, acrossAxis, rows, names, all };
}

function lineName(ndim: number, axis: number, acrossAxis: number, row: number, indices: readonly number[]): string {
  const parts = Array.from({ length: ndim }, (_, i) => (i === axis ? ":" : i === acrossAxis ? String(row) : String(indices[i] ?? 0)));
  return `[${parts.join(", ")}]`;
}
