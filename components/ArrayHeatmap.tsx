"use client";
// The heatmap of a 2-D plane (of a 2-D array or a slice of an N-D one). The
// worker downsamples it to the plot's pixel size and colours it; the page
// only places the finished image, so big arrays never block the main thread.
// Hover shows the exact element under the pointer, or the min/max of the
// block a downsampled cell stands for.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ArrayWorker } from "@/lib/client/arrayWorker";
import { formatNumber } from "@/lib/client/colorScale";
import { heatmapTraces } from "@/lib/client/heatmapTrace";
import { drawInto } from "@/lib/client/loadPlotly";
import { baseLayout, currentPlotTheme } from "@/lib/client/plotTheme";
import { useElementWidth } from "@/lib/client/useElementWidth";
import { useLatestCall } from "@/lib/client/useLatestCall";
import type { ViewState } from "@/lib/client/viewState";
import type { HeatmapRequest, HoverResult, NumericSource } from "@/lib/client/workerProtocol";
import { HeatmapControls } from "./HeatmapControls";

const MAX_PLOT_HEIGHT = 720;
const MIN_PLOT_HEIGHT = 160;
/** After the last of a run of swapped frames, Plotly redraws once so zoom and pan start from what is shown. */
const SETTLE_MS = 300;
const PLOT_MARGIN_X = 130;

interface Props {
  worker: ArrayWorker;
  shape: number[];
  source: NumericSource;
  state: ViewState;
  xAxis: number;
  yAxis: number;
  onChange: (patch: Partial<ViewState>) => void;
  /** Frames moved per step along the slider axis, so the worker fetches the right neighbours ahead. */
  step?: number;
  /** Called once a frame is on screen, with its indices and colour domain. */
  onPainted?: (indices: number[], domain: [number, number] | null) => void;
}

export function ArrayHeatmap({ worker, shape, source, state, xAxis, yAxis, onChange, step = 1, onPainted }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const [painted, setPainted] = useState(false);
  const [hover, setHover] = useState<HoverResult | null>(null);
  /** What Plotly last drew, except the image itself: a frame that differs only in its image just swaps it. */
  const drawnLayout = useRef<string | null>(null);
  /** The indices of the frame on screen, for hover (a swapped frame keeps Plotly's listener). */
  const frameOnScreen = useRef<number[]>([]);

  const nx = shape[xAxis];
  const ny = shape[yAxis];
  const plotWidth = Math.max(200, width - PLOT_MARGIN_X);
  const naturalHeight = Math.round((plotWidth * ny) / nx);
  const plotHeight = Math.min(MAX_PLOT_HEIGHT, Math.max(MIN_PLOT_HEIGHT, naturalHeight));
  // Square cells unless that would make the plot a sliver (a (3, 10000) array) or a needle: then cells stretch.
  const squareCells = naturalHeight === plotHeight;
  const indices = shape.map((_, i) => state.indices[i] ?? 0);
  const indicesKey = indices.join(",");

  const request = useMemo(
    (): { worker: ArrayWorker; args: HeatmapRequest } | null =>
      width === 0
        ? null
        : {
            worker,
            args: {
              ...source,
              xAxis,
              yAxis,
              indices: indicesKey.split(",").map(Number),
              maxWidth: Math.round(plotWidth),
              maxHeight: plotHeight,
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
    // indicesKey stands for indices
    [worker, source, xAxis, yAxis, indicesKey, plotWidth, plotHeight, width, state.clipPercent, state.reduce, state.colormap, state.reverse, state.scale, state.domainMin, state.domainMax, step],
  );
  const answer = useLatestCall(request, (r) => r.worker.call("heatmap", r.args));
  const result = answer?.result ?? null;
  const error = answer?.error ?? null;
  const shownIndices = answer?.args.args.indices;

  useEffect(() => {
    const el = plot.current;
    if (!el || !result?.image) return;
    let cancelled = false;
    let settle: ReturnType<typeof setTimeout> | undefined;
    setPainted(false);
    const painting = shownIndices ?? indices;
    const markPainted = () =>
      requestAnimationFrame(() => {
        if (cancelled) return;
        performance.mark("heatmap:painted");
        setPainted(true);
        onPainted?.(painting, result.domain);
      });
    const look = { colormap: state.colormap, reverse: state.reverse, scale: state.scale };
    const layoutKey = JSON.stringify([result.width, result.height, result.factorX, result.factorY, result.domain, look, plotHeight, squareCells, xAxis, yAxis]);
    const fullDraw = () =>
      drawInto(el, async (Plotly) => {
        if (cancelled) return;
        performance.mark("heatmap:plotly");
        const theme = currentPlotTheme();
        const layout = baseLayout(theme);
        const graph = await Plotly.react(
          el,
          heatmapTraces(result, look, theme.text),
          {
            ...layout,
            height: plotHeight + 48,
            xaxis: { ...(layout.xaxis as object), title: { text: `axis ${xAxis}` }, showgrid: false, zeroline: false },
            yaxis: { ...(layout.yaxis as object), title: { text: `axis ${yAxis}` }, showgrid: false, zeroline: false, autorange: "reversed", scaleanchor: squareCells ? "x" : false },
            uirevision: `${xAxis}-${yAxis}`,
          },
          { responsive: true, displaylogo: false, scrollZoom: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] },
        );
        drawnLayout.current = layoutKey;
        frameOnScreen.current = painting;
        graph.removeAllListeners?.("plotly_hover");
        graph.on("plotly_hover", (event) => {
          const point = event.points[0];
          if (!point) return;
          const cellX = Math.round((point.x - (result.factorX - 1) / 2) / result.factorX);
          const cellY = Math.round((point.y - (result.factorY - 1) / 2) / result.factorY);
          if (cellX < 0 || cellY < 0 || cellX >= result.width || cellY >= result.height) return;
          worker
            .call("hover", { ...source, xAxis, yAxis, indices: frameOnScreen.current, cellX, cellY, factorX: result.factorX, factorY: result.factorY })
            .then(setHover, () => setHover(null));
        });
        markPainted();
      });
    // Stepping, dragging and playback change only the image (when the colours are held or the domain
    // did not move): replacing the picture Plotly drew is far cheaper than a redraw.
    const image = el.querySelector<SVGImageElement>(".imagelayer image");
    if (image && drawnLayout.current === layoutKey) {
      drawInto(el, () => {
        if (cancelled) return;
        image.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", result.image!);
        frameOnScreen.current = painting;
        markPainted();
        settle = setTimeout(fullDraw, SETTLE_MS);
      });
    } else fullDraw();
    return () => {
      cancelled = true;
      clearTimeout(settle);
    };
    // the look fields are read from the same render as result
  }, [result, plotHeight]);

  useEffect(() => {
    const el = plot.current;
    return () => {
      if (el) drawInto(el, (Plotly) => Plotly.purge(el));
    };
  }, []);

  const downsampled = result && (result.factorX > 1 || result.factorY > 1);
  return (
    <div ref={box} className="flex flex-col gap-3">
      <HeatmapControls state={state} onChange={onChange} domainError={result?.domain ? result.domainError : null} />
      {(error || (result && !result.domain)) && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error ?? result?.domainError}
        </p>
      )}
      <div ref={plot} data-testid="heatmap" data-painted={painted ? "true" : "false"} data-frame={shownIndices?.join(",")} className="w-full" style={{ minHeight: plotHeight + 48 }} />
      <div className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        {result && (
          <span data-testid="heatmap-factor">
            {downsampled
              ? `Downsampled ${result.factorY}×${result.factorX} (block ${state.reduce === "mean" ? "means" : state.reduce === "max" ? "maxima" : "minima"}) to ${result.height}×${result.width}`
              : `Full resolution ${result.height}×${result.width}`}
          </span>
        )}
        {result?.domain && (
          <span>
            Domain {formatNumber(result.domain[0])} … {formatNumber(result.domain[1])} {result.domainAuto ? "(auto)" : "(manual)"}
          </span>
        )}
        <span data-testid="heatmap-hover" className="font-mono">
          {hover ? hoverText(hover, xAxis, yAxis) : "Hover the heatmap for values; drag to pan, wheel to zoom, double-click to reset."}
        </span>
      </div>
    </div>
  );
}

function hoverText(hover: HoverResult, xAxis: number, yAxis: number): string {
  if (hover.exact !== null) return `[${hover.from.join(", ")}] = ${hover.exact}`;
  const range = (axis: number) => (hover.from[axis] === hover.to[axis] ? `${hover.from[axis]}` : `${hover.from[axis]}–${hover.to[axis]}`);
  return `axis ${yAxis} ${range(yAxis)}, axis ${xAxis} ${range(xAxis)}: min ${formatNumber(hover.blockMin ?? NaN)}, max ${formatNumber(hover.blockMax ?? NaN)}`;
}
