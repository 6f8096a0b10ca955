"use client";
// A scroll container's position and size in both directions, read at most
// once per animation frame while it scrolls.
import { useEffect, useRef, useState, type RefObject } from "react";

export interface ScrollViewport {
  top: number;
  left: number;
  width: number;
  height: number;
}

export function useScrollViewport(container: RefObject<HTMLElement | null>): ScrollViewport {
  const [viewport, setViewport] = useState<ScrollViewport>({ top: 0, left: 0, width: 800, height: 600 });
  const frame = useRef(0);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const measure = () => setViewport({ top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth, height: el.clientHeight });
    const onScroll = () => {
      if (frame.current) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        measure();
      });
    };
    // A ResizeObserver reports the element once when observing starts: that is the first reading.
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      el.removeEventListener("scroll", onScroll);
      resize.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [container]);

  return viewport;
}
