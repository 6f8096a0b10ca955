"use client";
// During playback the heatmap asks the worker for the next frame as soon as it
// has asked for the current one, so the worker computes frame k+1 while the
// page draws frame k; the request for k+1, when it comes, takes that answer
// instead of asking again. One frame is held ahead at most; one nobody takes
// is dropped (and its bitmap closed) when another replaces it.
import { useCallback, useEffect, useRef } from "react";
import type { ArrayWorker } from "./array-worker";
import type { HeatmapRequest, HeatmapResult } from "./worker-protocol";

interface Ahead {
  worker: ArrayWorker;
  key: string;
  answer: Promise<HeatmapResult>;
}

function drop(ahead: Ahead | null): void {
  ahead?.answer.then(
    (result) => result.image?.close(),
    () => undefined,
  );
}

/**
 * `next` gives the indices of the frame after the one asked for (null when not playing).
 * Returns the heatmap call to hand to useLatestCall.
 */
export function useFrameAhead(
  next: (indices: number[]) => number[] | null,
): (request: { worker: ArrayWorker; args: HeatmapRequest }) => Promise<HeatmapResult> {
  const ahead = useRef<Ahead | null>(null);
  const upcoming = useRef(next);
  useEffect(() => {
    upcoming.current = next;
  });
  useEffect(() => () => drop(ahead.current), []);

  return useCallback(({ worker, args }) => {
    const key = JSON.stringify(args);
    const held = ahead.current;
    let answer: Promise<HeatmapResult>;
    if (held && held.worker === worker && held.key === key) {
      ahead.current = null;
      answer = held.answer;
    } else answer = worker.call("heatmap", args);
    const indices = upcoming.current(args.indices);
    if (indices) {
      const nextArgs = { ...args, indices };
      const nextKey = JSON.stringify(nextArgs);
      if (!(ahead.current?.worker === worker && ahead.current.key === nextKey)) {
        drop(ahead.current);
        ahead.current = { worker, key: nextKey, answer: worker.call("heatmap", nextArgs) };
      }
    }
    return answer;
  }, []);
}
