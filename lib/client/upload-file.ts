// Checks a .npy file in the browser before anything is sent, and sends it
// with XMLHttpRequest because fetch cannot report upload progress.
import { describeDtype, headerByteLength, parseHeader } from "@/lib/npy";
import { arrayUrl, lookUpArrays } from "./api";
import { formatShape } from "./format";
import { dtypeWordsFromHeader } from "./list-row";

export interface CheckedFile {
  shape: number[];
  dtypeWords: string;
}

const PREFIX_BYTES = 1 << 16;

/**
 * Reads the file's header with lib/npy (throwing its reason when malformed)
 * and checks the data is all there, without reading the data itself.
 */
export async function checkNpyFile(file: File): Promise<CheckedFile> {
  let prefix = new Uint8Array(await file.slice(0, PREFIX_BYTES).arrayBuffer());
  const needed = headerByteLength(prefix);
  if (needed !== null && needed > prefix.length) prefix = new Uint8Array(await file.slice(0, needed).arrayBuffer());
  const header = parseHeader(prefix);
  const follow = file.size - header.dataOffset;
  if (!header.pickled && follow < header.dataBytes) {
    throw new Error(
      `data section is too short: header declares shape ${formatShape(header.shape)} of ${describeDtype(header.dtype)} = ${header.dataBytes} bytes but ${follow} bytes follow the header`,
    );
  }
  return { shape: [...header.shape], dtypeWords: describeDtype(header.dtype) };
}

/** The key a file gets by default: its name without ".npy" (or, for an archive, ".npz"). */
export function defaultKey(fileName: string): string {
  return fileName.replace(/\.np[yz]$/i, "");
}

/** An .npz (np.savez): its members are uploaded one by one. */
export function isNpzFile(file: File): boolean {
  return /\.npz$/i.test(file.name);
}

/** The key an .npz member gets by default: `<archive stem>:<member name>`. */
export function npzMemberKey(archiveName: string, member: string): string {
  return `${defaultKey(archiveName)}:${member}`;
}

/** The array already stored under a key, as the overwrite question shows it. */
export interface ExistingArray {
  shape: number[];
  dtypeWords: string;
}

export type UploadOutcome = { kind: "stored"; replaced: boolean } | { kind: "exists"; existing: ExistingArray | null } | { kind: "failed"; error: string };

/**
 * The array under `key`, or null when there is none. Asked through the lookup that
 * answers 200 either way: a 404 or 412 would be logged as an error by the browser.
 */
export async function existingArray(key: string, signal?: AbortSignal): Promise<ExistingArray | null> {
  const found = (await lookUpArrays([key], signal)).items.find((item) => item.key === key);
  return found ? { shape: found.shape, dtypeWords: dtypeWordsFromHeader(found.header) ?? found.descr } : null;
}

export interface UploadHandle {
  done: Promise<UploadOutcome>;
  abort: () => void;
}

export function uploadFile(file: File, key: string, overwrite: boolean, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 201) resolve({ kind: "stored", replaced: xhr.status === 200 });
      // Written by someone else since existingArray looked: the one case where a 412 still shows.
      else if (xhr.status === 412) resolve({ kind: "exists", existing: null });
      else resolve({ kind: "failed", error: serverReason(xhr) });
    };
    xhr.onerror = () => resolve({ kind: "failed", error: "the upload did not reach the server; check that the dashboard is running" });
    xhr.onabort = () => resolve({ kind: "failed", error: "cancelled" });
  });
  xhr.open("PUT", arrayUrl(key));
  xhr.setRequestHeader("Content-Type", "application/octet-stream");
  if (!overwrite) xhr.setRequestHeader("If-None-Match", "*");
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}

function serverReason(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: unknown };
    if (typeof body.error === "string") return body.error;
  } catch {
    // not JSON
  }
  return `the server answered ${xhr.status} ${xhr.statusText}`;
}
