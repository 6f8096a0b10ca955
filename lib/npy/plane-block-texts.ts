/** The exact text of a rectangular block of one plane, for a matrix of values. */
import type { PlaneSelection } from "./plane";
import type { NpyArray } from "./read";
import { contiguousStrides } from "./strides";
import { formatElement } from "./values";

/** Rows along the plane's yAxis, columns along its xAxis. */
export interface PlaneBlock {
  rowStart: number;
  rowCount: number;
  colStart: number;
  colCount: number;
}

export interface PlaneBlockTexts {
  /** Exact text of each element, row after row; rows and columns past the plane's edge are left out. */
  texts: string[];
  rows: number;
  cols: number;
}

export function planeBlockTexts(array: NpyArray, plane: PlaneSelection, block: PlaneBlock): PlaneBlockTexts {
  const { shape } = array.header;
  const { xAxis, yAxis } = plane;
  const strides = contiguousStrides(shape);
  const rows = Math.max(0, Math.min(block.rowCount, shape[yAxis] - block.rowStart));
  const cols = Math.max(0, Math.min(block.colCount, shape[xAxis] - block.colStart));
  const base = plane.indices.reduce((sum, v, axis) => (axis === xAxis || axis === yAxis ? sum : sum + v * strides[axis]), 0);
  const texts = new Array<string>(rows * cols);
  for (let r = 0; r < rows; r++) {
    const rowBase = base + (block.rowStart + r) * strides[yAxis];
    for (let c = 0; c < cols; c++) texts[r * cols + c] = formatElement(array, rowBase + (block.colStart + c) * strides[xAxis]);
  }
  return { texts, rows, cols };
}
