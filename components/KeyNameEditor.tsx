"use client";
// Rename or copy an array to a new key; the server refuses a name that is taken.
import { useState } from "react";
import { copyKey, renameKey } from "@/lib/client/key-actions";
import { Dialog, DialogError, messageOf } from "./Dialog";
import { buttonClass, inputClass, primaryButtonClass } from "./styles";

export type KeyNameAction = "rename" | "copy";

interface Props {
  action: KeyNameAction;
  from: string;
  onClose: () => void;
  /** Called with the new key once Redis has it. */
  onDone: (to: string) => void;
}

export function KeyNameEditor({ action, from, onClose, onDone }: Props) {
  const [to, setTo] = useState(action === "copy" ? `${from}:copy` : from);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const verb = action === "rename" ? "Rename" : "Copy";

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await (action === "rename" ? renameKey : copyKey)(from, to);
      onDone(to);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`${verb} ${from}`} onClose={onClose}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300">
          New key (an existing key is never overwritten)
          <input className={`${inputClass} font-mono`} value={to} onChange={(e) => setTo(e.target.value)} autoFocus />
        </label>
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonClass} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={primaryButtonClass} disabled={busy || to === "" || to === from}>
            {verb}
          </button>
        </div>
      </form>
      <DialogError error={error} />
    </Dialog>
  );
}
