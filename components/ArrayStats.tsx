// Summary statistics of the plotted values (a field or complex part, if picked),
// of the plane on screen or of the whole array, as the heading says.
import type { ReactNode } from "react";
import { formatNumber } from "@/lib/client/color-scale";
import { finiteRangeText, noFiguresSentence } from "@/lib/client/stats-text";
import type { StatsResult } from "@/lib/client/worker-protocol";
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

interface Props {
  stats: StatsResult | null;
  /** What the figures describe, e.g. "the plane [3, :, :]"; "" for the array itself. */
  subject: string;
  error: string | null;
  /** Shown instead of "computing…" while the figures wait for something (the whole array's download). */
  waiting?: ReactNode;
  /** Tells the panels apart in tests when there are two. */
  testId?: string;
}

export function ArrayStats({ stats, subject, error, waiting, testId = "stats" }: Props) {
  const sentence = stats && noFiguresSentence(stats);
  const rows = stats ? statRows(stats, sentence) : [];
  const titleId = `${testId}-title`;
  return (
    <section aria-labelledby={titleId} className={`${panelClass} p-4`} data-testid={testId}>
      <h2 id={titleId} className={labelClass}>
        Statistics {subject && <span className="normal-case tracking-normal">of {subject}</span>}
      </h2>
      {error ? (
        <p className={`mt-2 text-sm ${secondaryTextClass}`}>{error}</p>
      ) : !stats && waiting ? (
        <div className="mt-2 text-sm">{waiting}</div>
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
