// HTTP Range for one resource of known length (RFC 9110 §14): a single
// `bytes=` range; multiple ranges are answered whole, as the RFC allows.

export type RangeRequest =
  | { kind: "whole" }
  | { kind: "partial"; start: number; end: number } // inclusive end
  | { kind: "unsatisfiable" };

const SINGLE_RANGE = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/** What to send for a Range header against `length` bytes. Malformed headers are ignored (whole). */
export function parseRange(header: string | null, length: number): RangeRequest {
  if (header === null) return { kind: "whole" };
  const match = SINGLE_RANGE.exec(header);
  if (!match) return { kind: "whole" };
  const [, first, last] = match;
  if (first === "" && last === "") return { kind: "whole" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || length === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(first);
  const end = last === "" ? length - 1 : Math.min(Number(last), length - 1);
  if (last !== "" && Number(last) < start) return { kind: "whole" };
  if (start >= length) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}

// Range positions beyond any array's length, kept within what Redis takes as an integer.
const clampPosition = (text: string) => Math.min(Number(text), Number.MAX_SAFE_INTEGER);

/**
 * NP.GETRANGE's start and end (inclusive, negative from the end, clamped as
 * GETRANGE does) for a Range header, before the array's length is known: the
 * bytes parseRange picks once it is. [1, 0] (no bytes) where parseRange will
 * find the range unsatisfiable whatever the length.
 */
export function rangeArgs(header: string | null): [number, number] {
  const match = header === null ? null : SINGLE_RANGE.exec(header);
  if (!match) return [0, -1];
  const [, first, last] = match;
  if (first === "" && last === "") return [0, -1];
  if (first === "") return Number(last) === 0 ? [1, 0] : [-clampPosition(last), -1];
  if (last !== "" && Number(last) < Number(first)) return [0, -1];
  return [clampPosition(first), last === "" ? -1 : clampPosition(last)];
}

function opaqueTag(tag: string): string {
  return tag.trim().replace(/^W\//, "");
}

/** If-None-Match against our ETag (weak comparison, as the RFC requires for it). */
export function noneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => opaqueTag(tag) === etag);
}

/** If-Range: a range applies only if the strong ETag still matches; dates never match (we send no Last-Modified). */
export function rangeStillValid(ifRange: string | null, etag: string): boolean {
  if (ifRange === null) return true;
  const tag = ifRange.trim();
  return !tag.startsWith("W/") && tag === etag;
}
