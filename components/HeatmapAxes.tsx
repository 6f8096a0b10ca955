// A heatmap's axes, drawn over its canvas: element indices along the bottom
// and the left (row 0 at the top), each axis named, and the transparent plot
// area that takes the pointer for pan and zoom (see useHeatmapAxes). Colours
// follow the page's light or dark scheme like the rest of the plots.
import type { Ref } from "react";
import { axisTicks } from "@/lib/client/axis-ticks";
import type { PlotBox, ViewRanges } from "@/lib/client/heatmap-geometry";
import type { ZoomBox } from "@/lib/client/use-heatmap-axes";

/** About one tick per this many pixels along each axis. */
const X_TICK_SPACING = 90;
const Y_TICK_SPACING = 60;
const TICK_LENGTH = 5;

interface Props {
  figure: PlotBox;
  ranges: ViewRanges;
  box: ZoomBox | null;
  xAxis: number;
  yAxis: number;
  /** The plot area, where pan and zoom are attached. */
  areaRef: Ref<SVGRectElement>;
}

export function HeatmapAxes({ figure, ranges, box, xAxis, yAxis, areaRef }: Props) {
  const { area } = figure;
  const xTicks = axisTicks(ranges.x, area.width, X_TICK_SPACING);
  const yTicks = axisTicks(ranges.y, area.height, Y_TICK_SPACING);
  return (
    <svg
      data-testid="heatmap-axes"
      role="img"
      aria-label={`Heatmap axes: axis ${xAxis} across, axis ${yAxis} down. Drag to pan, wheel to zoom, shift-drag to zoom to a box, double-click to reset.`}
      className="pointer-events-none absolute inset-0 fill-slate-700 stroke-slate-700 text-xs dark:fill-slate-300 dark:stroke-slate-300"
      width={figure.width}
      height={figure.height}
    >
      <g transform={`translate(${area.left},${area.top})`}>
        <rect
          ref={areaRef}
          data-testid="heatmap-area"
          width={area.width}
          height={area.height}
          fill="transparent"
          stroke="none"
          className="pointer-events-auto cursor-move touch-none"
        />
        <g data-testid="heatmap-x-ticks" transform={`translate(0,${area.height})`}>
          {xTicks.map((tick) => (
            <g key={tick.value} transform={`translate(${tick.at},0)`} data-tick={tick.value}>
              <line y2={TICK_LENGTH} />
              <text y={TICK_LENGTH + 3} dy="0.71em" textAnchor="middle" stroke="none">
                {tick.label}
              </text>
            </g>
          ))}
          <text x={area.width / 2} y={TICK_LENGTH + 32} textAnchor="middle" stroke="none">
            axis {xAxis}
          </text>
        </g>
        <g data-testid="heatmap-y-ticks">
          {yTicks.map((tick) => (
            <g key={tick.value} transform={`translate(0,${tick.at})`} data-tick={tick.value}>
              <line x2={-TICK_LENGTH} />
              <text x={-TICK_LENGTH - 3} dy="0.32em" textAnchor="end" stroke="none">
                {tick.label}
              </text>
            </g>
          ))}
          <text transform={`translate(${-area.left + 14},${area.height / 2}) rotate(-90)`} textAnchor="middle" stroke="none">
            axis {yAxis}
          </text>
        </g>
        {box && (
          <rect
            x={box.x}
            y={box.y}
            width={box.width}
            height={box.height}
            className="fill-white/30 stroke-slate-900 dark:fill-slate-900/30 dark:stroke-white"
            strokeWidth={1.5}
            strokeDasharray="4 3"
          />
        )}
      </g>
    </svg>
  );
}
