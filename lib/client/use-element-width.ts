"use client";
// The width of an element in CSS pixels, updated when it resizes. Measured in
// a layout effect: a plot sized by it asks for its data before the first paint
// rather than one frame (and one passive-effect turn) later.
import { useLayoutEffect, useState, type RefObject } from "react";

export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth((w) => (Math.abs(w - el.clientWidth) > 8 ? el.clientWidth : w)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
