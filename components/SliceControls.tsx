"use client";
// N-D slicing: which two axes are shown, and a slider plus a number field for
// every other axis. Every slider move is committed at once: the heatmap paints
// frames while the slider is dragged, as fast as the worker answers.
import { useEffect, useState } from "react";
import { LabelledSelect } from "./LabelledSelect";
import { inputClass } from "./styles";

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
        <AxisSlider key={axis} axis={axis} length={shape[axis]} value={indices[axis] ?? 0} onCommit={(v) => onIndex(axis, v)} />
      ))}
    </div>
  );
}

function AxisSlider({ axis, length, value, onCommit }: { axis: number; length: number; value: number; onCommit: (v: number) => void }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commitText = () => {
    const v = Number(text);
    if (Number.isInteger(v) && v >= 0 && v < length) onCommit(v);
    else setText(String(value));
  };
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <label htmlFor={`axis-${axis}-slider`} className="w-16 shrink-0 text-slate-600 dark:text-slate-400">
        axis {axis}
      </label>
      <input
        id={`axis-${axis}-slider`}
        type="range"
        min={0}
        max={length - 1}
        value={value}
        className="min-w-0 flex-1 basis-48 accent-sky-600"
        data-testid={`slider-axis-${axis}`}
        onChange={(e) => onCommit(Number(e.target.value))}
      />
      <input
        type="number"
        min={0}
        max={length - 1}
        value={text}
        aria-label={`Index on axis ${axis}`}
        className={`${inputClass} w-24 tabular-nums`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commitText}
        onKeyDown={(e) => e.key === "Enter" && commitText()}
      />
      <span className="w-16 shrink-0 text-xs text-slate-600 dark:text-slate-400">of {length}</span>
    </div>
  );
}

/** Picks which array axis a plot axis shows; choosing the other plot axis's axis swaps them. */
function AxisSelect({ label, value, shape, onChange }: { label: string; value: number; shape: readonly number[]; onChange: (axis: number) => void }) {
  const axes = shape.map((_, axis) => axis);
  return <LabelledSelect label={label} value={value} options={axes} optionLabel={(axis) => `axis ${axis} (${shape[axis]})`} onChange={onChange} />;
}
