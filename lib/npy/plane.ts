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

export interface Geometry {
  base: number;
  width: number;
  height: number;
  strideX: number;
  strideY: number;
}

/** Where a plane starts in view.values and how to step along it. */
export function geometry(view: NumericView, selection: PlaneSelection): Geometry {
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
  const plane = geometry(view, selection);
  // Walk memory in order: when the plane's columns are contiguous and its rows are not
  // (Fortran data, or a transposed choice of axes), reduce the transposed plane and flip the small result.
  if (plane.height > 1 && Math.abs(plane.strideY) < Math.abs(plane.strideX)) {
    const flipped = reduceBlocks(view.values, transposeGeometry(plane), Math.floor(maxHeight), Math.floor(maxWidth), reduce);
    return transposePlane(flipped);
  }
  return reduceBlocks(view.values, plane, Math.floor(maxWidth), Math.floor(maxHeight), reduce);
}

function transposeGeometry(g: Geometry): Geometry {
  return { base: g.base, width: g.height, height: g.width, strideX: g.strideY, strideY: g.strideX };
}

function transposePlane(plane: Plane): Plane {
  const values = new Float32Array(plane.values.length);
  for (let y = 0; y < plane.height; y++) {
    for (let x = 0; x < plane.width; x++) values[x * plane.height + y] = plane.values[y * plane.width + x];
  }
  return { width: plane.height, height: plane.width, values, factorX: plane.factorY, factorY: plane.factorX };
}

type Source = NumericView["values"];

function reduceBlocks(source: Source, g: Geometry, maxWidth: number, maxHeight: number, reduce: Reduction): Plane {
  const { base, width, height, strideX, strideY } = g;
  const factorX = Math.max(1, Math.ceil(width / maxWidth));
  const factorY = Math.max(1, Math.ceil(height / maxHeight));
  const outWidth = Math.ceil(width / factorX);
  const outHeight = Math.ceil(height / factorY);
  const values = new Float32Array(outWidth * outHeight);
  const accumulator = new Float64Array(outWidth);
  const counts = new Float64Array(outWidth);
  // The minimum is the negated maximum of the negated values, so one loop serves both extremes.
  const sign = reduce === "min" ? -1 : 1;
  const initial = reduce === "mean" ? 0 : -Infinity;
  for (let outY = 0; outY < outHeight; outY++) {
    accumulator.fill(initial);
    const yStart = outY * factorY;
    const yEnd = Math.min(height, yStart + factorY);
    if (reduce === "mean") {
      counts.fill(0);
      for (let y = yStart; y < yEnd; y++) accumulateMean(source, base + y * strideY, strideX, width, factorX, accumulator, counts);
    } else {
      for (let y = yStart; y < yEnd; y++) accumulateMax(source, base + y * strideY, strideX, width, factorX, accumulator, sign);
    }
    const out = outY * outWidth;
    for (let x = 0; x < outWidth; x++) {
      if (reduce === "mean") values[out + x] = counts[x] === 0 ? NaN : accumulator[x] / counts[x];
      else if (accumulator[x] !== initial) values[out + x] = sign * accumulator[x];
      else {
        // Still the starting -Infinity: either the block holds that (signed) infinity, or only NaN.
        const blockBase = base + yStart * strideY + x * factorX * strideX;
        const block = { base: blockBase, width: Math.min(factorX, width - x * factorX), height: yEnd - yStart, strideX, strideY };
        values[out + x] = blockHasNumber(source, block) ? sign * initial : NaN;
      }
    }
  }
  return { width: outWidth, height: outHeight, values, factorX, factorY };
}

function blockHasNumber(source: Source, block: Geometry): boolean {
  for (let y = 0; y < block.height; y++) {
    for (let x = 0, at = block.base + y * block.strideY; x < block.width; x++, at += block.strideX) {
      if (source[at] === source[at]) return true;
    }
  }
  return false;
}

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

// NaN fails every comparison, so the maximum skips it without a test of its own.
function accumulateMax(source: Source, row: number, strideX: number, width: number, factorX: number, best: Float64Array, sign: 1 | -1): void {
  let x = 0;
  for (let cell = 0; x < width; cell++) {
    const end = Math.min(width, x + factorX);
    let value = best[cell];
    for (let at = row + x * strideX; x < end; x++, at += strideX) {
      const v = sign * source[at];
      if (v > value) value = v;
    }
    best[cell] = value;
  }
}

export interface LineEnvelope {
  /** Index along the axis where each bucket starts. */
  x: Float64Array;
  /** Float64 so a float64 line zoomed to single elements shows their exact values. */
  min: Float64Array;
  max: Float64Array;
}

/** A window along a line's axis: elements start … end-1. */
export interface LineRange {
  start: number;
  end: number;
}

/**
 * A line along one axis (default the last), other axes fixed by selection,
 * cut into at most maxPoints buckets with each bucket's min and max (NaN when a
 * bucket has only NaN): a long series drawn at screen resolution. With a range,
 * only that window is bucketed (a zoomed view), so zooming in adds detail down
 * to one bucket per element.
 */
export function lineEnvelope(view: NumericView, maxPoints: number, axis?: number, selection?: PlaneSelection, range?: LineRange): LineEnvelope {
  const line = placeLine(view, axis, selection?.indices);
  return bucketEnvelope(line.length, maxPoints, range, (start, end) => scanExtremes(line, start, end));
}

/** Where one line lies in a view's values: element i is values[base + i·stride]. */
export interface LinePlacement {
  values: NumericView["values"];
  base: number;
  stride: number;
  length: number;
}

/** The line along `axis` (default the last) with the other axes fixed at `indices`. */
export function placeLine(view: NumericView, axis?: number, indices?: readonly number[]): LinePlacement {
  const lineAxis = axis ?? Math.max(view.shape.length - 1, 0);
  const plane = geometry(view, { xAxis: view.shape.length === 0 ? -1 : lineAxis, yAxis: -1, indices: [...(indices ?? view.shape.map(() => 0))] });
  return { values: view.values, base: plane.base, stride: plane.strideX, length: plane.width };
}

/** [min, max] of elements start … end-1 of a line, NaN skipped; [Infinity, -Infinity] when there is no number. */
export function scanExtremes(line: LinePlacement, start: number, end: number): [number, number] {
  const { values, stride } = line;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start, at = line.base + start * stride; i < end; i++, at += stride) {
    const v = values[at];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * The buckets of a line of `length` elements over `range`: at most maxPoints,
 * each of the same whole number of elements (the last one shorter), with the
 * extremes `extremesOf` finds in each (NaN for a bucket without a number).
 */
export function bucketEnvelope(
  length: number,
  maxPoints: number,
  range: LineRange | undefined,
  extremesOf: (start: number, end: number) => [number, number],
): LineEnvelope {
  const first = Math.max(0, Math.min(length, Math.floor(range?.start ?? 0)));
  const last = Math.max(first, Math.min(length, Math.ceil(range?.end ?? length)));
  const span = last - first;
  const buckets = Math.max(1, Math.min(Math.floor(maxPoints), span));
  const factor = Math.max(1, Math.ceil(span / buckets));
  const count = Math.ceil(span / factor);
  const x = new Float64Array(count);
  const min = new Float64Array(count);
  const max = new Float64Array(count);
  for (let b = 0; b < count; b++) {
    const start = first + b * factor;
    const [lo, hi] = extremesOf(start, Math.min(last, start + factor));
    const none = lo === Infinity && hi === -Infinity;
    x[b] = start;
    min[b] = none ? NaN : lo;
    max[b] = none ? NaN : hi;
  }
  return { x, min, max };
}
