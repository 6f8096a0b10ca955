"use client";
// What one can do with an array: download its exact bytes, copy its key or
// a Python snippet, delete it (after confirming).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { arrayUrl, deleteArray, fetchInfo } from "@/lib/client/api";
import { loadSnippet } from "@/lib/client/python-snippet";
import { useRedisAddress } from "@/lib/client/use-redis-address";
import { CopyButton } from "./CopyButton";
import { ErrorNote } from "./ErrorNote";
import { TtlEditor } from "./TtlEditor";
import { buttonClass, dangerButtonClass, primaryButtonClass } from "./styles";

export function ArrayActions({ arrayKey }: { arrayKey: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const address = useRedisAddress();
  /** The TTL (ms, -1: none) read when the editor was opened, so it starts from the value now, not the one at load. */
  const [editingTtl, setEditingTtl] = useState<number | null>(null);
  const editTtl = async () => {
    try {
      const info = await fetchInfo(arrayKey);
      if (!info) throw new Error(`"${arrayKey}" no longer exists`);
      setError(null);
      setEditingTtl(info.ttl);
    } catch (e) {
      setError(`Could not read the TTL: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const remove = async () => {
    try {
      await deleteArray(arrayKey);
      router.push("/");
    } catch (e) {
      setError(`Could not delete: ${e instanceof Error ? e.message : String(e)}`);
      setConfirming(false);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <a className={primaryButtonClass} href={`${arrayUrl(arrayKey)}?download=1`} download={`${arrayKey}.npy`}>
        Download .npy
      </a>
      <CopyButton text={arrayKey} label="Copy key" />
      <CopyButton text={address && loadSnippet(arrayKey, address)} label="Copy Python" />
      <button type="button" className={buttonClass} onClick={() => void editTtl()}>
        TTL…
      </button>
      {editingTtl !== null && <TtlEditor keys={[arrayKey]} currentTtl={editingTtl} onClose={() => setEditingTtl(null)} />}
      {confirming ? (
        <span
          role="group"
          aria-label="Confirm delete"
          className="flex items-center gap-2 rounded-md border border-red-300 px-2 py-1 text-sm dark:border-red-800"
        >
          Delete for good?
          <button type="button" className={dangerButtonClass} onClick={() => void remove()} autoFocus>
            Delete
          </button>
          <button type="button" className={buttonClass} onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className={dangerButtonClass} onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
      {error && <ErrorNote className="w-full">{error}</ErrorNote>}
    </div>
  );
}
