"use client";
// What the heatmap shows: the request for the plane cut to the plot's area (the
// zoom window in view, the colour settings, the indices of the frame), asked
// with the next frame fetched ahead during playback and at most one call in
// flight, the latest answer kept whatever newer request is waiting.
import { useEffect, useMemo } from "react";
import type { ArrayWorker } from "./array-worker";
import { useFrameAhead } from "./use-frame-ahead";
import { useLatestCall, type LatestAnswer } from "./use-latest-call";
import type { ViewState } from "./view-state";
import type { ElementWindow, HeatmapRequest, HeatmapResult, NumericSource } from "./worker-protocol";

export interface HeatmapFrameInputs {
  worker: ArrayWorker;
  source: NumericSource;
  state: ViewState;
  xAxis: number;
  yAxis: number;
  /** The frame: an index on every axis (those of xAxis and yAxis unused), the same array while they stay the same. */
  indices: number[];
  /** The zoomed part of the plane, null for all of it. */
  elementWindow: ElementWindow | null;
  /** The width the plot has, 0 before it is measured: nothing is asked until then. */
  available: number;
  /** The plot area in CSS pixels: the picture is cut to it. */
  area: { width: number; height: number };
  /** Frames moved per step along the slider axis, so the worker fetches the right neighbours ahead. */
  step: number;
  /** During playback, the indices of the frame after the one given, asked for ahead; null otherwise. */
  nextPlayed: (indices: number[]) => number[] | null;
}

/** A call for a frame: the worker asked and what it is asked. */
export type HeatmapCall = { worker: ArrayWorker; args: HeatmapRequest };

export interface HeatmapFrame {
  /** What is asked now (null until the plot is measured): an answer is to it when its args are this very object. */
  request: HeatmapCall | null;
  /** The latest answer with the request it answers (null before the first). */
  answer: LatestAnswer<HeatmapCall, HeatmapResult> | null;
  result: HeatmapResult | null;
  error: string | null;
  /** The indices of the frame the answer is for. */
  shownIndices: number[] | undefined;
}

export function useHeatmapFrame({
  worker,
  source,
  state,
  xAxis,
  yAxis,
  indices,
  elementWindow,
  available,
  area,
  step,
  nextPlayed,
}: HeatmapFrameInputs): HeatmapFrame {
  const request = useMemo(
    (): HeatmapCall | null =>
      available === 0
        ? null
        : {
            worker,
            args: {
              ...source,
              xAxis,
              yAxis,
              indices,
              window: elementWindow,
              maxWidth: Math.round(area.width),
              maxHeight: Math.round(area.height),
              reduce: state.reduce,
              clipPercent: state.clipPercent,
              colormap: state.colormap,
              reverse: state.reverse,
              scale: state.scale,
              domainMin: state.domainMin,
              domainMax: state.domainMax,
              step,
            },
          },
    [
      worker,
      source,
      xAxis,
      yAxis,
      indices,
      elementWindow,
      area.width,
      area.height,
      available,
      state.clipPercent,
      state.reduce,
      state.colormap,
      state.reverse,
      state.scale,
      state.domainMin,
      state.domainMax,
      step,
    ],
  );
  const askHeatmap = useFrameAhead(nextPlayed);
  const answer = useLatestCall(request, askHeatmap);
  // Stages of the first frame for bench:ui: when the plot knew its size and asked, and when the answer came.
  const asked = request !== null;
  useEffect(() => {
    if (asked) performance.mark("heatmap:asked");
  }, [asked]);
  return { request, answer, result: answer?.result ?? null, error: answer?.error ?? null, shownIndices: answer?.args.args.indices };
}
