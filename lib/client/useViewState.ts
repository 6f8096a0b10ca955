"use client";
// The array page's view state, read from the URL once and written back (with
// history.replaceState, which Next keeps in sync) whenever it changes.
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { parseViewState, serializeViewState, type ViewState } from "./viewState";

const URL_WRITE_DELAY_MS = 150;

export function useViewState(): [ViewState, (patch: Partial<ViewState>) => void] {
  const search = useSearchParams();
  const [state, setState] = useState<ViewState>(() => parseViewState(new URLSearchParams(search.toString())));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const query = serializeViewState(state);
      const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
      if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
    }, URL_WRITE_DELAY_MS);
    return () => clearTimeout(timer.current);
  }, [state]);

  const update = useCallback((patch: Partial<ViewState>) => setState((s) => ({ ...s, ...patch })), []);
  return [state, update];
}
