// Typed calls to the dashboard's HTTP API (see issue 4 for the contract).
import type { ArrayCount, ArrayInfo, ArrayListPage, ArrayLookup, Health } from "@/lib/api-types";
import { encodeKeySegment } from "@/lib/key-segment";
import { errorFromResponse } from "./fetch-bytes";

export function arrayUrl(key: string): string {
  return `/api/arrays/${encodeKeySegment(key)}`;
}

/** An .npz of the named arrays, or of every array matching a glob, each member the stored bytes. */
export function npzUrl(of: { keys: readonly string[] } | { match: string }): string {
  const query = new URLSearchParams();
  if ("keys" in of) of.keys.forEach((key) => query.append("key", key));
  else query.set("match", of.match);
  return `/api/npz?${query}`;
}

export function arrayPageUrl(key: string): string {
  return `/arrays/${encodeKeySegment(key)}`;
}

export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  try {
    const response = await fetch("/api/health", { cache: "no-store", signal });
    const body = (await response.json()) as Health;
    if (response.ok || body.error) return body;
    return { ok: false, error: `health check answered ${response.status}` };
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

/** List rows for the named keys; those that are not arrays (any more) come back as missing. */
export async function lookUpArrays(keys: string[], signal?: AbortSignal): Promise<ArrayLookup> {
  const query = new URLSearchParams(keys.map((key) => ["key", key]));
  const response = await fetch(`/api/arrays?${query}`, { cache: "no-store", signal });
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as ArrayLookup;
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

/** One step of counting the arrays that match a glob (see ArrayCount). */
export async function countArrays(match: string, cursor: string, signal?: AbortSignal): Promise<ArrayCount> {
  const query = new URLSearchParams({ cursor });
  if (match) query.set("match", match);
  const response = await fetch(`/api/array-count?${query}`, { cache: "no-store", signal });
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as ArrayCount;
}
