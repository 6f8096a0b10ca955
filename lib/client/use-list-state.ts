"use client";
// The browse list's state in the URL, so Back from an array page returns to the
// same filter, sort, tree, open folders and scroll position.
import { parseListState, serializeListState, type ListState } from "./list-state";
import { useUrlState } from "./use-url-state";

export function useListState(): [ListState, (patch: Partial<ListState>) => void] {
  return useUrlState(parseListState, serializeListState);
}
