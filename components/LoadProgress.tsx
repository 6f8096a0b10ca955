// The download bar shown while an array's bytes arrive, with Cancel.
import { formatBytes } from "@/lib/client/format";
import type { Progress } from "@/lib/client/fetch-bytes";
import { ProgressBar } from "./ProgressBar";
import { buttonClass, secondaryTextClass } from "./styles";

interface Props {
  progress: Progress;
  parsing: boolean;
  onCancel: () => void;
  /** What is downloading, when it is not the array the page opens with. */
  label?: string;
  testId?: string;
}

export function LoadProgress({ progress, parsing, onCancel, label = "Downloading…", testId = "load-progress" }: Props) {
  const fraction = progress.total ? progress.received / progress.total : null;
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid={testId}>
      <div className="min-w-48 flex-1">
        <div className={`mb-1 flex justify-between gap-2 text-xs ${secondaryTextClass}`}>
          <span>{parsing ? "Parsing…" : label}</span>
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
