/** Several parallel lines of a view bucketed alike (lineEnvelope), packed for one transfer: a 1-D array's line, or a plane's row or column profiles. */
import type { NumericView } from "./numeric";
import { pyramidEnvelope, type LinePyramid } from "./line-pyramid";
import { lineEnvelope, type LineRange } from "./plane";

export interface LineEnvelopes {
  /** Where each bucket starts along the axis, shared by every line. */
  x: Float64Array;
  /** lines.length × x.length: line r's buckets at r·x.length. */
  min: Float64Array;
  max: Float64Array;
  /** Elements per bucket: 1 means every element is drawn as it is. */
  factor: number;
}

/** Which lines: along `axis`, one per index in `lines` along `acrossAxis` (-1: the same line each time), other axes fixed at `indices`. */
export interface LinesSelection {
  axis: number;
  acrossAxis: number;
  lines: readonly number[];
  indices: readonly number[];
}

/**
 * `pyramidOf` may give a line's min/max pyramid (see line-pyramid.ts), kept by
 * the caller across zooms: that line is then bucketed from it instead of scanned.
 */
export function lineEnvelopes(
  view: NumericView,
  selection: LinesSelection,
  maxPoints: number,
  range: LineRange,
  pyramidOf?: (indices: number[]) => LinePyramid | null,
): LineEnvelopes {
  const { axis, acrossAxis } = selection;
  const envelopes = selection.lines.map((line) => {
    const indices = [...selection.indices];
    if (acrossAxis >= 0) indices[acrossAxis] = line;
    const pyramid = pyramidOf?.(indices);
    return pyramid ? pyramidEnvelope(pyramid, maxPoints, range) : lineEnvelope(view, maxPoints, axis, { xAxis: axis, yAxis: -1, indices }, range);
  });
  const x = envelopes[0]?.x ?? new Float64Array(0);
  const min = new Float64Array(envelopes.length * x.length);
  const max = new Float64Array(envelopes.length * x.length);
  envelopes.forEach((e, r) => {
    min.set(e.min, r * x.length);
    max.set(e.max, r * x.length);
  });
  return { x, min, max, factor: x.length > 1 ? x[1] - x[0] : 1 };
}
