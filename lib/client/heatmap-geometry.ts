// Where a heatmap's cells go on screen. The picture is drawn on a canvas
// under the axes (an SVG); both map element indices to pixels the same way:
// element i is centred on i, so it covers [i − ½, i + ½).
import type { CellGrid, ElementWindow } from "./worker-protocol";

/** equal: square cells (the plot takes the array's proportions); fill: the plot takes the width, cells stretch. */
export const ASPECTS = ["equal", "fill"] as const;
export type Aspect = (typeof ASPECTS)[number];

/**
 * What the plot shows of the plane, in element coordinates (element i is
 * centred on i): x from the left edge to the right, y from the top edge down
 * to the bottom (row 0 at the top). Fractional, since a zoom or pan shows
 * parts of the elements at its edges; the whole elements it touches, the part
 * fetched, are its ElementWindow (`visibleWindow`).
 */
export interface ViewRanges {
  x: [left: number, right: number];
  y: [top: number, bottom: number];
}

/** The plot area, in CSS pixels from the top left of the plot's box. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PlotBox {
  area: PlotArea;
  /** The whole figure (area plus margins for axes and toolbar). */
  width: number;
  height: number;
}

/** Room for tick labels and titles left and below, and above for the half of the top tick label that sticks out. */
export const PLOT_MARGIN = { l: 64, r: 12, t: 12, b: 44 };
/** The closest zoom: one element this many CSS pixels across (along the axis with fewer pixels per element), enough to point at it. */
export const MAX_PIXELS_PER_ELEMENT = 16;
const MAX_AREA_HEIGHT = 720;
const MIN_AREA_HEIGHT = 160;
/** The height of a filled plot, as a share of its width. */
const FILL_PROPORTION = 0.75;

/** Square cells unless that makes the plot a sliver (a (3, 10000) array) or a needle (its transpose). */
export function defaultAspect(availableWidth: number, nx: number, ny: number): Aspect {
  const { area } = plotBox(availableWidth, nx, ny, "equal");
  const least = Math.min(MIN_AREA_HEIGHT, (availableWidth - PLOT_MARGIN.l - PLOT_MARGIN.r) / 2);
  return area.width >= least && area.height >= least ? "equal" : "fill";
}

/** The figure for an nx × ny plane in `availableWidth` CSS pixels. */
export function plotBox(availableWidth: number, nx: number, ny: number, aspect: Aspect): PlotBox {
  let width = Math.max(120, availableWidth - PLOT_MARGIN.l - PLOT_MARGIN.r);
  let height: number;
  if (aspect === "fill") height = Math.min(MAX_AREA_HEIGHT, Math.max(MIN_AREA_HEIGHT, Math.round(width * FILL_PROPORTION)));
  else {
    height = Math.round((width * ny) / nx);
    if (height > MAX_AREA_HEIGHT) {
      height = MAX_AREA_HEIGHT;
      width = Math.max(1, Math.round((height * nx) / ny));
    }
    height = Math.max(1, height);
  }
  return {
    area: { left: PLOT_MARGIN.l, top: PLOT_MARGIN.t, width, height },
    width: width + PLOT_MARGIN.l + PLOT_MARGIN.r,
    height: height + PLOT_MARGIN.t + PLOT_MARGIN.b,
  };
}

/** The whole plane in view. */
export function fullRanges(nx: number, ny: number): ViewRanges {
  return { x: [-0.5, nx - 0.5], y: [-0.5, ny - 0.5] };
}

/**
 * How many times the whole plane a zoom may magnify: until an element is
 * MAX_PIXELS_PER_ELEMENT across along the axis where elements are thinnest
 * (so every axis reaches one element per pixel first), never below 1.
 */
export function maxZoom(nx: number, ny: number, area: { width: number; height: number }): number {
  const thinnest = Math.min(area.width / nx, area.height / ny);
  return Math.max(1, MAX_PIXELS_PER_ELEMENT / thinnest);
}

/** Element coordinates to CSS pixels within the area. */
export function toPixel(ranges: ViewRanges, area: PlotArea, x: number, y: number): [number, number] {
  return [(area.width * (x - ranges.x[0])) / (ranges.x[1] - ranges.x[0]), (area.height * (y - ranges.y[0])) / (ranges.y[1] - ranges.y[0])];
}

/** CSS pixels within the area to element coordinates. */
export function toElement(ranges: ViewRanges, area: PlotArea, px: number, py: number): [number, number] {
  return [ranges.x[0] + (px / area.width) * (ranges.x[1] - ranges.x[0]), ranges.y[0] + (py / area.height) * (ranges.y[1] - ranges.y[0])];
}

/** The cell of `grid` that holds the element nearest to (x, y), or null outside the cells. */
export function cellAt(grid: CellGrid, x: number, y: number): [number, number] | null {
  const ex = Math.round(x);
  const ey = Math.round(y);
  if (ex < grid.window.x[0] || ex >= grid.window.x[1] || ey < grid.window.y[0] || ey >= grid.window.y[1]) return null;
  return [Math.floor((ex - grid.originX) / grid.factorX), Math.floor((ey - grid.originY) / grid.factorY)];
}

/** The whole elements in view, or null when that is the whole plane. */
export function visibleWindow(ranges: ViewRanges, nx: number, ny: number): ElementWindow | null {
  const span = ([from, to]: [number, number], n: number): [number, number] => [Math.max(0, Math.floor(from + 0.5)), Math.min(n, Math.ceil(to + 0.5))];
  const x = span(ranges.x, nx);
  const y = span(ranges.y, ny);
  if (x[0] >= x[1] || y[0] >= y[1]) return null;
  if (x[0] === 0 && x[1] === nx && y[0] === 0 && y[1] === ny) return null;
  return { x, y };
}

/** Two windows hold the same elements (null: the whole plane). */
export function sameWindow(a: ElementWindow | null, b: ElementWindow | null): boolean {
  if (a === null || b === null) return a === b;
  return a.x[0] === b.x[0] && a.x[1] === b.x[1] && a.y[0] === b.y[0] && a.y[1] === b.y[1];
}
