"use client";
// A modal dialog (the native <dialog>: focus trapped, Escape closes it).
import { useEffect, useRef, type ReactNode } from "react";
import { ErrorNote } from "./ErrorNote";
import { panelClass } from "./styles";

export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-label={title}
      onClose={onClose}
      className={`${panelClass} m-auto w-[min(32rem,calc(100vw-2rem))] p-4 text-slate-900 backdrop:bg-slate-900/40 dark:text-slate-100`}
    >
      <h2 className="mb-3 text-base font-semibold">{title}</h2>
      {children}
    </dialog>
  );
}

/** The reason an action failed, under the dialog's controls. */
export function DialogError({ error }: { error: string | null }) {
  if (!error) return null;
  return <ErrorNote className="mt-3">{error}</ErrorNote>;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
