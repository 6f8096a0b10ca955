"use client";
// The heatmap of a 2-D plane (of a 2-D array or a slice of an N-D one),
// downsampled by the worker to the plot's pixel size. Hover shows the exact
// element under the pointer, or the min/max of the block a cell stands for.
import { useEffect, useRef, useState } from "react";
import type { ArrayWorker } from "@/lib/client/arrayWorker";
import { formatNumber, resolveDomain } from "@/lib/client/colorScale";
import { heatmapTrace } from "@/lib/client/heatmapTrace";
import { loadPlotly } from "@/lib/client/loadPlotly";
import { baseLayout, currentPlotTheme } from "@/lib/client/plotTheme";
import { useElementWidth } from "@/lib/client/useElementWidth";
import type { ViewState } from "@/lib/client/viewState";
import type { HoverResult, NumericSource, PlaneResult } from "@/lib/client/workerProtocol";
import { HeatmapControls } from "./HeatmapControls";

const PLANE_CACHE_SIZE = 16;
const MAX_PLOT_HEIGHT = 720;
const PLOT_MARGIN_X = 130;

interface Props {
  worker: ArrayWorker;
  shape: number[];
  source: NumericSource;
  state: ViewState;
  xAxis: number;
  yAxis: number;
  onChange: (patch: Partial<ViewState>) => void;
}

export function ArrayHeatmap({ worker, shape, source, state, xAxis, yAxis, onChange }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<HTMLDivElement>(null);
  const cache = useRef(new Map<string, PlaneResult>());
  const width = useElementWidth(box);
  const [plane, setPlane] = useState<PlaneResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [painted, setPainted] = useState(false);
  const [hover, setHover] = useState<HoverResult | null>(null);

  const nx = shape[xAxis];
  const ny = shape[yAxis];
  const plotWidth = Math.max(200, width - PLOT_MARGIN_X);
  const plotHeight = Math.min(MAX_PLOT_HEIGHT, Math.max(160, Math.round((plotWidth * ny) / nx)));
  const indicesKey = state.indices.join(",");

  useEffect(() => {
    if (width === 0) return;
    const request = {
      ...source,
      xAxis,
      yAxis,
      indices: shape.map((_, i) => state.indices[i] ?? 0),
      maxWidth: Math.round(plotWidth),
      maxHeight: plotHeight,
      reduce: "mean" as const,
      clipPercent: state.clipPercent,
    };
    const key = JSON.stringify(request);
    const hit = cache.current.get(key);
    if (hit) {
      setPlane(hit);
      return;
    }
    let stale = false;
    worker.call("plane", request).then(
      (result) => {
        cache.current.set(key, result);
        if (cache.current.size > PLANE_CACHE_SIZE) cache.current.delete(cache.current.keys().next().value!);
        if (!stale) {
          setPlane(result);
          setError(null);
        }
      },
      (e: unknown) => !stale && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      stale = true;
    };
    // indicesKey stands for state.indices
  }, [worker, source.field, source.complexPart, xAxis, yAxis, indicesKey, plotWidth, plotHeight, state.clipPercent, width]);

  const domain = plane ? resolveDomain(state.scale, state.domainMin, state.domainMax, plane) : null;
  const fallback = plane && domain && !domain.ok ? resolveDomain(state.scale, "", "", plane) : null;
  const usable = domain?.ok ? domain : fallback?.ok ? fallback : null;
  const domainError = domain && !domain.ok ? domain.error : fallback && !fallback.ok ? fallback.error : null;

  useEffect(() => {
    const el = plot.current;
    if (!el || !plane || !usable) return;
    let cancelled = false;
    setPainted(false);
    loadPlotly().then(async (Plotly) => {
      if (cancelled) return;
      const theme = currentPlotTheme();
      const layout = baseLayout(theme);
      const trace = heatmapTrace(plane, { colormap: state.colormap, reverse: state.reverse, scale: state.scale, domain: usable.domain }, theme.text);
      const graph = await Plotly.react(
        el,
        [trace],
        {
          ...layout,
          height: plotHeight + 48,
          xaxis: { ...(layout.xaxis as object), title: { text: `axis ${xAxis}` }, constrain: "domain", showgrid: false },
          yaxis: { ...(layout.yaxis as object), title: { text: `axis ${yAxis}` }, autorange: "reversed", scaleanchor: "x", constrain: "domain", showgrid: false },
          uirevision: `${xAxis}-${yAxis}`,
        },
        { responsive: true, displaylogo: false, scrollZoom: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] },
      );
      graph.removeAllListeners?.("plotly_hover");
      graph.removeAllListeners?.("plotly_unhover");
      graph.on("plotly_hover", (event) => {
        const point = event.points[0];
        if (!point || !Array.isArray(point.pointNumber)) return;
        const [cellY, cellX] = point.pointNumber;
        worker
          .call("hover", { ...source, xAxis, yAxis, indices: shape.map((_, i) => state.indices[i] ?? 0), cellX, cellY, factorX: plane.factorX, factorY: plane.factorY })
          .then(setHover, () => setHover(null));
      });
      requestAnimationFrame(() => !cancelled && setPainted(true));
    });
    return () => {
      cancelled = true;
    };
    // usable is derived from plane and the domain fields listed here
  }, [plane, state.colormap, state.reverse, state.scale, state.domainMin, state.domainMax, plotHeight]);

  useEffect(() => {
    const el = plot.current;
    return () => {
      if (el) loadPlotly().then((Plotly) => Plotly.purge(el));
    };
  }, []);

  const downsampled = plane && (plane.factorX > 1 || plane.factorY > 1);
  return (
    <div ref={box} className="flex flex-col gap-3">
      <HeatmapControls state={state} onChange={onChange} domainError={domainError} />
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <div className="relative">
        <div ref={plot} data-testid="heatmap" data-painted={painted ? "true" : "false"} className="w-full" style={{ minHeight: plotHeight + 48 }} />
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        {plane && (
          <span data-testid="heatmap-factor">
            {downsampled ? `Downsampled ${plane.factorY}×${plane.factorX} (block means) to ${plane.height}×${plane.width}` : `Full resolution ${plane.height}×${plane.width}`}
          </span>
        )}
        {usable && (
          <span>
            Domain {formatNumber(usable.domain[0])} … {formatNumber(usable.domain[1])} {usable.auto ? "(auto)" : "(manual)"}
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
