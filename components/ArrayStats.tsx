// Summary statistics of the plotted values (a field or complex part, if picked).
import { formatNumber } from "@/lib/client/colorScale";
import { finiteRangeText, noFiguresSentence } from "@/lib/client/statsText";
import type { StatsResult } from "@/lib/client/workerProtocol";
import { labelClass, panelClass, secondaryTextClass } from "./styles";

/** A figure's label, its text, and whether it is long (exact 64-bit integers): such take a whole row, uncut. */
type StatRow = [label: string, value: string, wide: boolean];

function statRows(stats: StatsResult, sentence: string | null): StatRow[] {
  const counts: StatRow[] = [
    ["NaN", stats.nanCount.toLocaleString("en-US"), false],
    ["+Inf", stats.posInfCount.toLocaleString("en-US"), false],
    ["−Inf", stats.negInfCount.toLocaleString("en-US"), false],
  ];
  if (sentence) return stats.nanCount + stats.posInfCount + stats.negInfCount > 0 ? counts : [];
  const finite = finiteRangeText(stats);
  return [
    ["min", stats.exactMin ?? formatNumber(stats.min), stats.exactMin !== undefined],
    ["max", stats.exactMax ?? formatNumber(stats.max), stats.exactMax !== undefined],
    ...(finite ? [["finite range", finite, true] satisfies StatRow] : []),
    ["mean", formatNumber(stats.mean), false],
    ["std", formatNumber(stats.std), false],
    ["count", stats.count.toLocaleString("en-US"), false],
    ...counts,
  ];
}

export function ArrayStats({ stats, subject, error }: { stats: StatsResult | null; subject: string; error: string | null }) {
  const sentence = stats && noFiguresSentence(stats);
  const rows = stats ? statRows(stats, sentence) : [];
  return (
    <section aria-labelledby="stats-title" className={`${panelClass} p-4`}>
      <h2 id="stats-title" className={labelClass}>
        Statistics {subject && <span className="normal-case tracking-normal">of {subject}</span>}
      </h2>
      {error ? (
        <p className={`mt-2 text-sm ${secondaryTextClass}`}>{error}</p>
      ) : !stats ? (
        <p className={`mt-2 text-sm ${secondaryTextClass}`}>computing…</p>
      ) : (
        <>
          {sentence && (
            <p className="mt-2 text-sm" data-testid="stats-sentence">
              {sentence}
            </p>
          )}
          <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-4 lg:grid-cols-2">
            {rows.map(([label, value, wide]) => (
              <div key={label} className={wide ? "col-span-2 min-w-0" : "min-w-0"}>
                <dt className={secondaryTextClass}>{label}</dt>
                <dd className="break-all font-mono tabular-nums" data-testid={`stat-${label}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
