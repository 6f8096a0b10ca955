"use client";
// What the array page needs to hear of each painted heatmap frame, kept out of
// React state so a painted frame does not render the whole page again: the
// frame's colour domain (for "same colours for every frame"), and, when the
// frame is the one the page asks for, its index to the playback loop.
import { useCallback, useLayoutEffect, useMemo, useRef } from "react";

export interface PaintedFrame {
  /** The heatmap calls this for every frame it paints. */
  report: (shown: number[], domain: [number, number] | null) => void;
  /** The colour domain of the frame on screen (null before one is painted, or when it has none). */
  domain: () => [number, number] | null;
}

export function usePaintedFrame(indices: number[], playAxis: number, framePainted: (index: number) => void): PaintedFrame {
  const domain = useRef<[number, number] | null>(null);
  // A layout effect runs before the heatmap's paint effects of the same commit: they compare with this render's indices.
  const wanted = useRef({ key: indices.join(","), playAxis, framePainted });
  useLayoutEffect(() => {
    wanted.current = { key: indices.join(","), playAxis, framePainted };
  });
  const report = useCallback((shown: number[], shownDomain: [number, number] | null) => {
    domain.current = shownDomain;
    const { key, playAxis, framePainted } = wanted.current;
    if (playAxis >= 0 && shown.join(",") === key) framePainted(shown[playAxis]);
  }, []);
  const currentDomain = useCallback(() => domain.current, []);
  return useMemo(() => ({ report, domain: currentDomain }), [report, currentDomain]);
}
