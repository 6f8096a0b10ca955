// Typed calls for the Redis basics on arrays: TTL, rename, copy, deleting several.
import type { ArraysDeleted, ArrayTtlChange, KeyTransfer } from "@/lib/api-types";
import { arrayUrl } from "./api";
import { errorFromResponse } from "./fetch-bytes";

/** Keys per delete request: the server takes at most 200 key= at once. */
const DELETE_BATCH = 200;

async function send<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as T;
}

/** Expire the array in `seconds`, or never (null). */
export function setTtl(key: string, seconds: number | null): Promise<ArrayTtlChange> {
  return seconds === null ? send(`${arrayUrl(key)}/ttl`, "DELETE") : send(`${arrayUrl(key)}/ttl`, "PUT", { seconds });
}

export function renameKey(from: string, to: string): Promise<KeyTransfer> {
  return send(`${arrayUrl(from)}/rename`, "POST", { to });
}

export function copyKey(from: string, to: string): Promise<KeyTransfer> {
  return send(`${arrayUrl(from)}/copy`, "POST", { to });
}

/** How far a long delete has got: arrays deleted so far. */
export type DeleteProgress = (deleted: number) => void;

/** What a delete that may be stopped did: how many went, and whether it got through all of them. */
export interface DeleteOutcome {
  deleted: number;
  complete: boolean;
}

/** Deletes the named arrays, in batches, reporting the count after each; stops between batches once the signal is aborted. */
export async function deleteKeys(keys: readonly string[], onProgress: DeleteProgress, signal: AbortSignal): Promise<DeleteOutcome> {
  let deleted = 0;
  let sent = 0;
  while (sent < keys.length && !signal.aborted) {
    const query = new URLSearchParams(keys.slice(sent, sent + DELETE_BATCH).map((key) => ["key", key]));
    deleted += (await send<ArraysDeleted>(`/api/arrays?${query}`, "DELETE")).deleted;
    sent += DELETE_BATCH;
    onProgress(deleted);
  }
  return { deleted, complete: sent >= keys.length };
}

/**
 * Deletes every array whose key matches the glob, one server round (a SCAN step) per
 * request, reporting the count after each. Aborting the signal stops after the round
 * under way (at most a few hundred keys), so the count stays exact.
 */
export async function deleteMatching(match: string, onProgress: DeleteProgress, signal: AbortSignal): Promise<DeleteOutcome> {
  let deleted = 0;
  let cursor = "0";
  do {
    const round = await send<ArraysDeleted>(`/api/arrays?${new URLSearchParams({ match, cursor })}`, "DELETE");
    deleted += round.deleted;
    cursor = round.cursor ?? "0";
    onProgress(deleted);
  } while (cursor !== "0" && !signal.aborted);
  return { deleted, complete: cursor === "0" };
}
