// The rules of the live array page, as pure functions: what an event on the
// stream means for the array on screen, when the next check may run, and the
// metadata of a version that arrived by refresh.
import type { ArrayEvent, ArrayInfo } from "@/lib/api-types";
import type { ArrayDescription } from "./worker-protocol";

/** At most this often a new version is downloaded: a few times a second, whatever the write rate. */
export const MIN_CHECK_INTERVAL_MS = 300;
/** After a failed check the next waits this long, doubling up to MAX_RETRY_MS. */
export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 30_000;

/** Why the version on screen is no longer in Redis. */
export type Removal = { how: "deleted" | "expired" } | { how: "renamed"; to: string };

/** What an event means for the array named `key`: written (check it), removed, or nothing. */
export type KeyChange = { kind: "written" } | { kind: "removed"; removal: Removal };

export function changeFor(event: ArrayEvent, key: string): KeyChange | null {
  if (event.key === key) {
    if (event.type === "set" || event.type === "renamed") return { kind: "written" };
    return { kind: "removed", removal: { how: event.type === "del" ? "deleted" : "expired" } };
  }
  if (event.type === "renamed" && event.from === key) return { kind: "removed", removal: { how: "renamed", to: event.key } };
  return null;
}

export interface CheckTiming {
  /** When the last check started and ended (ms, any clock); null before the first. */
  lastStartedAt: number | null;
  lastEndedAt: number | null;
  /** Checks that failed in a row. */
  failures: number;
}

/** How long to wait before the next check may start. */
export function nextCheckDelay(timing: CheckTiming, now: number): number {
  if (timing.failures > 0) {
    const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (timing.failures - 1));
    return Math.max(0, (timing.lastEndedAt ?? now) + backoff - now);
  }
  return timing.lastStartedAt === null ? 0 : Math.max(0, timing.lastStartedAt + MIN_CHECK_INTERVAL_MS - now);
}

/**
 * NP.INFO's fields for a version the worker parsed, so the metadata always
 * describes the bytes on screen (asking NP.INFO again could describe a later
 * write). The TTL is not in the bytes; it stays as last read.
 */
export function infoOfVersion(previous: ArrayInfo, summary: ArrayDescription): ArrayInfo {
  return {
    ...previous,
    version: summary.version,
    header: summary.headerText,
    descr: summary.descr,
    shape: summary.shape,
    fortranOrder: summary.fortranOrder,
    dataOffset: summary.dataOffset,
    bytes: summary.totalBytes,
    itemsize: summary.itemsize,
    size: summary.size,
    etag: summary.etag ?? previous.etag,
  };
}

/** The notice's first sentence: what happened to the key. */
export function removalText(key: string, removal: Removal): string {
  switch (removal.how) {
    case "deleted":
      return `${key} was deleted from Redis.`;
    case "expired":
      return `${key} expired (its TTL ran out) and is no longer in Redis.`;
    case "renamed":
      return `${key} was renamed to ${removal.to}.`;
  }
}
