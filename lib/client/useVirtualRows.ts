"use client";
// Tracks a scroll container's position and size and answers which rows to
// render. Scroll updates are coalesced to one per animation frame.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { visibleRows, type RowWindow } from "./virtualRows";

export function useVirtualRows(container: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 8): RowWindow {
  const [viewport, setViewport] = useState({ top: 0, height: 600 });
  const frame = useRef(0);

  const measure = useCallback(() => {
    const el = container.current;
    if (el) setViewport({ top: el.scrollTop, height: el.clientHeight });
  }, [container]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    measure();
    const onScroll = () => {
      if (frame.current) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        measure();
      });
    };
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      el.removeEventListener("scroll", onScroll);
      resize.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [container, measure]);

  return visibleRows(count, rowHeight, viewport.top, viewport.height, overscan);
}
