"use client";
// A huge plane's first answer is a strided sample (one element per cell,
// quick); once it has rested on screen for a moment, this asks for the same
// cells as reductions of their whole blocks, done by the server, and hands that answer on to replace the sample
// in place: band by band as the server finishes them, then whole. A newer answer (another window, frame or colour setting) makes the
// old refinement moot: its answer is dropped, and the worker stops fetching it
// once it is asked about another window.
import { useEffect, useState } from "react";
import type { HeatmapCall } from "./use-heatmap-frame";
import type { LatestAnswer } from "./use-latest-call";
import type { HeatmapResult } from "./worker-protocol";

/**
 * The sample must rest this long before its refinement starts: it reads every
 * element of the window (seconds for a 512 MiB plane), which a view still
 * being zoomed or stepped through would only throw away.
 */
const REFINE_AFTER_MS = 500;

type FrameAnswer = LatestAnswer<HeatmapCall, HeatmapResult>;

export interface HeatmapRefinement {
  /** The answer to show: the refined one once it came (or the part refined so far), else the frame's own. */
  answer: FrameAnswer | null;
  /** The sample on screen is being refined. */
  refining: boolean;
  /** The share of the blocks refined so far, 0 to 1, while refining. */
  progress: number;
}

interface Refined {
  of: FrameAnswer;
  answer: FrameAnswer | null;
  /** The whole refinement landed (or failed): not a part of it. */
  done: boolean;
  progress: number;
}

/** `asked`: the frame's request now (useHeatmapFrame's): an answer to any other is already being replaced, and not worth refining. */
export function useHeatmapRefinement(answer: FrameAnswer | null, asked: HeatmapCall | null): HeatmapRefinement {
  const [refined, setRefined] = useState<Refined | null>(null);
  // A sample of the view still wanted: a zoom, pan, resize, step or colour change already on its way stops the wait (or the call) here.
  const sampled = answer?.result?.sampled === true && answer.args === asked;
  useEffect(() => {
    if (!answer || !sampled) return;
    let wanted = true;
    const { worker, args } = answer.args;
    const refinedArgs = { worker, args: { ...args, detail: "blocks" as const } };
    const timer = setTimeout(() => {
      worker
        .call("heatmap", refinedArgs.args, [], (progress, partial) => {
          // A part refined is still hovered as the sample it is drawn over: its args stay the sample's.
          if (wanted && partial && progress.total)
            setRefined({ of: answer, answer: { args: answer.args, result: partial, error: null }, done: false, progress: progress.received / progress.total });
        })
        .then(
          (result) => wanted && setRefined({ of: answer, answer: { args: refinedArgs, result, error: null }, done: true, progress: 1 }),
          // A refinement that fails or is stopped leaves the sample on screen, which says what it is.
          () => wanted && setRefined({ of: answer, answer: null, done: true, progress: 0 }),
        );
    }, REFINE_AFTER_MS);
    return () => {
      wanted = false;
      clearTimeout(timer);
    };
  }, [answer, sampled]);
  const current = refined?.of === answer ? refined : null;
  return { answer: current?.answer ?? answer, refining: sampled && !current?.done, progress: current?.progress ?? 0 };
}
