/**
 * 2-D planes out of N-D views: any two axes, fixed indices for the others;
 * block-reduced to at most W×H cells so a heatmap costs screen pixels, not
 * elements; and min/max envelopes for long lines.
 */
import { NpyError } from "./errors";
import type { NumericView } from "./numeric";

export interface PlaneSelection {
  /** Axis along the plane's width. -1 for a 0-d view. */
  xAxis: number;
  /** Axis along the plane's height; -1 for a single row (1-D and 0-d views). */
  yAxis: number;
  /** A fixed index for every axis of the view; the entries for xAxis and yAxis are ignored. */
  indices: number[];
}

export interface Plane {
  width: number;
  height: number;
  /** Row-major: height rows of width values. */
  values: Float32Array;
  /** How many source columns (rows) each cell covers: 1 when not downsampled. */
  factorX: number;
  factorY: number;
}

interface Geometry {
  base: number;
  width: number;
  height: number;
  strideX: number;
  strideY: number;
}

/** Where a plane starts in view.values and how to step along it. */
function geometry(view: NumericView, selection: PlaneSelection): Geometry {
  const { shape, strides } = view;
  const { xAxis, yAxis, indices } = selection;
  const checkAxis = (axis: number, name: string) => {
    if (axis === -1) return;
    if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
      throw new NpyError(`${name} ${axis} is not an axis of a ${shape.length}-d array`);
    }
  };
  checkAxis(xAxis, "xAxis");
  checkAxis(yAxis, "yAxis");
  if (xAxis === -1 && shape.length > 0) throw new NpyError("xAxis -1 is only for 0-d arrays");
  if (xAxis === yAxis && xAxis !== -1) throw new NpyError(`xAxis and yAxis are both ${xAxis}; a plane needs two different axes`);
  let base = 0;
  for (let axis = 0; axis < shape.length; axis++) {
    if (axis === xAxis || axis === yAxis) continue;
    const index = indices[axis] ?? 0;
    if (!Number.isInteger(index) || index < 0 || index >= shape[axis]) {
      throw new NpyError(`index ${index} is out of range for axis ${axis} of length ${shape[axis]}`);
    }
    base += index * strides[axis];
  }
  return {
    base,
    width: xAxis === -1 ? 1 : shape[xAxis],
    height: yAxis === -1 ? 1 : shape[yAxis],
    strideX: xAxis === -1 ? 0 : strides[xAxis],
    strideY: yAxis === -1 ? 0 : strides[yAxis],
  };
}

/** The whole plane, one cell per element. */
export function extractPlane(view: NumericView, selection: PlaneSelection): Plane {
  const { base, width, height, strideX, strideY } = geometry(view, selection);
  const source = view.values;
  const values = new Float32Array(width * height);
  for (let y = 0, o = 0; y < height; y++) {
    const row = base + y * strideY;
    for (let x = 0; x < width; x++) values[o++] = source[row + x * strideX];
  }
  return { width, height, values, factorX: 1, factorY: 1 };
}

export type Reduction = "mean" | "min" | "max";

/**
 * The plane reduced by blocks to at most maxWidth × maxHeight cells, read
 * straight from the view. NaN is skipped; a block of only NaN gives NaN.
 */
export function downsamplePlane(view: NumericView, selection: PlaneSelection, maxWidth: number, maxHeight: number, reduce: Reduction): Plane {
  if (!(maxWidth >= 1 && maxHeight >= 1)) throw new NpyError(`the plane must be at least 1×1 cells, not ${maxWidth}×${maxHeight}`);
  const { base, width, height, strideX, strideY } = geometry(view, selection);
  const factorX = Math.max(1, Math.ceil(width / Math.floor(maxWidth)));
  const factorY = Math.max(1, Math.ceil(height / Math.floor(maxHeight)));
  const outWidth = Math.ceil(width / factorX);
  const outHeight = Math.ceil(height / factorY);
  const values = new Float32Array(outWidth * outHeight);
  const source = view.values;
  const accumulator = new Float64Array(outWidth);
  const counts = new Float64Array(outWidth);
  const initial = reduce === "min" ? Infinity : reduce === "max" ? -Infinity : 0;
  for (let outY = 0; outY < outHeight; outY++) {
    accumulator.fill(initial);
    counts.fill(0);
    const yEnd = Math.min(height, (outY + 1) * factorY);
    for (let y = outY * factorY; y < yEnd; y++) {
      const row = base + y * strideY;
      if (reduce === "mean") accumulateMean(source, row, strideX, width, factorX, accumulator, counts);
      else accumulateExtreme(source, row, strideX, width, factorX, accumulator, counts, reduce === "min");
    }
    const out = outY * outWidth;
    for (let x = 0; x < outWidth; x++) {
      values[out + x] = counts[x] === 0 ? NaN : reduce === "mean" ? accumulator[x] / counts[x] : accumulator[x];
    }
  }
  return { width: outWidth, height: outHeight, values, factorX, factorY };
}

type Source = NumericView["values"];

function accumulateMean(source: Source, row: number, strideX: number, width: number, factorX: number, sums: Float64Array, counts: Float64Array): void {
  let x = 0;
  for (let cell = 0; x < width; cell++) {
    const end = Math.min(width, x + factorX);
    let sum = 0;
    let count = 0;
    for (let at = row + x * strideX; x < end; x++, at += strideX) {
      const v = source[at];
      if (v === v) {
        sum += v;
        count++;
      }
    }
    sums[cell] += sum;
    counts[cell] += count;
  }
}

function accumulateExtreme(
  source: Source,
  row: number,
  strideX: number,
  width: number,
  factorX: number,
  best: Float64Array,
  counts: Float64Array,
  isMin: boolean,
): void {
  let x = 0;
  for (let cell = 0; x < width; cell++) {
    const end = Math.min(width, x + factorX);
    let value = best[cell];
    let count = 0;
    for (let at = row + x * strideX; x < end; x++, at += strideX) {
      const v = source[at];
      if (v === v) {
        count++;
        if (isMin ? v < value : v > value) value = v;
      }
    }
    best[cell] = value;
    counts[cell] += count;
  }
}

export interface LineEnvelope {
  /** Index along the axis where each bucket starts. */
  x: Float64Array;
  min: Float32Array;
  max: Float32Array;
}

/**
 * A line along one axis (default the last), other axes fixed by selection,
 * cut into at most maxPoints buckets with each bucket's min and max (NaN when a
 * bucket has only NaN): a long series drawn at screen resolution.
 */
export function lineEnvelope(view: NumericView, maxPoints: number, axis?: number, selection?: PlaneSelection): LineEnvelope {
  const lineAxis = axis ?? Math.max(view.shape.length - 1, 0);
  const indices = selection?.indices ?? view.shape.map(() => 0);
  const plane = geometry(view, { xAxis: view.shape.length === 0 ? -1 : lineAxis, yAxis: -1, indices });
  const length = plane.width;
  const buckets = Math.max(1, Math.min(Math.floor(maxPoints), length));
  const factor = Math.max(1, Math.ceil(length / buckets));
  const count = Math.ceil(length / factor);
  const x = new Float64Array(count);
  const min = new Float32Array(count);
  const max = new Float32Array(count);
  const source = view.values;
  for (let b = 0; b < count; b++) {
    const start = b * factor;
    const end = Math.min(length, start + factor);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = start, at = plane.base + start * plane.strideX; i < end; i++, at += plane.strideX) {
      const v = source[at];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    x[b] = start;
    min[b] = lo === Infinity && hi === -Infinity ? NaN : lo;
    max[b] = lo === Infinity && hi === -Infinity ? NaN : hi;
  }
  return { x, min, max };
}
