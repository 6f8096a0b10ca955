// Summary statistics of the plotted values (a field or complex part, if picked).
import { formatNumber } from "@/lib/client/colorScale";
import type { StatsResult } from "@/lib/client/workerProtocol";
import { labelClass, panelClass } from "./styles";

export function ArrayStats({ stats, subject, error }: { stats: StatsResult | null; subject: string; error: string | null }) {
  const rows: [string, string][] = stats
    ? [
        ["min", stats.exactMin ?? formatNumber(stats.min)],
        ["max", stats.exactMax ?? formatNumber(stats.max)],
        ["mean", formatNumber(stats.mean)],
        ["std", formatNumber(stats.std)],
        ["count", stats.count.toLocaleString("en-US")],
        ["NaN", stats.nanCount.toLocaleString("en-US")],
        ["+Inf", stats.posInfCount.toLocaleString("en-US")],
        ["−Inf", stats.negInfCount.toLocaleString("en-US")],
      ]
    : [];
  return (
    <section aria-labelledby="stats-title" className={`${panelClass} p-4`}>
      <h2 id="stats-title" className={labelClass}>
        Statistics {subject && <span className="normal-case tracking-normal">of {subject}</span>}
      </h2>
      {error ? (
        <p className="mt-2 text-sm text-slate-500">{error}</p>
      ) : !stats ? (
        <p className="mt-2 text-sm text-slate-500">computing…</p>
      ) : (
        <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-4 lg:grid-cols-2">
          {rows.map(([label, value]) => (
            <div key={label} className="min-w-0">
              <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
              <dd className="truncate font-mono tabular-nums" data-testid={`stat-${label}`} title={value}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
