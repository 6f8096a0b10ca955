"use client";
// The SHA-256 row of a big stack shown a plane at a time: the hash needs every
// byte, so it says so, offers to fetch them, and follows the download.
import { formatBytes } from "@/lib/client/format";
import type { WholeArrayDownload } from "@/lib/client/use-whole-array";

const linkButtonClass = "text-sky-700 underline underline-offset-2 dark:text-sky-300";

export function WholeArrayHashNote({ download, totalBytes }: { download: WholeArrayDownload; totalBytes: number }) {
  const { whole, request } = download;
  if (whole.phase === "downloading") {
    const percent = whole.progress.total ? ` (${Math.floor((whole.progress.received / whole.progress.total) * 100)} %)` : "";
    return <>computed once the whole array is downloaded{percent}</>;
  }
  if (whole.phase === "ready" || whole.phase === "here") return <>computing…</>;
  return (
    <>
      {whole.phase === "failed"
        ? `not computed: the download of all ${formatBytes(totalBytes)} stopped.`
        : `not computed: only the planes on screen are downloaded, and the hash needs all ${formatBytes(totalBytes)}.`}{" "}
      <button type="button" className={linkButtonClass} onClick={request}>
        Download and compute
      </button>
    </>
  );
}
