"use client";
// Hover over the heatmap's canvas, always about the frame on screen.
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { ArrayWorker } from "./array-worker";
import { cellAt, toElement, type ViewRanges } from "./heatmap-geometry";
import type { CellGrid, HeatmapRequest, HoverResult } from "./worker-protocol";

/** What the canvas shows: the picture, its cells, and the request it answers (hover asks about the same cut). */
export interface ShownFrame {
  image: ImageBitmap | null;
  grid: CellGrid;
  request: HeatmapRequest;
}

/**
 * Hover over the canvas: the pointer's element is looked up in the cut on
 * screen, one question to the worker at a time (the latest wins), and asked
 * again whenever another frame is painted under a resting pointer (not once it has left).
 */
export function useHeatmapHover(
  worker: ArrayWorker,
  shown: React.RefObject<ShownFrame | null>,
  area: { left: number; top: number; width: number; height: number },
  ranges: React.RefObject<{ ranges: ViewRanges }>,
  setHover: (hover: HoverResult | null) => void,
) {
  const pointer = useRef<[number, number] | null>(null);
  const busy = useRef(false);
  const queued = useRef(false);
  const geometry = useRef(area);
  useEffect(() => {
    geometry.current = area;
  });

  const ask = useCallback(() => {
    const askNow = () => {
      if (busy.current) {
        queued.current = true;
        return;
      }
      const at = pointer.current;
      const current = shown.current;
      if (!at || !current) return;
      const [x, y] = toElement(ranges.current.ranges, geometry.current, at[0], at[1]);
      const cell = cellAt(current.grid, x, y);
      if (!cell) return;
      busy.current = true;
      const done = () => {
        busy.current = false;
        if (queued.current) {
          queued.current = false;
          askNow();
        }
      };
      worker
        .call("hover", { ...current.request, cellX: cell[0], cellY: cell[1] })
        .then(
          (answer) => {
            if (answer) setHover(answer);
          },
          () => setHover(null),
        )
        .finally(done);
    };
    askNow();
  }, [worker, shown, ranges, setHover]);

  const move = useCallback(
    (event: React.MouseEvent<HTMLDivElement>) => {
      const rect = event.currentTarget.getBoundingClientRect();
      const px = event.clientX - rect.left - geometry.current.left;
      const py = event.clientY - rect.top - geometry.current.top;
      if (px < 0 || py < 0 || px >= geometry.current.width || py >= geometry.current.height) return;
      pointer.current = [px, py];
      ask();
    },
    [ask],
  );

  // A pointer that has left rests on no element: new frames need not be asked about it.
  const leave = useCallback(() => {
    pointer.current = null;
  }, []);

  return useMemo(() => ({ move, leave, again: ask }), [move, leave, ask]);
}
