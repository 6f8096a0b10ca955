"use client";
// What the line plot shows: the lines asked for the window on screen at the
// plot's resolution, at most one call in flight, the latest answer kept. The
// request is returned with the answer so the drawing can tell whether the
// answer on hand is for the window wanted or one a zoom has since left.
import { useMemo } from "react";
import type { ArrayWorker } from "./array-worker";
import { lineFetch, type LineWindow } from "./line-window";
import { useLatestCall, type LatestAnswer } from "./use-latest-call";
import type { LineRequest, LineResult, NumericSource } from "./worker-protocol";

export interface LineCall {
  worker: ArrayWorker;
  args: LineRequest;
}

export interface LineAnswerInputs {
  worker: ArrayWorker;
  source: NumericSource;
  /** Elements along the line. */
  length: number;
  axis: number;
  /** The axis `rows` index (a plane's profiles); null for a 1-D array. */
  acrossAxis: number | null;
  rows: number[];
  /** One index per axis of the array (those of axis and acrossAxis are ignored), the same array while they stay the same. */
  indices: number[];
  /** The window on screen. */
  shown: LineWindow;
  /** Pixels the lines span, null before the plot is measured: nothing is asked until then. */
  pixels: number | null;
}

export interface LineAnswer {
  /** The request for what is wanted now (null before the plot is measured). */
  request: LineCall | null;
  /** The latest answer with the request it answers (null before the first). */
  answer: LatestAnswer<LineCall, LineResult> | null;
}

export function useLineAnswer({ worker, source, length, axis, acrossAxis, rows, indices, shown, pixels }: LineAnswerInputs): LineAnswer {
  const rowsKey = rows.join(",");
  // lineFetch answers a new object each render, most often for the same window: its fields key the request.
  const wanted = pixels === null ? null : lineFetch(shown, length, pixels);
  const wantedKey = wanted && `${wanted.start},${wanted.end},${wanted.maxPoints}`;

  const request = useMemo((): LineCall | null => {
    if (!wantedKey) return null;
    const [start, end, maxPoints] = wantedKey.split(",").map(Number);
    const rows = rowsKey.split(",").map(Number);
    return { worker, args: { ...source, axis, acrossAxis, rows, indices, start, end, maxPoints } };
  }, [worker, source, axis, acrossAxis, rowsKey, indices, wantedKey]);
  const answer = useLatestCall(request, (r) => r.worker.call("line", r.args));
  return { request, answer };
}
