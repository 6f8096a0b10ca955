// Which views suit an array, and which one opens first.
import { hasShortAxis } from "./line-profile";
import type { ViewKind } from "./view-state";
import type { ArrayDescription } from "./worker-protocol";

/** What choosing views needs to know of an array: its shape and what kind of values it holds. */
export type ViewableArray = Pick<ArrayDescription, "shape" | "isNumeric" | "isImage" | "numericFields" | "isComplex">;

export function availableViews(summary: ViewableArray): ViewKind[] {
  if (summary.shape.length === 0) return ["table"];
  if (!summary.isNumeric) return ["table"];
  const views: ViewKind[] = [];
  if (summary.isImage) views.push("image");
  // A (3, 10000) array is three lines before it is a picture; its heatmap stays one tab away.
  if (hasShortAxis(summary.shape)) views.push("line", "heatmap");
  else if (summary.shape.length >= 2) views.push("heatmap", "line");
  else views.push("line");
  views.push("histogram", "table");
  return views;
}

export function defaultView(summary: ViewableArray): ViewKind {
  return availableViews(summary)[0];
}

export const VIEW_LABELS: Record<ViewKind, string> = {
  heatmap: "Heatmap",
  image: "Image",
  line: "Line",
  histogram: "Histogram",
  table: "Values",
};
