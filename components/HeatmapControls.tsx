"use client";
// Colormap, scale and domain of the heatmap. A bound that does not suit the
// scale is reported next to the fields, and the plot keeps its auto domain.
import { useId } from "react";
import { colormapLabel, colormapsByGroup, cssGradient, NAN_COLOR } from "@/lib/client/colormaps";
import { ASPECTS, type Aspect } from "@/lib/client/heatmap-geometry";
import { CLIP_PERCENTS, COLOR_SCALES, REDUCE_MODES, type ViewState } from "@/lib/client/view-state";
import { inputClass, secondaryTextClass } from "./styles";
import { Checkbox } from "./Checkbox";
import { ErrorNote } from "./ErrorNote";
import { LabelledSelect } from "./LabelledSelect";

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

function clipLabel(percent: number): string {
  return percent === 0 ? "nothing (min–max)" : `${percent}% each end`;
}

interface DomainBoundProps {
  id: string;
  label: "Min" | "Max";
  value: string;
  invalid: boolean;
  onChange: (text: string) => void;
}

/** One bound of the colour domain: typed text, blank for the automatic bound. */
function DomainBound({ id, label, value, invalid, onChange }: DomainBoundProps) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        className={`${inputClass} ${DOMAIN_BOX}`}
        title={value || undefined}
        inputMode="decimal"
        placeholder={label.toLowerCase()}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid}
      />
    </>
  );
}

export function HeatmapControls({ state, onChange, domainError, aspect, onAspect }: Props) {
  const id = useId();
  return (
    <div className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
        <LabelledSelect
          layout="stacked"
          label="Colormap"
          selectClassName="w-64"
          value={state.colormap}
          options={colormapsByGroup()}
          optionLabel={colormapLabel}
          onChange={(colormap) => onChange({ colormap })}
        >
          <div className="flex w-64 items-center gap-2 text-xs" data-testid="colormap-legend">
            <span aria-hidden className="h-2 flex-1 rounded-sm" style={{ background: cssGradient(state.colormap, state.reverse) }} />
            <span className="flex items-center gap-1">
              <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: NAN_COLOR }} />
              NaN
            </span>
          </div>
        </LabelledSelect>
        <Checkbox className="mt-6 gap-1.5" checked={state.reverse} onChange={(reverse) => onChange({ reverse })}>
          Reversed
        </Checkbox>
        <LabelledSelect layout="stacked" label="Scale" value={state.scale} options={COLOR_SCALES} onChange={(scale) => onChange({ scale })} />
        <LabelledSelect
          layout="stacked"
          label="Auto domain clips"
          value={state.clipPercent}
          options={CLIP_PERCENTS}
          optionLabel={clipLabel}
          onChange={(clipPercent) => onChange({ clipPercent })}
        />
        <LabelledSelect
          layout="stacked"
          label="Downsample by"
          value={state.reduce}
          options={REDUCE_MODES}
          optionLabel={(mode) => `block ${mode}`}
          onChange={(reduce) => onChange({ reduce })}
        />
        <LabelledSelect layout="stacked" label="Aspect" value={aspect} options={ASPECTS} optionLabel={(a) => ASPECT_LABELS[a]} onChange={onAspect} />
        <fieldset className="flex flex-col gap-1">
          <legend className={`text-xs ${secondaryTextClass}`}>Domain (blank = auto)</legend>
          <div className="flex items-center gap-1.5">
            <DomainBound
              id={`${id}-min`}
              label="Min"
              value={state.domainMin}
              invalid={domainError !== null}
              onChange={(domainMin) => onChange({ domainMin })}
            />
            <span aria-hidden className="text-slate-400">
              …
            </span>
            <DomainBound
              id={`${id}-max`}
              label="Max"
              value={state.domainMax}
              invalid={domainError !== null}
              onChange={(domainMax) => onChange({ domainMax })}
            />
          </div>
        </fieldset>
        {(state.domainMin !== "" || state.domainMax !== "") && (
          <button
            type="button"
            className="mt-7 text-sky-700 underline-offset-2 hover:underline dark:text-sky-300"
            onClick={() => onChange({ domainMin: "", domainMax: "" })}
          >
            auto
          </button>
        )}
      </div>
      {domainError && <ErrorNote>{domainError}; showing the automatic domain.</ErrorNote>}
    </div>
  );
}
