"use client";
// Asks before deleting several arrays, naming how many, then deletes them.
import { useState } from "react";
import { Dialog, DialogError, messageOf } from "./Dialog";
import { buttonClass, dangerButtonClass } from "./styles";

interface Props {
  /** "Delete 3 arrays?" */
  question: string;
  /** What exactly goes, e.g. the pattern. */
  detail: string;
  /** Deletes; resolves with how many were deleted. */
  remove: () => Promise<number>;
  onClose: () => void;
  onDone: (deleted: number) => void;
}

export function ConfirmDelete({ question, detail, remove, onClose, onDone }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await remove());
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={question} onClose={onClose}>
      <p className="text-sm text-slate-700 dark:text-slate-300">{detail} They cannot be brought back.</p>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" className={buttonClass} onClick={onClose} autoFocus>
          Keep them
        </button>
        <button type="button" className={dangerButtonClass} disabled={busy} onClick={confirm}>
          {busy ? "Deleting…" : "Delete"}
        </button>
      </div>
      <DialogError error={error} />
    </Dialog>
  );
}
