// Wrong-token back-off per client address: the first few mistakes are free (typos),
// then each further one doubles the wait before the next attempt is even checked.
import { processMap } from "./process-map";

const FREE_FAILURES = 5;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;
// Addresses remembered at most; the oldest are forgotten first.
const MAX_CLIENTS = 10_000;

interface Failures {
  count: number;
  blockedUntil: number;
}

const failures = processMap<string, Failures>("login-failures", MAX_CLIENTS);

/** Milliseconds `client` must still wait before its next attempt is checked (0: none). */
export function loginWait(client: string, now = Date.now()): number {
  return Math.max(0, (failures().get(client)?.blockedUntil ?? 0) - now);
}

export function noteFailedLogin(client: string, now = Date.now()): void {
  const store = failures();
  const count = (store.get(client)?.count ?? 0) + 1;
  const delay = count <= FREE_FAILURES ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (count - FREE_FAILURES - 1));
  store.set(client, { count, blockedUntil: now + delay });
}

export function noteSuccessfulLogin(client: string): void {
  failures().delete(client);
}
