// The part of a plane a heatmap draws: the window the zoom leaves on screen,
// either block-reduced to the plot's pixels from values in memory, or, for a
// plane too big to fetch, the strided sample the server gathered. Hover reads
// from the same cut, so it always describes the picture on screen.
import type { NumericView } from "./numeric";
import { downsamplePlane, type Reduction } from "./plane";
import type { NpyArray } from "./read";
import { contiguousStrides, elementOffset } from "./strides";
import { formatElement } from "./values";

/** Elements shown along the x and y axes, [start, stop) each: what the zoom leaves on screen. */
export interface ElementWindow {
  x: [number, number];
  y: [number, number];
}

/** Where a plane's cells lie: cell (cx, cy) starts at element (originX + cx·factorX, originY + cy·factorY). */
export interface CellGrid {
  width: number;
  height: number;
  factorX: number;
  factorY: number;
  originX: number;
  originY: number;
  /** Elements the cells cover, [start, stop) along x and y (the last cell of a row may cover fewer than factorX). */
  window: ElementWindow;
  /** Each cell is the one element at its start (a strided sample), not a reduction of its block. */
  sampled: boolean;
}

/** What one cell of a cut stands for (see hoverCell). */
export interface HoveredCell {
  /** Index range of the original array the cell covers, per axis. */
  from: number[];
  to: number[];
  /** Exact text of the element when the cell is a single element (or the sampled element standing for its block). */
  exact: string | null;
  /** The cell is a strided sample: `exact` is the element at `from`, standing for the block up to `to`. */
  sampled: boolean;
  /** The block's extremes, NaN skipped, when the cell is a reduction of several elements. */
  blockMin: number | null;
  blockMax: number | null;
}

/** Where a cut's elements are read: an array (the whole one, a fetched plane, or a sample) and which of its axes are shown. */
export interface ElementSource {
  array: NpyArray;
  view: NumericView;
  xAxis: number;
  yAxis: number;
  /** An index per axis of `array`; those of xAxis and yAxis are ignored. */
  indices: number[];
}

/** Plane element e is at index (e − origin) / step of the source along each shown axis (a sample holds every step-th element). */
interface SourceMapping {
  originX: number;
  originY: number;
  stepX: number;
  stepY: number;
}

export interface PlaneCut {
  grid: CellGrid;
  values: Float32Array;
  source: ElementSource;
  mapping: SourceMapping;
  /** Elements covered, [start, stop) along x and y. */
  window: ElementWindow;
  /** Each cell's block min and max (row-major, like values) when they were reduced near the data rather than read here. */
  extremes?: { min: Float64Array; max: Float64Array };
}

const IDENTITY: SourceMapping = { originX: 0, originY: 0, stepX: 1, stepY: 1 };

/** The window within a plane of nx × ny elements (all of it when none is asked for, or nothing of it would remain). */
export function clampWindow(window: ElementWindow | null | undefined, nx: number, ny: number): ElementWindow {
  const clamp = (range: [number, number] | undefined, n: number): [number, number] => {
    if (!range) return [0, n];
    const start = Math.max(0, Math.min(n - 1, Math.floor(range[0])));
    const stop = Math.max(start + 1, Math.min(n, Math.ceil(range[1])));
    return [start, stop];
  };
  return { x: clamp(window?.x, nx), y: clamp(window?.y, ny) };
}

/** Elements between two cells so that a window fits `cells` cells. */
export function strideFor(range: [number, number], cells: number): number {
  return Math.max(1, Math.ceil((range[1] - range[0]) / Math.max(1, Math.floor(cells))));
}

function windowView(view: NumericView, xAxis: number, yAxis: number, window: ElementWindow): NumericView {
  const shape = [...view.shape];
  shape[xAxis] = window.x[1] - window.x[0];
  shape[yAxis] = window.y[1] - window.y[0];
  const offset = window.x[0] * view.strides[xAxis] + window.y[0] * view.strides[yAxis];
  return { ...view, shape, values: view.values.subarray(offset) };
}

/** A window of a plane held in memory, reduced by blocks to at most maxWidth × maxHeight cells. */
export function reducedCut(source: ElementSource, window: ElementWindow, maxWidth: number, maxHeight: number, reduce: Reduction): PlaneCut {
  const plane = downsamplePlane(windowView(source.view, source.xAxis, source.yAxis, window), source, maxWidth, maxHeight, reduce);
  const { width, height, factorX, factorY, values } = plane;
  const grid = { width, height, factorX, factorY, originX: window.x[0], originY: window.y[0], window, sampled: false };
  return { grid, values, source, mapping: IDENTITY, window };
}

/** A sample the server gathered (every stepX-th column and stepY-th row of the window): one cell per sampled element. */
export function sampledCut(source: ElementSource, window: ElementWindow, stepX: number, stepY: number): PlaneCut {
  const { view, xAxis, yAxis } = source;
  const plane = downsamplePlane(view, source, view.shape[xAxis], view.shape[yAxis], "mean");
  const { width, height } = plane;
  const grid = { width, height, factorX: stepX, factorY: stepY, originX: window.x[0], originY: window.y[0], window, sampled: stepX > 1 || stepY > 1 };
  return { grid, values: plane.values, source, mapping: { originX: window.x[0], originY: window.y[0], stepX, stepY }, window };
}

/**
 * Blocks summarised near the data (GET …/plane?reduce=min,max,mean): `blocks`
 * is a (3, rows, columns) float64 array of each block's min, max and mean on
 * the grid of the strided sample with the same steps, rows along y when
 * `rowsAlongY`. Each cell shows the reduction asked for; hover its min and max.
 */
export function summarizedCut(
  blocks: NpyArray,
  view: NumericView,
  rowsAlongY: boolean,
  window: ElementWindow,
  stepX: number,
  stepY: number,
  reduce: Reduction,
): PlaneCut {
  const [xAxis, yAxis] = rowsAlongY ? [2, 1] : [1, 2];
  const shown = reduce === "min" ? 0 : reduce === "max" ? 1 : 2;
  const cut = sampledCut({ array: blocks, view, xAxis, yAxis, indices: [shown, 0, 0] }, window, stepX, stepY);
  const extremes = { min: cellsOf(view, 0, rowsAlongY), max: cellsOf(view, 1, rowsAlongY) };
  return { ...cut, grid: { ...cut.grid, sampled: false }, extremes };
}

/** Plane `k` of a (3, rows, columns) view in cell order (row-major along y), as float64 so extremes keep their exact values. */
function cellsOf(view: NumericView, k: number, rowsAlongY: boolean): Float64Array {
  const [, rows, columns] = view.shape;
  const [width, height] = rowsAlongY ? [columns, rows] : [rows, columns];
  const out = new Float64Array(width * height);
  for (let cy = 0; cy < height; cy++) {
    for (let cx = 0; cx < width; cx++) {
      const [row, column] = rowsAlongY ? [cy, cx] : [cx, cy];
      out[cy * width + cx] = view.values[k * view.strides[0] + row * view.strides[1] + column * view.strides[2]];
    }
  }
  return out;
}

/** The source's index of plane element (x, y). */
function sourceIndex(cut: PlaneCut, x: number, y: number): number[] {
  const { source, mapping } = cut;
  const index = [...source.indices];
  index[source.xAxis] = (x - mapping.originX) / mapping.stepX;
  index[source.yAxis] = (y - mapping.originY) / mapping.stepY;
  return index;
}

/**
 * What cell (cellX, cellY) of the cut stands for, in the array's own indices
 * (`plane` gives the array's shown axes and the index on every other axis):
 * the exact element for a single element or a sample, else its block's min and max.
 */
export function hoverCell(cut: PlaneCut, plane: { xAxis: number; yAxis: number; indices: number[] }, cellX: number, cellY: number): HoveredCell | null {
  const { grid, window } = cut;
  if (!(cellX >= 0 && cellY >= 0 && cellX < grid.width && cellY < grid.height)) return null;
  const x = grid.originX + cellX * grid.factorX;
  const y = grid.originY + cellY * grid.factorY;
  const from = [...plane.indices];
  const to = [...plane.indices];
  from[plane.xAxis] = x;
  from[plane.yAxis] = y;
  to[plane.xAxis] = Math.min(window.x[1], x + grid.factorX) - 1;
  to[plane.yAxis] = Math.min(window.y[1], y + grid.factorY) - 1;
  if (cut.extremes) {
    const cell = cellY * grid.width + cellX;
    return { from, to, exact: null, sampled: false, blockMin: cut.extremes.min[cell], blockMax: cut.extremes.max[cell] };
  }
  const { array, view } = cut.source;
  if (grid.sampled || (grid.factorX === 1 && grid.factorY === 1)) {
    const flat = elementOffset(contiguousStrides(array.header.shape), sourceIndex(cut, x, y));
    return { from, to, exact: formatElement(array, flat), sampled: grid.sampled, blockMin: null, blockMax: null };
  }
  let min = Infinity;
  let max = -Infinity;
  for (let yy = y; yy <= to[plane.yAxis]; yy++) {
    for (let xx = x; xx <= to[plane.xAxis]; xx++) {
      const v = Number(view.values[elementOffset(view.strides, sourceIndex(cut, xx, yy))]);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { from, to, exact: null, sampled: false, blockMin: min, blockMax: max };
}
