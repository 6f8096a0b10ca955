// Where a heatmap's cells go on screen. The picture is drawn on a canvas
// under Plotly's (transparent) axes; both map element indices to pixels the
// same way: element i is centred on i, so it covers [i − ½, i + ½).
import type { CellGrid, ElementWindow } from "./worker-protocol";

/** equal: square cells (the plot takes the array's proportions); fill: the plot takes the width, cells stretch. */
export const ASPECTS = ["equal", "fill"] as const;
export type Aspect = (typeof ASPECTS)[number];

/** The axes' visible ranges in element units, as Plotly keeps them: y runs downwards, so y[0] (the bottom) is the larger. */
export interface AxisRanges {
  x: [number, number];
  y: [number, number];
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

/** Room for the toolbar above, tick labels and titles left and below. */
export const PLOT_MARGIN = { l: 64, r: 12, t: 36, b: 44 };
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
export function fullRanges(nx: number, ny: number): AxisRanges {
  return { x: [-0.5, nx - 0.5], y: [ny - 0.5, -0.5] };
}

/** Element coordinates to CSS pixels within the area. */
export function toPixel(ranges: AxisRanges, area: PlotArea, x: number, y: number): [number, number] {
  return [(area.width * (x - ranges.x[0])) / (ranges.x[1] - ranges.x[0]), area.height * (1 - (y - ranges.y[0]) / (ranges.y[1] - ranges.y[0]))];
}

/** CSS pixels within the area to element coordinates. */
export function toElement(ranges: AxisRanges, area: PlotArea, px: number, py: number): [number, number] {
  return [ranges.x[0] + (px / area.width) * (ranges.x[1] - ranges.x[0]), ranges.y[0] + (1 - py / area.height) * (ranges.y[1] - ranges.y[0])];
}

/** The cell of `grid` that holds the element nearest to (x, y), or null outside the cells. */
export function cellAt(grid: CellGrid, x: number, y: number): [number, number] | null {
  const ex = Math.round(x);
  const ey = Math.round(y);
  if (ex < grid.window.x[0] || ex >= grid.window.x[1] || ey < grid.window.y[0] || ey >= grid.window.y[1]) return null;
  return [Math.floor((ex - grid.originX) / grid.factorX), Math.floor((ey - grid.originY) / grid.factorY)];
}

/** The elements in view, or null when that is the whole plane. */
export function visibleWindow(ranges: AxisRanges, nx: number, ny: number): ElementWindow | null {
  const span = (a: number, b: number, n: number): [number, number] => [
    Math.max(0, Math.floor(Math.min(a, b) + 0.5)),
    Math.min(n, Math.ceil(Math.max(a, b) + 0.5)),
  ];
  const x = span(ranges.x[0], ranges.x[1], nx);
  const y = span(ranges.y[0], ranges.y[1], ny);
  if (x[0] >= x[1] || y[0] >= y[1]) return null;
  if (x[0] === 0 && x[1] === nx && y[0] === 0 && y[1] === ny) return null;
  return { x, y };
}
