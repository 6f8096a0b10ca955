import type { ReactNode } from "react";

/** A checkbox with its label, styled like every other one in the dashboard. */
export function Checkbox({
  checked,
  onChange,
  className = "gap-1.5",
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Layout of the label (spacing, margins, text size). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={`flex items-center ${className}`}>
      <input type="checkbox" className="h-4 w-4 accent-sky-600" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}
