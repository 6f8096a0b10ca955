"use client";
// One index along an axis: a slider committed on every move (views paint while it
// is dragged) and a number field committed on Enter or blur. A typed value out of
// range goes back to the current index; a new index from outside replaces the text.
import { useState, type ReactNode } from "react";
import { inputClass, secondaryTextClass } from "./styles";

interface Props {
  /** The slider's id, which its label names. */
  id: string;
  label: ReactNode;
  /** The number field's accessible name. */
  fieldLabel: string;
  length: number;
  value: number;
  onCommit: (index: number) => void;
  sliderTestId?: string;
}

export function IndexSlider({ id, label, fieldLabel, length, value, onCommit, sliderTestId }: Props) {
  const [text, setText] = useState(String(value));
  // Adjusting state while rendering (not in an effect): the field shows a new index in the same paint.
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setText(String(value));
  }
  const commitText = () => {
    const v = Number(text);
    if (Number.isInteger(v) && v >= 0 && v < length) onCommit(v);
    else setText(String(value));
  };
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <label htmlFor={id} className={`w-16 shrink-0 ${secondaryTextClass}`}>
        {label}
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={length - 1}
        value={value}
        className="min-w-0 flex-1 basis-48 accent-sky-600"
        data-testid={sliderTestId}
        onChange={(e) => onCommit(Number(e.target.value))}
      />
      <input
        type="number"
        min={0}
        max={length - 1}
        value={text}
        aria-label={fieldLabel}
        className={`${inputClass} w-24 tabular-nums`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commitText}
        onKeyDown={(e) => e.key === "Enter" && commitText()}
      />
      <span className={`w-16 shrink-0 text-xs ${secondaryTextClass}`}>of {length}</span>
    </div>
  );
}
