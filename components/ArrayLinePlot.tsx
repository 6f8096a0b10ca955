"use client";
// Lines: a 1-D array, or rows/columns of a plane overlaid. Long lines come back
// from the worker as a min/max envelope per pixel, drawn as a filled band so no
// spike is lost; zooming asks again for the window on screen, so detail grows
// down to every element, drawn as the line itself. The value axis fits what
// is in view.
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from "react";
import { schemeTableau10 } from "d3-scale-chromatic";
import type { Layout, PlotData } from "plotly.js-dist-min";
import { envelopeBand } from "@/lib/client/envelope-band";
import { fullWindow, visibleValueRange, windowFromRelayout, type LineWindow } from "@/lib/client/line-window";
import { drawInto } from "@/lib/client/load-plotly";
import { baseLayout, currentPlotTheme, type PlotTheme } from "@/lib/client/plot-theme";
import { useElementWidth } from "@/lib/client/use-element-width";
import { useLineAnswer, type LineAnswerInputs } from "@/lib/client/use-line-answer";
import { useStableValues } from "@/lib/client/use-stable-values";
import type { LineResult } from "@/lib/client/worker-protocol";
import { ErrorNote } from "./ErrorNote";
import { secondaryTextClass } from "./styles";

const PLOT_HEIGHT = 360;
/** The plot's left and right margins (baseLayout): the rest of the width is where buckets go. */
const PLOT_MARGIN_X = 72;
/** Elements are marked with dots when at least this many pixels lie between two of them. */
const PIXELS_PER_MARKER = 8;

/** What the lines are (see useLineAnswer), and what each is called. */
interface Props extends Omit<LineAnswerInputs, "shown" | "pixels"> {
  /** What each line is called in the legend and hover (numpy's slice). */
  names: string[];
}

/** The colour of line r: the page's own for a single line, Tableau 10 when several are overlaid. */
function lineColours(theme: PlotTheme, count: number, r: number): { line: string; fill: string } {
  if (count === 1) return { line: theme.line, fill: theme.fill };
  const hex = schemeTableau10[r % schemeTableau10.length];
  const [red, green, blue] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return { line: hex, fill: `rgba(${red},${green},${blue},0.3)` };
}

function lineTraces(line: LineResult, names: string[], theme: PlotTheme, markers: boolean): PlotData[] {
  const n = line.x.length;
  return names.flatMap((name, r): PlotData[] => {
    const min = line.min.subarray(r * n, (r + 1) * n);
    const max = line.max.subarray(r * n, (r + 1) * n);
    const colour = lineColours(theme, names.length, r);
    const shared = { name, legendgroup: name, line: { color: colour.line, width: 1 } };
    if (line.factor === 1) {
      return [
        {
          ...shared,
          type: "scatter",
          mode: markers ? "lines+markers" : "lines",
          x: line.x,
          y: min,
          marker: { size: 4 },
          line: { color: colour.line, width: 1.5 },
          hovertemplate: "%{x}: %{y}",
        },
      ];
    }
    // One polygon per line, outlined and filled: its points hover as the bucket's max (going) and min (coming back).
    const band = envelopeBand(line.x, min, max);
    const half = band.x.length / 2;
    const text = Array.from({ length: band.x.length }, (_, i) => (i < half ? "max" : "min"));
    return [
      {
        ...shared,
        type: "scatter",
        mode: "lines",
        ...band,
        text,
        fill: "toself",
        fillcolor: colour.fill,
        hoveron: "points",
        hovertemplate: `%{x}…: %{text} %{y}`,
      },
    ];
  });
}

const LINE_CONFIG = { responsive: true, displaylogo: false, scrollZoom: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"] };

/** Index along x, zoomable; values along y, fitted to the window shown. */
function lineLayout(theme: PlotTheme, line: LineResult, shown: LineWindow, lines: number, xTitle: string): Layout {
  const layout = baseLayout(theme);
  const valueRange = visibleValueRange(line.x, line.min, line.max, shown);
  return {
    ...layout,
    height: PLOT_HEIGHT,
    showlegend: lines > 1,
    legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 },
    xaxis: { ...(layout.xaxis as object), title: { text: xTitle }, range: [shown.start, shown.end], hoverformat: "d" },
    yaxis: { ...(layout.yaxis as object), fixedrange: true, ...(valueRange ? { range: valueRange } : { autorange: true }) },
    hovermode: "x",
    uirevision: "line",
  };
}

/** The window on screen, back to the whole line whenever another line is shown. */
function useLineWindow(length: number, lineKey: string): [LineWindow, (w: LineWindow) => void] {
  const [held, setHeld] = useState<{ lineKey: string; window: LineWindow } | null>(null);
  const whole = useMemo(() => fullWindow(length), [length]);
  const setWindow = useCallback((w: LineWindow) => setHeld({ lineKey, window: w }), [lineKey]);
  return [held?.lineKey === lineKey ? held.window : whole, setWindow];
}

export function ArrayLinePlot({ names, ...lines }: Props) {
  const { length, axis, acrossAxis, rows } = lines;
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const pixels = Math.max(100, width - PLOT_MARGIN_X);
  const rowsKey = rows.join(",");
  const [shown, setShown] = useLineWindow(length, `${axis}|${acrossAxis}|${length}`);
  const { request, answer } = useLineAnswer({ ...lines, shown, pixels: width === 0 ? null : pixels });
  const line = answer?.result ?? null;
  const error = answer?.error ?? null;
  const lineNames = useStableValues(names);
  const shownNames = answer?.args.args.rows.join(",") === rowsKey ? lineNames : null;
  const xTitle = acrossAxis === null ? "index" : `axis ${axis}`;

  // Drawn here rather than through usePlotlyFigure: the plot must say exactly which answer and window are on
  // screen (a zoom changes the window first, its answer comes later), and zooms are read off the graph it returns.
  const [drawn, setDrawn] = useState<{ answer: typeof answer; shown: LineWindow } | null>(null);
  // A zoom moved the window over what is drawn (Plotly has drawn it): the answer for the new window comes next.
  // Read when a redraw is due, not a reason for one.
  const zoomedPastDrawn = useEffectEvent(() => drawn?.answer === answer && answer?.args !== request);
  useEffect(() => {
    const el = plot.current;
    if (!el || !answer || !line || !shownNames) return;
    if (zoomedPastDrawn()) return;
    let cancelled = false;
    void drawInto(el, async (Plotly) => {
      if (cancelled) return;
      const theme = currentPlotTheme();
      const markers = line.factor === 1 && (shown.end - shown.start) * PIXELS_PER_MARKER <= pixels;
      const graph = await Plotly.react(
        el,
        lineTraces(line, shownNames, theme, markers),
        lineLayout(theme, line, shown, shownNames.length, xTitle),
        LINE_CONFIG,
      );
      // Zoom and pan are Plotly's; the window they leave on the x axis is asked for again at screen resolution.
      graph.removeAllListeners?.("plotly_relayout");
      graph.on("plotly_relayout", (event) => {
        const next = windowFromRelayout(event, length);
        if (next) setShown(next);
      });
      requestAnimationFrame(() => {
        if (cancelled) return;
        performance.mark("line:painted");
        setDrawn({ answer, shown });
      });
    });
    return () => {
      cancelled = true;
    };
  }, [answer, line, shownNames, shown, pixels, length, xTitle, setShown]);

  useEffect(() => {
    const el = plot.current;
    return () => {
      if (el) void drawInto(el, (Plotly) => Plotly.purge(el));
    };
  }, []);

  const painted = drawn !== null && drawn.answer === answer && drawn.shown === shown;
  const first = Math.max(0, Math.ceil(shown.start));
  const last = Math.min(length - 1, Math.floor(shown.end));
  return (
    <div ref={box} className="flex flex-col gap-2">
      {error && <ErrorNote>{error}</ErrorNote>}
      <div
        ref={plot}
        data-testid="lineplot"
        data-painted={painted ? "true" : "false"}
        data-factor={drawn?.answer?.result?.factor}
        data-window={drawn?.answer?.result ? `${drawn.answer.args.args.start},${drawn.answer.args.args.end}` : undefined}
        style={{ minHeight: PLOT_HEIGHT }}
      />
      {line && (
        <p className={`text-xs ${secondaryTextClass}`} aria-live="polite" data-testid="line-detail">
          Elements {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of {length.toLocaleString("en-US")}
          {line.factor === 1 ? ", every element drawn" : `, drawn as the min/max of every ${line.factor.toLocaleString("en-US")}`}. Wheel or the toolbar&apos;s
          zoom box zooms along the index (the value axis fits what is shown); drag to pan; double-click for the whole line.
        </p>
      )}
    </div>
  );
}
