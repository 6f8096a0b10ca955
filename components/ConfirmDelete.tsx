"use client";
// Asks before deleting several arrays, naming how many, then deletes them,
// counting as it goes; a long delete can be stopped between rounds.
import { useRef, useState } from "react";
import type { DeleteOutcome, DeleteProgress } from "@/lib/client/key-actions";
import { Dialog, DialogError, messageOf } from "./Dialog";
import { buttonClass, dangerButtonClass } from "./styles";

interface Props {
  /** "Delete 3 arrays?" */
  question: string;
  /** What exactly goes, e.g. the pattern. */
  detail: string;
  /** Deletes, reporting the count so far; stops early when the signal is aborted. */
  remove: (onProgress: DeleteProgress, signal: AbortSignal) => Promise<DeleteOutcome>;
  onClose: () => void;
  /** `stopped`: the user stopped it before every array was deleted. */
  onDone: (deleted: number, stopped: boolean) => void;
}

export function ConfirmDelete({ question, detail, remove, onClose, onDone }: Props) {
  // The question as it was asked: the live count it names keeps falling while the arrays go, and the dialog must not be renamed under the user.
  const [asked] = useState(question);
  const [busy, setBusy] = useState(false);
  const [deletedSoFar, setDeletedSoFar] = useState<number | null>(null);
  const [stopping, setStopping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef<AbortController | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    const controller = new AbortController();
    stop.current = controller;
    try {
      const outcome = await remove(setDeletedSoFar, controller.signal);
      onDone(outcome.deleted, !outcome.complete);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    // Closing the dialog while it deletes stops it too, after the round under way.
    <Dialog
      title={asked}
      onClose={() => {
        stop.current?.abort();
        onClose();
      }}
    >
      <p className="text-sm text-slate-700 dark:text-slate-300">{detail} They cannot be brought back.</p>
      {deletedSoFar !== null && (
        <p className="mt-3 text-sm tabular-nums" role="status" data-testid="delete-progress">
          Deleted {deletedSoFar.toLocaleString("en-US")} so far…
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        {busy ? (
          <button
            type="button"
            className={buttonClass}
            disabled={stopping}
            onClick={() => {
              setStopping(true);
              stop.current?.abort();
            }}
            autoFocus
          >
            {stopping ? "Stopping after this round…" : "Stop"}
          </button>
        ) : (
          <button type="button" className={buttonClass} onClick={onClose} autoFocus>
            Keep them
          </button>
        )}
        <button type="button" className={dangerButtonClass} disabled={busy} onClick={() => void confirm()}>
          {busy ? "Deleting…" : "Delete"}
        </button>
      </div>
      <DialogError error={error} />
    </Dialog>
  );
}
