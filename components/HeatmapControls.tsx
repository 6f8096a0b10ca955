"use client";
// Colormap, scale and domain of the heatmap. A bound that does not suit the
// scale is reported next to the fields, and the plot keeps its auto domain.
import { useId } from "react";
import { colormapLabel, colormapsByGroup, cssGradient, NAN_COLOR, type ColormapName } from "@/lib/client/colormaps";
import { ASPECTS, type Aspect } from "@/lib/client/heatmapGeometry";
import { CLIP_PERCENTS, COLOR_SCALES, REDUCE_MODES, type ColorScale, type ReduceMode, type ViewState } from "@/lib/client/viewState";
import { inputClass, secondaryTextClass } from "./styles";
import { Checkbox } from "./Checkbox";

interface Props {
  state: ViewState;
  onChange: (patch: Partial<ViewState>) => void;
  domainError: string | null;
  aspect: Aspect;
  onAspect: (aspect: Aspect) => void;
}

/** Wide enough for the longest text a float64 prints as (e.g. -1.2345678901234567e-300, 24 characters). */
const DOMAIN_BOX = "w-[25ch] max-w-[36vw] font-mono tabular-nums";

const ASPECT_LABELS: Record<Aspect, string> = { equal: "equal (square cells)", fill: "fill the width" };

export function HeatmapControls({ state, onChange, domainError, aspect, onAspect }: Props) {
  const id = useId();
  return (
    <div className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-colormap`} className={`text-xs ${secondaryTextClass}`}>
            Colormap
          </label>
          <select id={`${id}-colormap`} className={`${inputClass} w-64`} value={state.colormap} onChange={(e) => onChange({ colormap: e.target.value as ColormapName })}>
            {colormapsByGroup().map(([group, names]) => (
              <optgroup key={group} label={group}>
                {names.map((name) => (
                  <option key={name} value={name}>
                    {colormapLabel(name)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <div className="flex w-64 items-center gap-2 text-xs" data-testid="colormap-legend">
            <span aria-hidden className="h-2 flex-1 rounded-sm" style={{ background: cssGradient(state.colormap, state.reverse) }} />
            <span className="flex items-center gap-1">
              <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: NAN_COLOR }} />
              NaN
            </span>
          </div>
        </div>
        <Checkbox className="mt-6 gap-1.5" checked={state.reverse} onChange={(reverse) => onChange({ reverse })}>
          Reversed
        </Checkbox>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-scale`} className={`text-xs ${secondaryTextClass}`}>
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
          <label htmlFor={`${id}-clip`} className={`text-xs ${secondaryTextClass}`}>
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
          <label htmlFor={`${id}-reduce`} className={`text-xs ${secondaryTextClass}`}>
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
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-aspect`} className={`text-xs ${secondaryTextClass}`}>
            Aspect
          </label>
          <select id={`${id}-aspect`} className={inputClass} value={aspect} onChange={(e) => onAspect(e.target.value as Aspect)}>
            {ASPECTS.map((a) => (
              <option key={a} value={a}>
                {ASPECT_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="flex flex-col gap-1">
          <legend className={`text-xs ${secondaryTextClass}`}>Domain (blank = auto)</legend>
          <div className="flex items-center gap-1.5">
            <label htmlFor={`${id}-min`} className="sr-only">
              Min
            </label>
            <input id={`${id}-min`} className={`${inputClass} ${DOMAIN_BOX}`} title={state.domainMin || undefined} inputMode="decimal" placeholder="min" value={state.domainMin} onChange={(e) => onChange({ domainMin: e.target.value })} aria-invalid={domainError !== null} />
            <span aria-hidden className="text-slate-400">
              …
            </span>
            <label htmlFor={`${id}-max`} className="sr-only">
              Max
            </label>
            <input id={`${id}-max`} className={`${inputClass} ${DOMAIN_BOX}`} title={state.domainMax || undefined} inputMode="decimal" placeholder="max" value={state.domainMax} onChange={(e) => onChange({ domainMax: e.target.value })} aria-invalid={domainError !== null} />
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
