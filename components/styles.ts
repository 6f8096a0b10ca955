// Shared class lists so every button and field looks and focuses the same.
// Colours keep text at 4.5:1 or more (white on sky-700 is 5.9:1; sky-600 was 4.0:1).
export const buttonClass = [
  "inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm",
  "hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50",
  "dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800",
].join(" ");

export const primaryButtonClass = [
  "inline-flex items-center gap-1.5 rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-sm",
  "hover:bg-sky-800 disabled:cursor-not-allowed disabled:opacity-50",
  "dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400",
].join(" ");

export const dangerButtonClass = [
  "inline-flex items-center gap-1.5 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 shadow-sm",
  "hover:bg-red-50 disabled:opacity-50",
  "dark:border-red-800 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950",
].join(" ");

export const inputClass = [
  "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm",
  "placeholder:text-slate-400",
  "dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
].join(" ");

export const panelClass = "rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900";

export const labelClass = "text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400";

/**
 * A row of mutually exclusive buttons (the view tabs, rows or columns): the group's
 * frame, and each button, chosen or not.
 */
export const segmentedGroupClass = "flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700";

export function segmentClass(chosen: boolean): string {
  return `rounded px-3 py-1 text-sm ${chosen ? "bg-sky-700 text-white dark:bg-sky-500 dark:text-slate-950" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`;
}

/** Secondary text (labels, hints): at least 4.5:1 against the panels in light and dark mode. */
export const secondaryTextClass = "text-slate-600 dark:text-slate-400";

/** A shared class list with a caller's additions (undefined ones left out). */
export function joinClasses(...names: (string | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
