"use client";
// A 1-D array as a line. Long arrays come back from the worker as a min/max
// envelope per pixel, drawn as a filled band so no spike is lost.
import { useRef } from "react";
import type { ArrayWorker } from "@/lib/client/arrayWorker";
import { envelopeBand } from "@/lib/client/envelopeBand";
import { useElementWidth } from "@/lib/client/useElementWidth";
import { usePlotlyFigure } from "@/lib/client/usePlotlyFigure";
import { useWorkerCall } from "@/lib/client/useWorkerCall";
import type { LineResult, NumericSource } from "@/lib/client/workerProtocol";

const PLOT_HEIGHT = 360;

function isEnvelope(line: LineResult): boolean {
  for (let i = 0; i < line.min.length; i++) if (line.min[i] !== line.max[i] && !(Number.isNaN(line.min[i]) && Number.isNaN(line.max[i]))) return true;
  return false;
}

export function ArrayLinePlot({ worker, length, source }: { worker: ArrayWorker; length: number; source: NumericSource }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const { result: line, error } = useWorkerCall(
    worker,
    "line",
    width === 0 ? null : { ...source, axis: 0, indices: [0], maxPoints: Math.max(200, Math.round(width)) },
    [source.field, source.complexPart, width],
  );
  const painted = usePlotlyFigure(
    plot,
    line &&
      ((theme, layout) => ({
        data: isEnvelope(line)
          ? [
              { type: "scatter", mode: "lines", ...envelopeBand(line.x, line.min, line.max), fill: "toself", fillcolor: theme.fill, line: { color: theme.line, width: 1 }, hoverinfo: "skip" },
              { type: "scattergl", mode: "lines", x: line.x, y: line.min, line: { color: theme.line, width: 1 }, name: "min", hoverinfo: "x+y+name" },
              { type: "scattergl", mode: "lines", x: line.x, y: line.max, line: { color: theme.line, width: 1 }, name: "max", hoverinfo: "x+y+name" },
            ]
          : [{ type: "scatter", mode: length <= 200 ? "lines+markers" : "lines", x: line.x, y: line.min, line: { color: theme.line, width: 1.5 }, marker: { size: 4 }, name: "value" }],
        layout: { ...layout, height: PLOT_HEIGHT, showlegend: false, xaxis: { ...(layout.xaxis as object), title: { text: "index" } }, hovermode: "x" },
        config: { responsive: true, displaylogo: false, scrollZoom: true },
      })),
    [line, length],
  );

  return (
    <div ref={box} className="flex flex-col gap-2">
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <div ref={plot} data-testid="lineplot" data-painted={painted ? "true" : "false"} style={{ minHeight: PLOT_HEIGHT }} />
      {line && line.x.length < length && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {length.toLocaleString("en-US")} points shown as the min/max envelope of {line.x.length.toLocaleString("en-US")} bins.
        </p>
      )}
    </div>
  );
}
