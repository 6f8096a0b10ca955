// Typed calls to the dashboard's HTTP API (see issue 4 for the contract).
import { errorFromResponse } from "./fetchBytes";

export interface ArrayListItem {
  key: string;
  bytes: number;
  header: string;
  version: string;
  ttl: number;
  descr?: string;
  shape?: number[];
  fortranOrder?: boolean;
}

export interface ArrayListPage {
  cursor: string;
  items: ArrayListItem[];
}

export interface ArrayInfo {
  key: string;
  version: string;
  header: string;
  /** The descr literal as written in the header, e.g. "'<f8'". */
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  dataOffset: number;
  bytes: number;
  itemsize: number;
  size: number;
  etag: string;
  ttl?: number;
}

export type Health = { ok: true; redis: string; module: string } | { ok: false; error: string };

export function arrayUrl(key: string): string {
  return `/api/arrays/${encodeURIComponent(key)}`;
}

export function arrayPageUrl(key: string): string {
  return `/arrays/${encodeURIComponent(key)}`;
}

export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  try {
    const response = await fetch("/api/health", { cache: "no-store", signal });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.ok && body.ok === true) return { ok: true, redis: String(body.redis ?? ""), module: String(body.module ?? "") };
    return { ok: false, error: typeof body.error === "string" ? body.error : `health check answered ${response.status}` };
  } catch (e) {
    if (signal?.aborted) throw e;
    return { ok: false, error: "the dashboard server does not answer; is `npm start` still running?" };
  }
}

export async function listArrays(match: string, cursor: string, count: number, signal?: AbortSignal): Promise<ArrayListPage> {
  const query = new URLSearchParams({ cursor, count: String(count) });
  if (match) query.set("match", match);
  const response = await fetch(`/api/arrays?${query}`, { cache: "no-store", signal });
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as ArrayListPage;
}

/** NP.INFO of one array, or null when the key no longer exists. */
export async function fetchInfo(key: string, signal?: AbortSignal): Promise<ArrayInfo | null> {
  const response = await fetch(`${arrayUrl(key)}/info`, { cache: "no-store", signal });
  if (response.status === 404) return null;
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as ArrayInfo;
}

export async function deleteArray(key: string): Promise<void> {
  const response = await fetch(arrayUrl(key), { method: "DELETE" });
  if (!response.ok && response.status !== 404) throw await errorFromResponse(response);
}

/** A list row built from NP.INFO, for arrays announced by the event stream. */
export function listItemFromInfo(key: string, info: ArrayInfo): ArrayListItem {
  return {
    key,
    bytes: info.bytes,
    header: info.header,
    version: info.version,
    ttl: info.ttl ?? -1,
    descr: info.descr,
    shape: info.shape,
    fortranOrder: info.fortranOrder,
  };
}
