// Which part of a long line is shown, and how finely to bucket it: the plot
// asks the worker for the visible window (plus half a window each side, so a
// pan shows data at once) at one bucket per pixel, and for every element once
// few enough are in view that drawing them is as cheap as their envelope.

/** The index range on screen, as Plotly's x axis reports it (fractional). */
export interface LineWindow {
  start: number;
  end: number;
}

/** What to ask the worker for: elements start … end-1 in at most maxPoints buckets. */
export interface LineFetch {
  start: number;
  end: number;
  maxPoints: number;
}

/** Up to this many elements per pixel are drawn one by one: a line through them covers what their envelope would. */
export const ELEMENTS_PER_PIXEL_DRAWN = 4;

export function fullWindow(length: number): LineWindow {
  return { start: 0, end: Math.max(1, length - 1) };
}

/**
 * The window a Plotly relayout event sets on the x axis: a range, the full
 * line for autorange (double-click), or null when the event is about anything
 * else (the y axis, a resize).
 */
export function windowFromRelayout(event: Readonly<Record<string, unknown>>, length: number): LineWindow | null {
  if (event["xaxis.autorange"] === true) return fullWindow(length);
  const range = event["xaxis.range"];
  const start: unknown = Array.isArray(range) ? range[0] : event["xaxis.range[0]"];
  const end: unknown = Array.isArray(range) ? range[1] : event["xaxis.range[1]"];
  if (typeof start !== "number" || typeof end !== "number" || !(end > start)) return null;
  return { start, end };
}

/** The request for a window drawn `pixels` wide on a line of `length` elements. */
export function lineFetch(window: LineWindow, length: number, pixels: number): LineFetch {
  const span = window.end - window.start;
  const start = Math.max(0, Math.floor(window.start - span / 2));
  const end = Math.min(length, Math.ceil(window.end + span / 2) + 1);
  const width = Math.max(1, Math.round(pixels));
  const elementsPerPixel = span / width;
  const maxPoints = elementsPerPixel <= ELEMENTS_PER_PIXEL_DRAWN ? end - start : Math.ceil(((end - start) / span) * width);
  return { start, end, maxPoints: Math.max(1, maxPoints) };
}

/**
 * The value range of the buckets inside the window, padded by 5 % (the y axis
 * fits what is shown, not the half windows fetched beside it); null when no
 * finite value is in view.
 */
export function visibleValueRange(x: ArrayLike<number>, min: ArrayLike<number>, max: ArrayLike<number>, window: LineWindow): [number, number] | null {
  const buckets = x.length;
  const step = buckets > 1 ? x[1] - x[0] : 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < min.length; i++) {
    const at = x[i % buckets];
    if (at + step <= window.start || at > window.end) continue;
    if (min[i] < lo) lo = min[i];
    if (max[i] > hi) hi = max[i];
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.abs(hi) * 0.05 || 1;
  return [lo - pad, hi + pad];
}
