"use client";
// The width of an element in CSS pixels, updated when it resizes.
import { useEffect, useState, type RefObject } from "react";

export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth((w) => (Math.abs(w - el.clientWidth) > 8 ? el.clientWidth : w)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
