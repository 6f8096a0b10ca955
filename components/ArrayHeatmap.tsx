"use client";
// The heatmap of a 2-D plane (of a 2-D array or a slice of an N-D one). The
// worker cuts the part in view to the plot's pixels and colours it; the page
// draws that bitmap on a canvas under our own SVG axes, so a new frame, a pan
// or a zoom costs one drawImage (and the axes' few ticks). Zooming
// asks for the window in view, down to one element per pixel. Hover shows the
// exact element under the pointer (or the min/max of the block a reduced cell
// stands for), always of the frame on screen.
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from "react";
import { formatNumber } from "@/lib/client/color-scale";
import { drawHeatmap } from "@/lib/client/draw-heatmap";
import { defaultAspect, fullRanges, plotBox, sameWindow, visibleWindow, type Aspect, type ViewRanges } from "@/lib/client/heatmap-geometry";
import { useElementWidth } from "@/lib/client/use-element-width";
import { useHeatmapAxes } from "@/lib/client/use-heatmap-axes";
import { useHeatmapFrame, type HeatmapFrameInputs } from "@/lib/client/use-heatmap-frame";
import { useHeatmapHover, type ShownFrame } from "@/lib/client/use-heatmap-hover";
import { useHeatmapRefinement } from "@/lib/client/use-heatmap-refinement";
import type { ViewState } from "@/lib/client/view-state";
import type { ElementWindow, HeatmapRequest, HeatmapResult, HoverResult } from "@/lib/client/worker-protocol";
import { Colorbar, COLORBAR_WIDTH } from "./Colorbar";
import { ErrorNote } from "./ErrorNote";
import { HeatmapAxes } from "./HeatmapAxes";
import { HeatmapControls } from "./HeatmapControls";

/** What the frame is (see useHeatmapFrame; the plot's own size and zoom are the heatmap's), and what it reports. */
interface Props
  extends Omit<HeatmapFrameInputs, "elementWindow" | "available" | "area" | "step" | "nextPlayed">, Partial<Pick<HeatmapFrameInputs, "step" | "nextPlayed">> {
  shape: number[];
  onChange: (patch: Partial<ViewState>) => void;
  /** Called once a frame is on screen, with its indices and colour domain. */
  onPainted?: (indices: number[], domain: [number, number] | null) => void;
}

export function ArrayHeatmap({ shape, onChange, onPainted, step = 1, nextPlayed = notPlaying, ...frameOf }: Props) {
  const { worker, state, xAxis, yAxis } = frameOf;
  const box = useRef<HTMLDivElement>(null);
  const plotArea = useRef<SVGRectElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const available = Math.max(0, useElementWidth(box) - COLORBAR_WIDTH);
  /** The element whose data-painted says whether the frame named by data-frame is on screen (set here, not rendered). */
  const frame = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<HoverResult | null>(null);

  const nx = shape[xAxis];
  const ny = shape[yAxis];
  const [chosenAspect, setAspect] = useState<Aspect | null>(null);
  const aspect = chosenAspect ?? defaultAspect(available, nx, ny);
  const figure = useMemo(() => plotBox(available, nx, ny, aspect), [available, nx, ny, aspect]);
  const { area } = figure;
  const viewKey = `${xAxis}-${yAxis}-${nx}-${ny}-${aspect}`;
  const ranges = useRef<{ key: string; ranges: ViewRanges }>({ key: viewKey, ranges: fullRanges(nx, ny) });
  // Another view starts whole, before the layout effects below draw it.
  useLayoutEffect(() => {
    if (ranges.current.key !== viewKey) ranges.current = { key: viewKey, ranges: fullRanges(nx, ny) };
  }, [viewKey, nx, ny]);
  const [zoom, setZoom] = useState<{ key: string; window: ElementWindow | null }>({ key: viewKey, window: null });
  const elementWindow = zoom.key === viewKey ? zoom.window : null;
  const shown = useRef<ShownFrame | null>(null);
  const frameCall = useHeatmapFrame({ ...frameOf, elementWindow, available, area, step, nextPlayed });
  // A huge plane's sample is replaced in place by its blocks' reductions, band by band as the server reads them.
  const { answer, refining, progress } = useHeatmapRefinement(frameCall.answer, frameCall.request);
  const result = answer?.result ?? null;
  const error = answer?.error ?? null;
  const shownIndices = answer?.args.args.indices;

  const redraw = useCallback(() => {
    const el = canvas.current;
    if (el) drawHeatmap(el, area, ranges.current.ranges, shown.current?.image ?? null, shown.current?.grid ?? null);
  }, [area]);

  const hovering = useHeatmapHover(worker, shown, area, ranges, setHover);

  // A new answer is what paints: the drawing, the hover and the playback callback are read as they are then.
  const showAnswer = useEffectEvent((request: HeatmapRequest, picture: HeatmapResult) => {
    performance.mark("heatmap:answered");
    const previous = shown.current?.image;
    shown.current = { image: picture.image, grid: picture, request };
    redraw();
    if (previous && previous !== picture.image) previous.close();
    hovering.again();
    // The picture is in the canvas: playback may ask for the next frame while this one reaches the screen.
    onPainted?.(request.indices, picture.domain);
  });

  // Drawn before the browser paints the commit that shows this frame's name and colorbar, so they never disagree.
  useLayoutEffect(() => {
    if (!result || !answer) return;
    showAnswer(answer.args.args, result);
    // Said on the element directly: a React state for it would render the heatmap twice more per frame.
    frame.current?.setAttribute("data-painted", "false");
    let cancelled = false;
    requestAnimationFrame(() => {
      if (cancelled) return;
      performance.mark("heatmap:painted");
      frame.current?.setAttribute("data-painted", "true");
    });
    return () => {
      cancelled = true;
    };
  }, [answer, result]);

  // A resize or another aspect moves the area: the picture on screen is drawn again at once.
  useEffect(redraw, [redraw]);

  // While a pan or zoom moves, the picture on screen follows; once it rests (the end of a drag,
  // a run of wheel turns once), the window in view is asked for, unless it holds the same elements.
  const onRanges = useCallback(
    (next: ViewRanges, settled: boolean) => {
      ranges.current = { key: viewKey, ranges: next };
      redraw();
      // A plane that fits the plot whole is already at full resolution: zooming adds nothing to fetch.
      if (!settled || (nx <= area.width && ny <= area.height)) return;
      const inView = visibleWindow(next, nx, ny);
      setZoom((zoom) => (zoom.key === viewKey && sameWindow(zoom.window, inView) ? zoom : { key: viewKey, window: inView }));
    },
    [viewKey, redraw, nx, ny, area.width, area.height],
  );
  const axes = useHeatmapAxes(plotArea, { nx, ny, area, viewKey }, onRanges);

  return (
    <div ref={box} className="flex flex-col gap-3">
      <HeatmapControls state={state} onChange={onChange} domainError={result?.domain ? result.domainError : null} aspect={aspect} onAspect={setAspect} />
      {(error || (result && !result.domain)) && <ErrorNote>{error ?? result?.domainError}</ErrorNote>}
      {/* data-painted is rendered once and then set by the paint effect alone. */}
      <div ref={frame} className="flex items-start" data-testid="heatmap" data-painted="false" data-frame={shownIndices?.join(",")} data-aspect={aspect}>
        <div className="relative" style={{ width: figure.width, height: figure.height }} onMouseMove={hovering.move} onMouseLeave={hovering.leave}>
          <canvas
            ref={canvas}
            data-testid="heatmap-canvas"
            className="absolute"
            style={{ left: area.left, top: area.top, width: area.width, height: area.height, imageRendering: "pixelated" }}
          />
          <HeatmapAxes figure={figure} ranges={axes.ranges} box={axes.box} xAxis={xAxis} yAxis={yAxis} areaRef={plotArea} />
        </div>
        <Colorbar domain={result?.domain ?? null} scale={state.scale} colormap={state.colormap} reverse={state.reverse} top={area.top} height={area.height} />
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        {result && (
          <span data-testid="heatmap-factor" data-refining={refining}>
            {resolutionText(result, state.reduce, nx, ny, refining ? progress : null)}
          </span>
        )}
        {result?.domain && (
          <span>
            Domain {formatNumber(result.domain[0])} … {formatNumber(result.domain[1])} {result.domainAuto ? "(auto)" : "(manual)"}
          </span>
        )}
        <span data-testid="heatmap-hover" className="font-mono">
          {hover
            ? hoverText(hover, xAxis, yAxis)
            : "Hover the heatmap for values; drag to pan, wheel to zoom (down to one element per pixel), shift-drag to zoom to a box, double-click to reset."}
        </span>
      </div>
    </div>
  );
}

function notPlaying(): null {
  return null;
}

/** `refining`: the share of the sample refined so far while it is being refined, else null. */
function resolutionText(result: HeatmapResult, reduce: ViewState["reduce"], nx: number, ny: number, refining: number | null): string {
  const { window } = result;
  const whole = window.x[0] === 0 && window.y[0] === 0 && window.x[1] === nx && window.y[1] === ny;
  const part = whole ? "" : ` of rows ${window.y[0]}–${window.y[1] - 1}, columns ${window.x[0]}–${window.x[1] - 1}`;
  const blocks = reduce === "mean" ? "means" : reduce === "max" ? "maxima" : "minima";
  if (result.sampled) {
    const share = refining ? ` ${Math.floor(refining * 100)} %` : "";
    const next = refining !== null ? `refining to block ${blocks} of every element…${share}` : "zoom in for full resolution";
    return `Sampled every ${result.factorY}×${result.factorX} elements${part} to ${result.height}×${result.width} (${next})`;
  }
  if (result.factorX > 1 || result.factorY > 1) {
    return `Downsampled ${result.factorY}×${result.factorX} (block ${blocks} of every element)${part} to ${result.height}×${result.width}`;
  }
  return `Full resolution ${result.height}×${result.width}${part}`;
}

function hoverText(hover: HoverResult, xAxis: number, yAxis: number): string {
  if (hover.exact !== null && hover.sampled) {
    return `[${hover.from.join(", ")}] = ${hover.exact} (sample for ${hover.to[yAxis] - hover.from[yAxis] + 1}×${hover.to[xAxis] - hover.from[xAxis] + 1} elements)`;
  }
  if (hover.exact !== null) return `[${hover.from.join(", ")}] = ${hover.exact}`;
  const range = (axis: number) => (hover.from[axis] === hover.to[axis] ? `${hover.from[axis]}` : `${hover.from[axis]}–${hover.to[axis]}`);
  return `axis ${yAxis} ${range(yAxis)}, axis ${xAxis} ${range(xAxis)}: min ${formatNumber(hover.blockMin ?? NaN)}, max ${formatNumber(hover.blockMax ?? NaN)}`;
}
