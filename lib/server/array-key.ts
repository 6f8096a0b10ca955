import "server-only";
import { decodeKeySegment } from "@/lib/key-segment";
import { ApiError } from "./errors";

/**
 * The array key from the `[key]` route segment. Next hands the segment over
 * still percent-encoded in some cases and decoded in others, so it is taken
 * from the raw request path instead: one segment, decoded exactly once
 * (lib/key-segment.ts says how "", "." and ".." are spelled).
 */
export function arrayKeyFrom(request: Request): string {
  return arrayKeyFromPath(new URL(request.url).pathname);
}

/** The array key from a raw (still percent-encoded) /api/arrays/{key}[/…] path. */
export function arrayKeyFromPath(path: string): string {
  const match = /^\/api\/arrays\/([^/]+)(?:\/(?:info|plane|ttl|rename|copy))?\/?$/.exec(path);
  if (!match) throw new ApiError(404, `no API route at ${path}`);
  try {
    return decodeKeySegment(match[1]);
  } catch {
    throw new ApiError(400, `the key in ${path} is not valid percent-encoded UTF-8; encode it with encodeURIComponent`);
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A key Redis returned, as the API names it; null when it is not UTF-8 (no URL can name it). */
export function decodeKey(raw: Buffer): string | null {
  try {
    return utf8.decode(raw);
  } catch {
    return null;
  }
}
