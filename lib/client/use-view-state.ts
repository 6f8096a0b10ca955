"use client";
// The array page's view state in the URL (see useUrlState).
import { useUrlState } from "./use-url-state";
import { parseViewState, serializeViewState, type ViewState } from "./view-state";

export function useViewState(): [ViewState, (patch: Partial<ViewState>) => void] {
  return useUrlState(parseViewState, serializeViewState);
}
