// Tick marks along a heatmap's axis: round element indices, as d3-scale
// chooses them for the span in view, placed in CSS pixels along the axis.
import { scaleLinear } from "d3-scale";

export interface AxisTick {
  /** The element index the tick names. */
  value: number;
  /** CSS pixels from the axis's start (the left or top of the plot area). */
  at: number;
  label: string;
}

/**
 * Ticks for the span [from, to] of element coordinates drawn over `length`
 * pixels, about one per `spacing` pixels. Only whole indices are ticked: an
 * element has no fractional index, even zoomed in until a few fill the axis.
 */
export function axisTicks([from, to]: [number, number], length: number, spacing: number): AxisTick[] {
  const scale = scaleLinear().domain([from, to]).range([0, length]);
  const count = Math.max(2, Math.floor(length / spacing));
  const format = scale.tickFormat(count, ",d");
  return scale
    .ticks(count)
    .filter(Number.isInteger)
    .map((value) => ({ value, at: scale(value), label: format(value) }));
}
