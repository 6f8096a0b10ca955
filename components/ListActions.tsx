"use client";
// The browse list's actions on ticked arrays (TTL, rename, copy, delete, download as
// .npz) and on every array matching the filter (delete by pattern, download as .npz).
import { useState } from "react";
import { MAX_NPZ_KEYS } from "@/lib/api-types";
import { npzUrl } from "@/lib/client/api";
import { deleteKeys, deleteMatching } from "@/lib/client/key-actions";
import { ConfirmDelete } from "./ConfirmDelete";
import { KeyNameEditor, type KeyNameAction } from "./KeyNameEditor";
import { TtlEditor } from "./TtlEditor";
import { buttonClass, dangerButtonClass } from "./styles";

type OpenDialog = null | "ttl" | KeyNameAction | "deleteSelected" | "deleteMatching";

interface Props {
  selected: readonly string[];
  /** The SCAN pattern of the filter; "" when there is none. */
  match: string;
  /** Arrays matching it, when known exactly. */
  matchingCount: number | null;
  ttlOf: (key: string) => number;
  onClearSelection: () => void;
  /** What happened, for the status line. */
  onMessage: (message: string) => void;
}

const arrays = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "array" : "arrays"}`;

export function ListActions({ selected, match, matchingCount, ttlOf, onClearSelection, onMessage }: Props) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const close = () => setDialog(null);
  const one = selected.length === 1 ? selected[0] : null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
      {selected.length > 0 && (
        <>
          <span className="font-medium" data-testid="selected-count">
            {arrays(selected.length)} selected
          </span>
          <button type="button" className={buttonClass} onClick={() => setDialog("ttl")}>
            TTL…
          </button>
          {one !== null && (
            <>
              <button type="button" className={buttonClass} onClick={() => setDialog("rename")}>
                Rename…
              </button>
              <button type="button" className={buttonClass} onClick={() => setDialog("copy")}>
                Copy…
              </button>
            </>
          )}
          {selected.length <= MAX_NPZ_KEYS && (
            <a className={buttonClass} href={npzUrl({ keys: selected })} download>
              Download .npz
            </a>
          )}
          <button type="button" className={dangerButtonClass} onClick={() => setDialog("deleteSelected")}>
            Delete {arrays(selected.length)}…
          </button>
          <button type="button" className={buttonClass} onClick={onClearSelection}>
            Clear selection
          </button>
        </>
      )}
      {match !== "" && matchingCount !== null && matchingCount > 0 && (
        <a className={buttonClass} href={npzUrl({ match })} download>
          Download {arrays(matchingCount)} as .npz
        </a>
      )}
      {/* Only with a filter: deleting every array in the database should take more than one click on an empty box. */}
      {match !== "" && matchingCount !== null && matchingCount > 0 && (
        <button type="button" className={dangerButtonClass} onClick={() => setDialog("deleteMatching")}>
          Delete all {arrays(matchingCount)} matching…
        </button>
      )}
      {dialog === "ttl" && <TtlEditor keys={selected} currentTtl={ttlOf(selected[0])} onClose={close} />}
      {(dialog === "rename" || dialog === "copy") && one !== null && (
        <KeyNameEditor
          action={dialog}
          from={one}
          onClose={close}
          onDone={(to) => {
            onMessage(`${dialog === "rename" ? "Renamed" : "Copied"} ${one} to ${to}`);
            if (dialog === "rename") onClearSelection();
            close();
          }}
        />
      )}
      {dialog === "deleteSelected" && (
        <ConfirmDelete
          question={`Delete ${arrays(selected.length)}?`}
          detail={one !== null ? `The array ${one} will be deleted.` : `The ${arrays(selected.length)} you selected will be deleted.`}
          remove={(onProgress, signal) => deleteKeys(selected, onProgress, signal)}
          onClose={close}
          onDone={(deleted, stopped) => {
            onMessage(`${stopped ? "Stopped after deleting" : "Deleted"} ${arrays(deleted)}`);
            onClearSelection();
            close();
          }}
        />
      )}
      {dialog === "deleteMatching" && matchingCount !== null && (
        <ConfirmDelete
          question={`Delete all ${arrays(matchingCount)} matching ${match}?`}
          detail={`Every array whose key matches ${match} will be deleted, also any written since the count; keys of other types stay.`}
          remove={(onProgress, signal) => deleteMatching(match, onProgress, signal)}
          onClose={close}
          onDone={(deleted, stopped) => {
            onMessage(`${stopped ? "Stopped after deleting" : "Deleted"} ${arrays(deleted)} matching ${match}`);
            onClearSelection();
            close();
          }}
        />
      )}
    </div>
  );
}
