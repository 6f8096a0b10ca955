import "server-only";
import { ApiError } from "./errors";

/** `?ttl=` on PUT: whole seconds (EX), "keep" (KEEPTTL), or absent (no TTL, like SET). */
export function parseTtl(raw: string | null): number | "keep" | undefined {
  if (raw === null || raw === "") return undefined;
  if (raw === "keep") return "keep";
  const seconds = Number(raw);
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new ApiError(400, `ttl must be a positive whole number of seconds or "keep", not "${raw}"`);
  }
  return seconds;
}
