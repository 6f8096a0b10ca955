// A thin progress bar; without a fraction it pulses (work of unknown length).
export function ProgressBar({ fraction, label, thin = false }: { fraction: number | null; label: string; thin?: boolean }) {
  const known = fraction !== null;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={known ? Math.floor(fraction * 100) : undefined}
      className={`${thin ? "h-1.5" : "h-2"} w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800`}
    >
      <div
        className={`h-full rounded-full bg-sky-600 transition-[width] duration-150 dark:bg-sky-400 ${known ? "" : "animate-pulse"}`}
        style={{ width: `${known ? Math.max(1, fraction * 100) : 100}%` }}
      />
    </div>
  );
}
