"use client";
// A page's state kept in the URL query: read once, written back (with
// history.replaceState, which Next keeps in sync) a moment after each change,
// so Back returns to it and a copied link reproduces it.
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

const URL_WRITE_DELAY_MS = 150;

export function useUrlState<T extends object>(parse: (query: URLSearchParams) => T, serialize: (state: T) => string): [T, (patch: Partial<T>) => void] {
  const search = useSearchParams();
  const [state, setState] = useState<T>(() => parse(new URLSearchParams(search.toString())));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const write = () => {
      clearTimeout(timer.current);
      document.removeEventListener("click", write, true);
      const query = serialize(state);
      const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
      if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
    };
    timer.current = setTimeout(write, URL_WRITE_DELAY_MS);
    // A click may start a navigation (a link to an array): a replaceState landing while
    // Next is navigating cancels it, so a pending write goes out first, before the link acts.
    document.addEventListener("click", write, true);
    return () => {
      clearTimeout(timer.current);
      document.removeEventListener("click", write, true);
    };
  }, [state, serialize]);

  const update = useCallback((patch: Partial<T>) => setState((s) => ({ ...s, ...patch })), []);
  return [state, update];
}
