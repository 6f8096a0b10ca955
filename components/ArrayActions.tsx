"use client";
// What one can do with an array: download its exact bytes, copy its key or
// a Python snippet, delete it (after confirming).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { arrayUrl, deleteArray } from "@/lib/client/api";
import { loadSnippet } from "@/lib/client/pythonSnippet";
import { useRedisAddress } from "@/lib/client/useRedisAddress";
import { CopyButton } from "./CopyButton";
import { TtlEditor } from "./TtlEditor";
import { buttonClass, dangerButtonClass, primaryButtonClass } from "./styles";

export function ArrayActions({ arrayKey }: { arrayKey: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const address = useRedisAddress();
  const [editingTtl, setEditingTtl] = useState(false);
  const remove = async () => {
    try {
      await deleteArray(arrayKey);
      router.push("/");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
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
      <button type="button" className={buttonClass} onClick={() => setEditingTtl(true)}>
        TTL…
      </button>
      {editingTtl && <TtlEditor keys={[arrayKey]} currentTtl={-1} onClose={() => setEditingTtl(false)} />}
      {confirming ? (
        <span role="group" aria-label="Confirm delete" className="flex items-center gap-2 rounded-md border border-red-300 px-2 py-1 text-sm dark:border-red-800">
          Delete for good?
          <button type="button" className={dangerButtonClass} onClick={remove} autoFocus>
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
      {error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          Could not delete: {error}
        </p>
      )}
    </div>
  );
}
