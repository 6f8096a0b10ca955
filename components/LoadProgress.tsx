// The download bar shown while an array's bytes arrive, with Cancel.
import { formatBytes } from "@/lib/client/format";
import type { Progress } from "@/lib/client/fetchBytes";
import { ProgressBar } from "./ProgressBar";
import { buttonClass } from "./styles";

export function LoadProgress({ progress, parsing, onCancel }: { progress: Progress; parsing: boolean; onCancel: () => void }) {
  const fraction = progress.total ? progress.received / progress.total : null;
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="load-progress">
      <div className="min-w-48 flex-1">
        <div className="mb-1 flex justify-between text-xs text-slate-600 dark:text-slate-400">
          <span>{parsing ? "Parsing…" : "Downloading…"}</span>
          <span className="tabular-nums">
            {formatBytes(progress.received)}
            {progress.total !== null && ` of ${formatBytes(progress.total)}`}
            {fraction !== null && ` (${Math.floor(fraction * 100)}%)`}
          </span>
        </div>
        <ProgressBar fraction={parsing ? null : fraction} label="Download progress" />
      </div>
      {!parsing && (
        <button type="button" className={buttonClass} onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
