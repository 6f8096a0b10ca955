// Draws a heatmap's coloured cells (one bitmap pixel per cell) onto the canvas
// under the axes, for the ranges in view: a zoom or pan only redraws this
// image, and a new frame only replaces it.
import { toPixel, type PlotArea, type ViewRanges } from "./heatmap-geometry";
import type { CellGrid } from "./worker-protocol";

/** Sizes the canvas to the area at the screen's pixel density (a no-op when it already is). */
export function fitCanvas(canvas: HTMLCanvasElement, area: PlotArea): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(area.width * ratio);
  const height = Math.round(area.height * ratio);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}

export function drawHeatmap(canvas: HTMLCanvasElement, area: PlotArea, ranges: ViewRanges, image: ImageBitmap | null, grid: CellGrid | null): void {
  fitCanvas(canvas, area);
  const context = canvas.getContext("2d");
  if (!context) return;
  const ratio = canvas.width / area.width;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, area.width, area.height);
  if (!image || !grid) return;
  const [left, top] = toPixel(ranges, area, grid.originX - 0.5, grid.originY - 0.5);
  const [right, bottom] = toPixel(ranges, area, grid.originX + grid.width * grid.factorX - 0.5, grid.originY + grid.height * grid.factorY - 0.5);
  // The last cell of a row may stand for fewer elements than the others: clip to the elements covered.
  const [clipLeft, clipTop] = toPixel(ranges, area, grid.window.x[0] - 0.5, grid.window.y[0] - 0.5);
  const [clipRight, clipBottom] = toPixel(ranges, area, grid.window.x[1] - 0.5, grid.window.y[1] - 0.5);
  context.save();
  context.beginPath();
  context.rect(Math.min(clipLeft, clipRight), Math.min(clipTop, clipBottom), Math.abs(clipRight - clipLeft), Math.abs(clipBottom - clipTop));
  context.clip();
  // Cells are sharp blocks, never blurred into each other.
  context.imageSmoothingEnabled = false;
  context.drawImage(image, left, top, right - left, bottom - top);
  context.restore();
}
