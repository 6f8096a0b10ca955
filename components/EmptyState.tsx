"use client";
// What the browse page shows when Redis holds no arrays yet: how to add some.
import { saveSnippet } from "@/lib/client/python-snippet";
import { useRedisAddress } from "@/lib/client/use-redis-address";
import { CopyButton } from "./CopyButton";
import { panelClass, secondaryTextClass } from "./styles";

export function EmptyState() {
  const address = useRedisAddress();
  const snippet = address && saveSnippet(address);
  return (
    <section className={`${panelClass} mx-auto max-w-2xl p-6 text-center`} aria-labelledby="empty-title">
      <h2 id="empty-title" className="text-lg font-semibold">
        No arrays yet
      </h2>
      <p className={`mt-2 text-sm ${secondaryTextClass}`}>
        Drop <code>.npy</code> files anywhere on this page, use <strong>Upload .npy</strong> above, or save one from Python:
      </p>
      <pre className="mt-4 overflow-x-auto rounded-md bg-slate-900 p-4 text-left font-mono text-sm text-slate-100 dark:bg-black">{snippet ?? "…"}</pre>
      <div className="mt-3 flex justify-center">
        <CopyButton text={snippet} label="Copy Python" />
      </div>
      <p className={`mt-3 text-xs ${secondaryTextClass}`}>New arrays appear here as soon as they are written.</p>
    </section>
  );
}
