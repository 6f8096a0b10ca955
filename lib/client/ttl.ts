// A key's time to live as a deadline on the page's clock, so it can count down between readings.

/** When the key expires (ms since the epoch), null for no TTL; `ttlMs` is the API's value (-1: none). */
export function expiryOf(ttlMs: number, now: number): number | null {
  return ttlMs < 0 ? null : now + ttlMs;
}

/** Milliseconds left (never below 0), or -1 when the key has no TTL: the API's convention, for formatTtl. */
export function remainingMs(expiresAt: number | null, now: number): number {
  return expiresAt === null ? -1 : Math.max(0, expiresAt - now);
}
