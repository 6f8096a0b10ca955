"use client";
// N-D slicing: which two axes are shown, and a slider plus a number field for
// every other axis. Every slider move is committed at once: the heatmap paints
// frames while the slider is dragged, as fast as the worker answers.
import { IndexSlider } from "./IndexSlider";
import { LabelledSelect } from "./LabelledSelect";

interface Props {
  shape: number[];
  xAxis: number;
  yAxis: number | null;
  indices: number[];
  /** Axes that are not sliced (e.g. the channel axis of an RGB image). */
  fixedAxes?: number[];
  onAxes?: (xAxis: number, yAxis: number) => void;
  onIndex: (axis: number, index: number) => void;
}

export function SliceControls({ shape, xAxis, yAxis, indices, fixedAxes = [], onAxes, onIndex }: Props) {
  const axes = shape.map((_, i) => i);
  const sliced = axes.filter((a) => a !== xAxis && a !== yAxis && !fixedAxes.includes(a));
  if (!onAxes && sliced.length === 0) return null;
  return (
    <div className="flex flex-col gap-2 text-sm" role="group" aria-label="Slice">
      {onAxes && yAxis !== null && (
        <div className="flex flex-wrap items-center gap-3">
          <AxisSelect label="y axis" value={yAxis} shape={shape} onChange={(y) => onAxes(y === xAxis ? yAxis : xAxis, y)} />
          <AxisSelect label="x axis" value={xAxis} shape={shape} onChange={(x) => onAxes(x, x === yAxis ? xAxis : yAxis)} />
          <button type="button" className="rounded px-1 text-sky-700 underline-offset-2 hover:underline dark:text-sky-300" onClick={() => onAxes(yAxis, xAxis)}>
            swap
          </button>
        </div>
      )}
      {sliced.map((axis) => (
        <IndexSlider
          key={axis}
          id={`axis-${axis}-slider`}
          label={`axis ${axis}`}
          fieldLabel={`Index on axis ${axis}`}
          length={shape[axis]}
          value={indices[axis] ?? 0}
          onCommit={(v) => onIndex(axis, v)}
          sliderTestId={`slider-axis-${axis}`}
        />
      ))}
    </div>
  );
}

/** Picks which array axis a plot axis shows; choosing the other plot axis's axis swaps them. */
function AxisSelect({ label, value, shape, onChange }: { label: string; value: number; shape: readonly number[]; onChange: (axis: number) => void }) {
  const axes = shape.map((_, axis) => axis);
  return <LabelledSelect label={label} value={value} options={axes} optionLabel={(axis) => `axis ${axis} (${shape[axis]})`} onChange={onChange} />;
}
