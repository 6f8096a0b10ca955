"use client";
// A <select> with its visible label, choosing among typed options: the value
// handed back is one of the options given, never a string to be cast.
import { useId, type ReactNode } from "react";
import { inputClass, joinClasses, secondaryTextClass } from "./styles";

type OptionValue = string | number;

/** Options shown under a heading (an <optgroup>): the heading and its options. */
export type OptionGroup<T extends OptionValue> = readonly [heading: string, options: readonly T[]];

interface Props<T extends OptionValue> {
  label: string;
  value: T;
  /** The choices, flat or in named groups. */
  options: readonly T[] | readonly OptionGroup<T>[];
  /** The text of an option; the value itself by default. */
  optionLabel?: (option: T) => ReactNode;
  onChange: (option: T) => void;
  /**
   * "inline": the label beside the select, in a row of controls;
   * "stacked": a small label above it (control panels, dialog forms), with `children` under it.
   */
  layout?: "inline" | "stacked";
  /** Extra classes of the outer element (e.g. text size). */
  className?: string;
  /** Extra classes of the select (e.g. its width). */
  selectClassName?: string;
  /** The stacked label's classes, where a form styles its labels otherwise. */
  labelClassName?: string;
  children?: ReactNode;
}

const STACKED_LABEL_CLASS = `text-xs ${secondaryTextClass}`;

function isGrouped<T extends OptionValue>(options: readonly T[] | readonly OptionGroup<T>[]): options is readonly OptionGroup<T>[] {
  return Array.isArray(options[0]);
}

export function LabelledSelect<T extends OptionValue>(props: Props<T>) {
  const {
    label,
    value,
    options,
    optionLabel = String,
    onChange,
    layout = "inline",
    className,
    selectClassName,
    labelClassName = STACKED_LABEL_CLASS,
    children,
  } = props;
  const id = useId();
  const flat: readonly T[] = isGrouped(options) ? options.flatMap(([, group]) => group) : options;
  const optionElement = (option: T) => (
    <option key={option} value={option}>
      {optionLabel(option)}
    </option>
  );
  const select = (
    <select
      id={layout === "stacked" ? id : undefined}
      className={joinClasses(inputClass, selectClassName)}
      value={value}
      onChange={(e) => {
        const chosen = flat.find((option) => String(option) === e.target.value);
        if (chosen !== undefined) onChange(chosen);
      }}
    >
      {isGrouped(options)
        ? options.map(([heading, group]) => (
            <optgroup key={heading} label={heading}>
              {group.map(optionElement)}
            </optgroup>
          ))
        : options.map(optionElement)}
    </select>
  );
  if (layout === "stacked") {
    return (
      <div className={joinClasses("flex flex-col gap-1", className)}>
        <label htmlFor={id} className={labelClassName}>
          {label}
        </label>
        {select}
        {children}
      </div>
    );
  }
  return (
    <label className={joinClasses("flex items-center gap-2", className)}>
      <span className={secondaryTextClass}>{label}</span>
      {select}
    </label>
  );
}
