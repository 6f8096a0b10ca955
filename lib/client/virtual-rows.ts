// Which rows of a fixed-row-height list are on screen. Pure, so the list
// component only renders rows [start, end) inside a spacer of totalHeight.
export interface RowWindow {
  start: number;
  end: number;
  totalHeight: number;
}

export function visibleRows(count: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan: number): RowWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(count, first + visible + overscan),
    totalHeight: count * rowHeight,
  };
}
