"use client";
// Pan and zoom of a heatmap, by d3-zoom on the plot area: the wheel zooms
// about the pointer, a drag pans, two fingers pinch, a double click (or
// double tap) shows the whole plane again, and a shift-drag zooms to the box
// drawn. One scale for both axes, so square cells stay square; never out
// beyond the whole plane, never in beyond MAX_PIXELS_PER_ELEMENT. It works
// from the moment the plot area is mounted: nothing heavy is loaded for it.
// Every move is reported, so the canvas follows a drag, and once more when
// the gesture settles (a drag on release, a run of wheel turns once).
import { useEffect, useRef, useState, type RefObject } from "react";
import { scaleLinear } from "d3-scale";
import { pointer, select } from "d3-selection";
import { zoom, zoomIdentity, zoomTransform, type ZoomBehavior, type ZoomTransform } from "d3-zoom";
import { fullRanges, maxZoom, type ViewRanges } from "./heatmap-geometry";

interface Axes {
  nx: number;
  ny: number;
  /** The plot area's size in CSS pixels: at scale 1 it shows the whole plane. */
  area: { width: number; height: number };
  /** Changes when the plane is another one (or drawn another way): the zoom starts over. */
  viewKey: string;
}

/** A box being drawn by a shift-drag, in CSS pixels within the plot area. */
export interface ZoomBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface HeatmapAxesState {
  /** What the axes show now. */
  ranges: ViewRanges;
  /** The zoom box being drawn, if any. */
  box: ZoomBox | null;
}

type Behaviour = ZoomBehavior<SVGRectElement, unknown>;

/** The plane at scale 1, mapped onto the area's pixels (y downwards: row 0 at the top). */
function baseScales(nx: number, ny: number, area: { width: number; height: number }) {
  const whole = fullRanges(nx, ny);
  return { x: scaleLinear().domain(whole.x).range([0, area.width]), y: scaleLinear().domain(whole.y).range([0, area.height]) };
}
type Scales = ReturnType<typeof baseScales>;

function rangesOf(transform: ZoomTransform, base: Scales): ViewRanges {
  const [left, right] = transform.rescaleX(base.x).domain();
  const [top, bottom] = transform.rescaleY(base.y).domain();
  return { x: [left, right], y: [top, bottom] };
}

/** The transform that shows `ranges` as nearly as one scale for both axes can (the wider of the two spans wins). */
function transformFor(ranges: ViewRanges, base: Scales, area: { width: number; height: number }): ZoomTransform {
  const [x0, x1] = ranges.x.map((v) => base.x(v));
  const [y0, y1] = ranges.y.map((v) => base.y(v));
  const k = Math.min(area.width / (x1 - x0), area.height / (y1 - y0));
  return zoomIdentity
    .translate(area.width / 2, area.height / 2)
    .scale(k)
    .translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
}

/**
 * Attaches pan and zoom to the plot area `target` (an SVG rect at the area's
 * top left) and returns what to draw the axes for. `onRanges` hears every
 * change, `settled` once a gesture rests.
 */
export function useHeatmapAxes(
  target: RefObject<SVGRectElement | null>,
  { nx, ny, area, viewKey }: Axes,
  onRanges: (ranges: ViewRanges, settled: boolean) => void,
): HeatmapAxesState {
  const report = useRef(onRanges);
  useEffect(() => {
    report.current = onRanges;
  });
  const [view, setView] = useState<{ key: string; ranges: ViewRanges }>({ key: viewKey, ranges: fullRanges(nx, ny) });
  const [box, setBox] = useState<ZoomBox | null>(null);
  /** The ranges on screen for a view, kept across a resize (which builds the behaviour anew). */
  const current = useRef(view);
  const { width, height } = area;

  useEffect(() => {
    const el = target.current;
    if (!el) return;
    const size = { width, height };
    const base = baseScales(nx, ny, size);
    const extent: [[number, number], [number, number]] = [
      [0, 0],
      [width, height],
    ];
    const kept = current.current.key === viewKey ? current.current.ranges : null;
    let settled = kept ?? fullRanges(nx, ny);
    const moved = (transform: ZoomTransform, rest: boolean) => {
      const ranges = rangesOf(transform, base);
      current.current = { key: viewKey, ranges };
      setView(current.current);
      // A click that moved nothing settles nothing: the window asked for stays the one on screen.
      if (rest && sameRanges(ranges, settled)) return;
      if (rest) settled = ranges;
      report.current(ranges, rest);
    };
    const behaviour: Behaviour = zoom<SVGRectElement, unknown>()
      .extent(extent)
      .translateExtent(extent)
      .scaleExtent([1, maxZoom(nx, ny, size)])
      // Shift-drag draws a zoom box instead of panning.
      .filter((event: MouseEvent) => (!event.ctrlKey || event.type === "wheel") && !event.button && !(event.type === "mousedown" && event.shiftKey))
      .on("zoom", (event: { transform: ZoomTransform }) => moved(event.transform, false))
      .on("end", (event: { transform: ZoomTransform }) => moved(event.transform, true));
    const selection = select(el);
    selection.call(behaviour);
    // Another size of the same plane keeps its view (as near as the new size allows, reported if that moved it); another plane starts whole.
    behaviour.transform(selection, kept ? behaviour.constrain()(transformFor(kept, base, size), extent, extent) : zoomIdentity);
    selection.on("dblclick.zoom", () => behaviour.transform(selection, zoomIdentity));
    const stopBox = attachBoxZoom(el, behaviour, extent, setBox);
    // Tests and benchmarks wait for this: pan and zoom work from here on.
    const axes = select(el.ownerSVGElement).attr("data-ready", "true");
    return () => {
      stopBox();
      setBox(null);
      // The behaviour's own listeners too: a wheel run ends from a timer and a drag from window
      // listeners, and either, reported late, would move the next plane or size with these scales.
      behaviour.on("zoom end", null);
      selection.on(".zoom", null);
      axes.attr("data-ready", null);
    };
  }, [target, nx, ny, width, height, viewKey]);

  return { ranges: view.key === viewKey ? view.ranges : fullRanges(nx, ny), box };
}

function sameRanges(a: ViewRanges, b: ViewRanges): boolean {
  return a.x[0] === b.x[0] && a.x[1] === b.x[1] && a.y[0] === b.y[0] && a.y[1] === b.y[1];
}

/** Shift-drag on the area draws a box; on release the view zooms to fit it (the behaviour's limits hold). */
function attachBoxZoom(
  el: SVGRectElement,
  behaviour: Behaviour,
  extent: [[number, number], [number, number]],
  setBox: (box: ZoomBox | null) => void,
): () => void {
  const selection = select(el);
  const view = select(el.ownerDocument.defaultView!);
  const clamp = ([x, y]: [number, number]): [number, number] => [Math.min(Math.max(x, 0), extent[1][0]), Math.min(Math.max(y, 0), extent[1][1])];
  selection.on("mousedown.box", (down: MouseEvent) => {
    if (!down.shiftKey || down.button) return;
    down.preventDefault();
    const start = clamp(pointer(down, el));
    let end = start;
    const boxOf = (): ZoomBox => ({
      x: Math.min(start[0], end[0]),
      y: Math.min(start[1], end[1]),
      width: Math.abs(end[0] - start[0]),
      height: Math.abs(end[1] - start[1]),
    });
    view
      .on("mousemove.box", (move: MouseEvent) => {
        end = clamp(pointer(move, el));
        setBox(boxOf());
      })
      .on("mouseup.box", () => {
        view.on("mousemove.box mouseup.box", null);
        setBox(null);
        const drawn = boxOf();
        // A shift-click, or a box too thin to mean a region, zooms nowhere.
        if (drawn.width < 4 || drawn.height < 4) return;
        const now = zoomTransform(el);
        const k = Math.min(extent[1][0] / drawn.width, extent[1][1] / drawn.height);
        const [cx, cy] = now.invert([drawn.x + drawn.width / 2, drawn.y + drawn.height / 2]);
        const [low, high] = behaviour.scaleExtent();
        const scale = Math.min(high, Math.max(low, now.k * k));
        const wanted = zoomIdentity
          .translate(extent[1][0] / 2, extent[1][1] / 2)
          .scale(scale)
          .translate(-cx, -cy);
        behaviour.transform(selection, behaviour.constrain()(wanted, extent, extent));
      });
  });
  return () => {
    selection.on("mousedown.box", null);
    view.on("mousemove.box mouseup.box", null);
  };
}
