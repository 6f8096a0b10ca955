"use client";
// The array page's view state in the URL (see useUrlState).
import { useUrlState } from "./useUrlState";
import { parseViewState, serializeViewState, type ViewState } from "./viewState";

export function useViewState(): [ViewState, (patch: Partial<ViewState>) => void] {
  return useUrlState(parseViewState, serializeViewState);
}
