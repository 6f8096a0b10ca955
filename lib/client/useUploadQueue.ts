"use client";
// The list of files being uploaded: each is checked, then sent, and may stop
// to ask before overwriting an existing array.
import { useCallback, useRef, useState } from "react";
import { checkNpyFile, defaultKey, existingArray, uploadFile, type ExistingArray, type UploadHandle } from "./uploadFile";

export type UploadStatus = "checking" | "invalid" | "ready" | "uploading" | "exists" | "stored" | "failed";

export interface UploadItem {
  id: number;
  file: File;
  key: string;
  status: UploadStatus;
  shape?: number[];
  dtypeWords?: string;
  progress: number;
  message?: string;
  /** What is stored under the key now, when the upload stopped to ask before overwriting it. */
  existing?: ExistingArray | null;
}

export function useUploadQueue() {
  const [items, setItems] = useState<UploadItem[]>([]);
  const nextId = useRef(1);
  const handles = useRef(new Map<number, UploadHandle>());

  const update = useCallback((id: number, patch: Partial<UploadItem>) => {
    setItems((list) => list.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }, []);

  const addFiles = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const id = nextId.current++;
        setItems((list) => [...list, { id, file, key: defaultKey(file.name), status: "checking", progress: 0 }]);
        checkNpyFile(file).then(
          (checked) => update(id, { status: "ready", shape: checked.shape, dtypeWords: checked.dtypeWords }),
          (e: unknown) => update(id, { status: "invalid", message: e instanceof Error ? e.message : String(e) }),
        );
      }
    },
    [update],
  );

  const askToOverwrite = useCallback(
    (id: number, key: string, existing: ExistingArray | null) => update(id, { status: "exists", message: `"${key}" already exists`, existing }),
    [update],
  );

  const send = useCallback(
    (item: UploadItem, prefix: string, overwrite: boolean) => {
      const key = prefix + item.key;
      if (key === "") {
        update(item.id, { status: "failed", message: "the key is empty; type one" });
        return;
      }
      update(item.id, { status: "uploading", progress: 0, message: undefined, existing: undefined });
      const start = () => {
        const handle = uploadFile(item.file, key, overwrite, (progress) => update(item.id, { progress }));
        handles.current.set(item.id, handle);
        handle.done.then((outcome) => {
          handles.current.delete(item.id);
          if (outcome.kind === "stored") update(item.id, { status: "stored", progress: 1, message: outcome.replaced ? "replaced" : "stored" });
          else if (outcome.kind === "exists") askToOverwrite(item.id, key, outcome.existing);
          else update(item.id, { status: "failed", message: outcome.error });
        });
      };
      if (overwrite) return start();
      existingArray(key).then(
        (existing) => (existing ? askToOverwrite(item.id, key, existing) : start()),
        (e: unknown) => update(item.id, { status: "failed", message: `could not check whether "${key}" exists: ${e instanceof Error ? e.message : String(e)}` }),
      );
    },
    [update, askToOverwrite],
  );

  const setKey = useCallback((id: number, key: string) => update(id, { key }), [update]);
  const cancel = useCallback((id: number) => handles.current.get(id)?.abort(), []);
  const remove = useCallback((id: number) => {
    handles.current.get(id)?.abort();
    setItems((list) => list.filter((item) => item.id !== id));
  }, []);
  const clearFinished = useCallback(() => setItems((list) => list.filter((item) => item.status !== "stored" && item.status !== "invalid")), []);

  return { items, addFiles, send, setKey, cancel, remove, clearFinished };
}
