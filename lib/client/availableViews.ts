// Which views suit an array, and which one opens first.
import type { ViewKind } from "./viewState";
import type { ArraySummary } from "./workerProtocol";

export function availableViews(summary: ArraySummary): ViewKind[] {
  if (summary.shape.length === 0) return ["table"];
  if (!summary.isNumeric) return ["table"];
  const views: ViewKind[] = [];
  if (summary.isImage) views.push("image");
  if (summary.shape.length >= 2) views.push("heatmap");
  if (summary.shape.length === 1) views.push("line");
  views.push("histogram", "table");
  return views;
}

export function defaultView(summary: ArraySummary): ViewKind {
  return availableViews(summary)[0];
}

export const VIEW_LABELS: Record<ViewKind, string> = {
  heatmap: "Heatmap",
  image: "Image",
  line: "Line",
  histogram: "Histogram",
  table: "Values",
};
