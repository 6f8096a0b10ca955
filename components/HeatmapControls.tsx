"use client";
// Colormap, scale and domain of the heatmap. A bound that does not suit the
// scale is reported next to the fields, and the plot keeps its auto domain.
import { useId } from "react";
import { COLORMAP_LABELS, COLORMAP_NAMES, cssGradient, type ColormapName } from "@/lib/client/colormaps";
import { CLIP_PERCENTS, COLOR_SCALES, REDUCE_MODES, type ColorScale, type ReduceMode, type ViewState } from "@/lib/client/viewState";
import { inputClass } from "./styles";
import { Checkbox } from "./Checkbox";

interface Props {
  state: ViewState;
  onChange: (patch: Partial<ViewState>) => void;
  domainError: string | null;
}

export function HeatmapControls({ state, onChange, domainError }: Props) {
  const id = useId();
  return (
    <div className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-colormap`} className="text-xs text-slate-500">
            Colormap
          </label>
          <select id={`${id}-colormap`} className={`${inputClass} w-40`} value={state.colormap} onChange={(e) => onChange({ colormap: e.target.value as ColormapName })}>
            {COLORMAP_NAMES.map((name) => (
              <option key={name} value={name}>
                {COLORMAP_LABELS[name]}
              </option>
            ))}
          </select>
          <span aria-hidden className="h-1.5 w-40 rounded-sm" style={{ background: cssGradient(state.colormap, state.reverse) }} />
        </div>
        <Checkbox className="mt-6 gap-1.5" checked={state.reverse} onChange={(reverse) => onChange({ reverse })}>
          Reversed
        </Checkbox>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-scale`} className="text-xs text-slate-500">
            Scale
          </label>
          <select id={`${id}-scale`} className={inputClass} value={state.scale} onChange={(e) => onChange({ scale: e.target.value as ColorScale })}>
            {COLOR_SCALES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-clip`} className="text-xs text-slate-500">
            Auto domain clips
          </label>
          <select id={`${id}-clip`} className={inputClass} value={state.clipPercent} onChange={(e) => onChange({ clipPercent: Number(e.target.value) })}>
            {CLIP_PERCENTS.map((p) => (
              <option key={p} value={p}>
                {p === 0 ? "nothing (min–max)" : `${p}% each end`}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-reduce`} className="text-xs text-slate-500">
            Downsample by
          </label>
          <select id={`${id}-reduce`} className={inputClass} value={state.reduce} onChange={(e) => onChange({ reduce: e.target.value as ReduceMode })}>
            {REDUCE_MODES.map((m) => (
              <option key={m} value={m}>
                block {m}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs text-slate-500">Domain (blank = auto)</legend>
          <div className="flex items-center gap-1.5">
            <label htmlFor={`${id}-min`} className="sr-only">
              Min
            </label>
            <input id={`${id}-min`} className={`${inputClass} w-24`} inputMode="decimal" placeholder="min" value={state.domainMin} onChange={(e) => onChange({ domainMin: e.target.value })} aria-invalid={domainError !== null} />
            <span aria-hidden className="text-slate-400">
              …
            </span>
            <label htmlFor={`${id}-max`} className="sr-only">
              Max
            </label>
            <input id={`${id}-max`} className={`${inputClass} w-24`} inputMode="decimal" placeholder="max" value={state.domainMax} onChange={(e) => onChange({ domainMax: e.target.value })} aria-invalid={domainError !== null} />
          </div>
        </fieldset>
        {(state.domainMin !== "" || state.domainMax !== "") && (
          <button type="button" className="mt-7 text-sky-700 underline-offset-2 hover:underline dark:text-sky-300" onClick={() => onChange({ domainMin: "", domainMax: "" })}>
            auto
          </button>
        )}
      </div>
      {domainError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {domainError}; showing the automatic domain.
        </p>
      )}
    </div>
  );
}
