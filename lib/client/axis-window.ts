// Which cells of one axis of a virtualised grid are on screen, and where they
// sit. Past maxPx the spacer is capped (browsers stop laying out elements a few
// million pixels long): the scrollbar position then picks the first cell and a
// screenful is drawn from the scroll position on, so every cell stays reachable.
export interface AxisWindow {
  /** Cells [first, end) are drawn. */
  first: number;
  end: number;
  /** Length of the spacer. */
  totalPx: number;
  /** Where cell `first` is drawn; cell i sits at start + (i - first) × cellPx. */
  start: number;
  /** Whether the spacer is capped (positions then follow the scroll position). */
  scaled: boolean;
}

export const MAX_SPACER_PX = 8_000_000;

export function axisWindow(count: number, cellPx: number, scrollPos: number, viewportPx: number, overscan: number, maxPx = MAX_SPACER_PX): AxisWindow {
  const fit = Math.max(1, Math.ceil(viewportPx / cellPx));
  if (count * cellPx <= maxPx) {
    const top = Math.floor(Math.max(0, scrollPos) / cellPx);
    const first = Math.max(0, top - overscan);
    return { first, end: Math.min(count, top + fit + 1 + overscan), totalPx: count * cellPx, start: first * cellPx, scaled: false };
  }
  const maxScroll = Math.max(1, maxPx - viewportPx);
  const fraction = Math.min(1, Math.max(0, scrollPos) / maxScroll);
  const first = Math.round(fraction * Math.max(0, count - fit));
  return { first, end: Math.min(count, first + fit + 1), totalPx: maxPx, start: Math.max(0, scrollPos), scaled: true };
}

/** The scroll position that brings cell `target` to the start of the viewport. */
export function scrollToCell(target: number, count: number, cellPx: number, viewportPx: number, maxPx = MAX_SPACER_PX): number {
  if (count * cellPx <= maxPx) return target * cellPx;
  const fit = Math.max(1, Math.ceil(viewportPx / cellPx));
  return (target / Math.max(1, count - fit)) * Math.max(1, maxPx - viewportPx);
}
