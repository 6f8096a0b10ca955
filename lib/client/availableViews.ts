// Which views suit an array, and which one opens first.
import type { ViewKind } from "./viewState";
import type { ArraySummary } from "./workerProtocol";

/** H×W×3 or H×W×4 of uint8, or of floats meant to lie in [0, 1]. */
export function isRgbLike(summary: ArraySummary): boolean {
  const { shape, dtypeKind, descr } = summary;
  const channels = shape[shape.length - 1];
  if (shape.length < 3 || (channels !== 3 && channels !== 4)) return false;
  return dtypeKind === "float" || (dtypeKind === "uint" && /u1'/.test(descr));
}

export function availableViews(summary: ArraySummary): ViewKind[] {
  if (summary.shape.length === 0) return ["table"];
  if (!summary.isNumeric) return ["table"];
  const views: ViewKind[] = [];
  if (isRgbLike(summary)) views.push("image");
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
