"use client";
// The list of files being uploaded: each is checked, then sent, and may stop
// to ask before overwriting an existing array. An .npz becomes one item per member.
import { useCallback, useRef, useState } from "react";
import { readNpz } from "@/lib/npz/read-npz";
import { checkNpyFile, defaultKey, existingArray, isNpzFile, npzMemberKey, uploadFile, type ExistingArray } from "./upload-file";

export type UploadStatus = "checking" | "invalid" | "skipped" | "ready" | "uploading" | "exists" | "stored" | "failed";

export interface UploadItem {
  id: number;
  file: File;
  /** What the list calls it: the file's name, or "archive.npz › member.npy". */
  label: string;
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
  /** How to stop each item's work under way: the existence check, then the upload itself. */
  const stops = useRef(new Map<number, () => void>());

  const update = useCallback((id: number, patch: Partial<UploadItem>) => {
    setItems((list) => list.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }, []);

  const addNpy = useCallback(
    (file: File, label: string, key: string) => {
      const id = nextId.current++;
      setItems((list) => [...list, { id, file, label, key, status: "checking", progress: 0 }]);
      checkNpyFile(file).then(
        (checked) => update(id, { status: "ready", shape: checked.shape, dtypeWords: checked.dtypeWords }),
        (e: unknown) => update(id, { status: "invalid", message: reasonOf(e) }),
      );
    },
    [update],
  );

  const addRefused = useCallback((file: File, label: string, status: "invalid" | "skipped", message: string) => {
    const id = nextId.current++;
    setItems((list) => [...list, { id, file, label, key: defaultKey(file.name), status, progress: 0, message }]);
  }, []);

  /** Each .npy member as an item of its own; members that cannot be read are listed with the reason, the rest still go. */
  const addArchive = useCallback(
    async (archive: File) => {
      try {
        const { members, skipped } = await readNpz(archive);
        for (const member of members) addNpy(member.file, `${archive.name} › ${member.name}.npy`, npzMemberKey(archive.name, member.name));
        for (const { member, reason } of skipped) addRefused(archive, `${archive.name} › ${member}`, "skipped", reason);
        if (members.length + skipped.length === 0) addRefused(archive, archive.name, "invalid", "the archive holds no arrays");
      } catch (e) {
        addRefused(archive, archive.name, "invalid", reasonOf(e));
      }
    },
    [addNpy, addRefused],
  );

  const addFiles = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        if (isNpzFile(file)) void addArchive(file);
        else addNpy(file, file.name, defaultKey(file.name));
      }
    },
    [addNpy, addArchive],
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
        stops.current.set(item.id, handle.abort);
        void handle.done.then((outcome) => {
          stops.current.delete(item.id);
          if (outcome.kind === "stored") update(item.id, { status: "stored", progress: 1, message: outcome.replaced ? "replaced" : "stored" });
          else if (outcome.kind === "exists") askToOverwrite(item.id, key, outcome.existing);
          else update(item.id, { status: "failed", message: outcome.error });
        });
      };
      if (overwrite) return start();
      const checking = new AbortController();
      stops.current.set(item.id, () => checking.abort());
      existingArray(key, checking.signal).then(
        (existing) => {
          stops.current.delete(item.id);
          if (existing) askToOverwrite(item.id, key, existing);
          else start();
        },
        (e: unknown) => {
          stops.current.delete(item.id);
          const reason = checking.signal.aborted ? "cancelled" : `could not check whether "${key}" exists: ${e instanceof Error ? e.message : String(e)}`;
          update(item.id, { status: "failed", message: reason });
        },
      );
    },
    [update, askToOverwrite],
  );

  const setKey = useCallback((id: number, key: string) => update(id, { key }), [update]);
  const cancel = useCallback((id: number) => stops.current.get(id)?.(), []);
  const remove = useCallback((id: number) => {
    stops.current.get(id)?.();
    setItems((list) => list.filter((item) => item.id !== id));
  }, []);
  const clearFinished = useCallback(
    () => setItems((list) => list.filter((item) => item.status !== "stored" && item.status !== "invalid" && item.status !== "skipped")),
    [],
  );

  return { items, addFiles, send, setKey, cancel, remove, clearFinished };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
