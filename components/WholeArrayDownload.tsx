"use client";
// What waits for a partial array's whole download shows where it stands:
// an offer to start it (naming its size), its progress with Cancel, or why it
// failed with a retry. The plane views stay usable meanwhile.
import { formatBytes } from "@/lib/client/format";
import type { WholeArrayDownload as Download } from "@/lib/client/use-whole-array";
import { LoadProgress } from "./LoadProgress";
import { buttonClass, secondaryTextClass } from "./styles";

interface Props {
  download: Download;
  totalBytes: number;
  /** What the download is for, e.g. "to compute them". */
  purpose: string;
}

export function WholeArrayDownload({ download, totalBytes, purpose }: Props) {
  const { whole, request, cancel } = download;
  if (whole.phase === "downloading") {
    return <LoadProgress progress={whole.progress} parsing={false} onCancel={cancel} label="Downloading the whole array…" testId="whole-progress" />;
  }
  if (whole.phase === "failed") {
    return (
      <div className="flex flex-col items-start gap-2 text-sm">
        <p className={secondaryTextClass} data-testid="whole-failed">
          The whole array was not downloaded ({whole.error}).
        </p>
        <button type="button" className={buttonClass} onClick={request}>
          Download it again ({formatBytes(totalBytes)})
        </button>
      </div>
    );
  }
  if (whole.phase === "idle") {
    return (
      <button type="button" className={buttonClass} onClick={request}>
        Download the whole array ({formatBytes(totalBytes)}) {purpose}
      </button>
    );
  }
  return null;
}
