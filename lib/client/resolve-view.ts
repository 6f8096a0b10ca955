// What the array page shows, from the array's description and the view state
// in the URL. A URL may be stale or hand-edited (a view this array does not
// offer, an axis it does not have, a field of another dtype): every choice
// falls back to the default rather than failing, so any link opens something.
import { availableViews, defaultView, type ViewableArray } from "./available-views";
import type { ComplexPart, ViewKind, ViewState } from "./view-state";

/** The parts of the URL's view state that say what is shown (the rest styles it). */
export type ViewChoice = Pick<ViewState, "view" | "field" | "complexPart" | "xAxis" | "yAxis">;

export interface ResolvedView {
  /** The views this array offers, in tab order; none before the array is described. */
  views: ViewKind[];
  /** The view shown; null before the array is described. */
  view: ViewKind | null;
  /** The structured field plotted; undefined for a dtype without numeric fields. */
  field: string | undefined;
  /** How complex values are turned into numbers; undefined for real dtypes. */
  complexPart: ComplexPart | undefined;
  /** The array axes along the plane's x and y; both 0 for 0-d and 1-d arrays. */
  xAxis: number;
  yAxis: number;
}

export function resolveView(description: ViewableArray | null, choice: ViewChoice): ResolvedView {
  const ndim = description?.shape.length ?? 0;
  const views = description ? availableViews(description) : [];
  const { xAxis, yAxis } = resolveAxes(ndim, choice.xAxis, choice.yAxis);
  return {
    views,
    view: description ? (choice.view && views.includes(choice.view) ? choice.view : defaultView(description)) : null,
    field: description ? resolveField(description.numericFields, choice.field) : undefined,
    complexPart: description?.isComplex ? choice.complexPart : undefined,
    xAxis,
    yAxis,
  };
}

/** An index on every one of ndim axes, 0 where the URL gives none. */
export function paddedIndices(ndim: number, asked: readonly number[]): number[] {
  return Array.from({ length: ndim }, (_, axis) => asked[axis] ?? 0);
}

function resolveField(numericFields: readonly string[], asked: string | null): string | undefined {
  if (numericFields.length === 0) return undefined;
  return asked !== null && numericFields.includes(asked) ? asked : numericFields[0];
}

/** x defaults to the last axis and y to the one before it (numpy's rows and columns); y never equals x when there are two axes or more. */
function resolveAxes(ndim: number, askedX: number | null, askedY: number | null): { xAxis: number; yAxis: number } {
  const xAxis = askedX !== null && askedX < ndim ? askedX : Math.max(0, ndim - 1);
  if (askedY !== null && askedY < ndim && askedY !== xAxis) return { xAxis, yAxis: askedY };
  const yDefault = ndim - 2 === xAxis ? ndim - 1 : ndim - 2;
  return { xAxis, yAxis: Math.max(0, yDefault) };
}
