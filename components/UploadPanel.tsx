"use client";
// Upload .npy files (and the arrays of .npz archives) by picker or by dropping them
// anywhere on the page. Each array is checked in the browser first, gets an editable key, and is sent
// with its own progress bar; an existing key is only replaced on request.
import { useEffect, useRef, useState } from "react";
import { formatBytes, formatShape } from "@/lib/client/format";
import { useUploadQueue, type UploadItem } from "@/lib/client/use-upload-queue";
import { ProgressBar } from "./ProgressBar";
import { buttonClass, inputClass, panelClass, primaryButtonClass, secondaryTextClass } from "./styles";

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes("Files");
}

export function UploadPanel({ onStored }: { onStored: (key: string) => void }) {
  const queue = useUploadQueue();
  const [prefix, setPrefix] = useState("");
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const reported = useRef(new Set<number>());
  const { addFiles } = queue;

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      addFiles(Array.from(e.dataTransfer.files));
    };
    window.addEventListener("dragenter", enter);
    window.addEventListener("dragover", over);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragenter", enter);
      window.removeEventListener("dragover", over);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, [addFiles]);

  useEffect(() => {
    for (const item of queue.items) {
      if (item.status === "stored" && !reported.current.has(item.id)) {
        reported.current.add(item.id);
        onStored(prefix + item.key);
      }
    }
  }, [queue.items, onStored, prefix]);

  const ready = queue.items.filter((i) => i.status === "ready");

  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={picker}
          id="upload-files"
          type="file"
          accept=".npy,.npz,application/octet-stream,application/zip"
          multiple
          aria-label="Choose .npy or .npz files to upload"
          className="sr-only"
          onChange={(e) => {
            if (e.target.files) addFiles(Array.from(e.target.files));
            e.target.value = "";
          }}
        />
        <button type="button" className={primaryButtonClass} onClick={() => picker.current?.click()}>
          Upload .npy / .npz
        </button>
      </div>
      {dragging && (
        <div className="pointer-events-none fixed inset-0 z-50 grid place-items-center bg-sky-500/15 backdrop-blur-sm" aria-hidden>
          <p className="rounded-lg border-2 border-dashed border-sky-500 bg-white px-8 py-6 text-lg font-medium text-sky-800 dark:bg-slate-900 dark:text-sky-200">
            Drop .npy or .npz files to upload
          </p>
        </div>
      )}
      {queue.items.length > 0 && (
        <section aria-label="Uploads" className={`${panelClass} basis-full p-3`}>
          <div className="mb-2 flex flex-wrap items-end gap-3">
            <label className={`flex flex-col gap-1 text-xs font-medium ${secondaryTextClass}`}>
              Key prefix (optional)
              <input className={inputClass} value={prefix} placeholder="e.g. run:42:" onChange={(e) => setPrefix(e.target.value)} />
            </label>
            <button
              type="button"
              className={primaryButtonClass}
              disabled={ready.length === 0}
              onClick={() => ready.forEach((item) => queue.send(item, prefix, false))}
            >
              Upload {ready.length > 1 ? `all ${ready.length}` : ready.length === 1 ? "1 file" : ""}
            </button>
            <button type="button" className={buttonClass} onClick={queue.clearFinished}>
              Clear finished
            </button>
          </div>
          {/* Scrolls by itself past a few files, so a long queue never squeezes the array list below out of sight. */}
          <ul
            className="max-h-[min(24rem,40dvh)] divide-y divide-slate-200 overflow-y-auto pr-1 dark:divide-slate-800"
            data-testid="upload-list"
            tabIndex={0}
            aria-label={`${queue.items.length} files`}
          >
            {queue.items.map((item) => (
              <UploadRow key={item.id} item={item} prefix={prefix} queue={queue} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

const STATUS_TEXT: Record<UploadItem["status"], string> = {
  checking: "checking…",
  invalid: "not a valid .npy",
  skipped: "skipped",
  ready: "ready",
  uploading: "uploading",
  exists: "already exists",
  stored: "stored",
  failed: "failed",
};

/** A member of an .npz that is not read as an array: its name, why, and a way to dismiss it. */
function SkippedRow({ item, queue }: { item: UploadItem; queue: ReturnType<typeof useUploadQueue> }) {
  return (
    <li className="flex flex-wrap items-center gap-2 py-2 text-sm" data-testid="upload-row" data-status={item.status}>
      <span className="min-w-0 truncate font-medium" title={item.label}>
        {item.label}
      </span>
      <span className="text-xs text-amber-700 dark:text-amber-300">skipped: {item.message}</span>
      <button type="button" className={`${buttonClass} ml-auto`} aria-label={`Remove ${item.label} from the list`} onClick={() => queue.remove(item.id)}>
        ✕
      </button>
    </li>
  );
}

function UploadRow({ item, prefix, queue }: { item: UploadItem; prefix: string; queue: ReturnType<typeof useUploadQueue> }) {
  if (item.status === "skipped") return <SkippedRow item={item} queue={queue} />;
  const editable = item.status === "ready" || item.status === "exists" || item.status === "failed";
  const bad = item.status === "invalid" || item.status === "failed";
  return (
    <li className="flex flex-col gap-1.5 py-2 text-sm" data-testid="upload-row" data-status={item.status}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 truncate font-medium" title={item.label}>
          {item.label}
        </span>
        <span className={secondaryTextClass}>{formatBytes(item.file.size)}</span>
        {item.shape && (
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
            {formatShape(item.shape)} {item.dtypeWords}
          </span>
        )}
        <span
          className={`ml-auto text-xs font-medium ${bad ? "text-red-600 dark:text-red-400" : item.status === "stored" ? "text-emerald-600 dark:text-emerald-400" : secondaryTextClass}`}
        >
          {STATUS_TEXT[item.status]}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex min-w-0 flex-1 items-center gap-2">
          <span className={`text-xs ${secondaryTextClass}`}>Key</span>
          {prefix && <span className={`font-mono text-xs ${secondaryTextClass}`}>{prefix}</span>}
          <input
            className={`${inputClass} min-w-0 flex-1 font-mono`}
            value={item.key}
            disabled={!editable}
            aria-label={`Key for ${item.label}`}
            onChange={(e) => queue.setKey(item.id, e.target.value)}
          />
        </label>
        {item.status === "ready" && (
          <button type="button" className={buttonClass} onClick={() => queue.send(item, prefix, false)}>
            Upload
          </button>
        )}
        {item.status === "failed" && (
          <button type="button" className={buttonClass} onClick={() => queue.send(item, prefix, false)}>
            Retry
          </button>
        )}
        {item.status === "exists" && (
          <>
            <button type="button" className={primaryButtonClass} onClick={() => queue.send(item, prefix, true)}>
              Overwrite
            </button>
            <button type="button" className={buttonClass} onClick={() => queue.remove(item.id)}>
              Skip
            </button>
          </>
        )}
        {item.status === "uploading" && (
          <button type="button" className={buttonClass} onClick={() => queue.cancel(item.id)}>
            Cancel
          </button>
        )}
        {item.status !== "uploading" && item.status !== "exists" && (
          <button type="button" className={buttonClass} aria-label={`Remove ${item.label} from the list`} onClick={() => queue.remove(item.id)}>
            ✕
          </button>
        )}
      </div>
      {(item.status === "uploading" || item.status === "stored") && <ProgressBar fraction={item.progress} label={`Upload progress of ${item.label}`} thin />}
      {item.status === "exists" && <OverwriteQuestion item={item} />}
      {item.message && item.status !== "stored" && item.status !== "exists" && (
        <p role={bad ? "alert" : undefined} className={`text-xs ${bad ? "text-red-700 dark:text-red-300" : "text-amber-700 dark:text-amber-300"}`}>
          {item.message}
        </p>
      )}
    </li>
  );
}

/** "Already exists": what is stored under the key now next to what this file would put there. */
function OverwriteQuestion({ item }: { item: UploadItem }) {
  const describe = (shape: number[] | undefined, dtype: string | undefined) =>
    shape ? `${formatShape(shape)} ${dtype ?? ""}` : "unknown (written just now by someone else)";
  return (
    <div className="text-xs text-amber-800 dark:text-amber-200" data-testid="overwrite-question">
      <p>{item.message}. Overwrite it?</p>
      <dl className="mt-0.5 grid grid-cols-[max-content_1fr] gap-x-2 font-mono">
        <dt className="font-sans">Stored now</dt>
        <dd data-testid="overwrite-existing">{describe(item.existing?.shape, item.existing?.dtypeWords)}</dd>
        <dt className="font-sans">This file</dt>
        <dd data-testid="overwrite-new">{describe(item.shape, item.dtypeWords)}</dd>
      </dl>
    </div>
  );
}
