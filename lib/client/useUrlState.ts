"use client";
// A page's state kept in the URL query: read once, written back (with
// history.replaceState, which Next keeps in sync) a moment after each change,
// so Back returns to it and a copied link reproduces it.
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

const URL_WRITE_DELAY_MS = 150;

export function useUrlState<T extends object>(
  parse: (query: URLSearchParams) => T,
  serialize: (state: T) => string,
): [T, (patch: Partial<T>) => void] {
  const search = useSearchParams();
  const [state, setState] = useState<T>(() => parse(new URLSearchParams(search.toString())));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const query = serialize(state);
      const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
      if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
    }, URL_WRITE_DELAY_MS);
    return () => clearTimeout(timer.current);
  }, [state, serialize]);

  const update = useCallback((patch: Partial<T>) => setState((s) => ({ ...s, ...patch })), []);
  return [state, update];
}
