"use client";
// A button that copies text and says so for a moment; disabled while the text is not known yet.
import { useState } from "react";
import { buttonClass } from "./styles";

export function CopyButton({ text, label }: { text: string | null; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 1500);
  };
  return (
    <button type="button" className={buttonClass} onClick={() => void copy()} disabled={text === null} aria-live="polite">
      {state === "copied" ? "Copied" : state === "failed" ? "Copy blocked by the browser" : label}
    </button>
  );
}
