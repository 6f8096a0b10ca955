// Login sessions: a random id per login, held in this process with its expiry, so a
// session ends on the server (logout, expiry) and not only in the browser. Kept in
// globalThis because proxy.ts (pages) and the route handlers are bundled apart but run
// in one process. A restart of the app ends every session: users log in again.
import { processMap } from "./process-map";

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
// Logins beyond this evict the oldest session, so a flood of logins cannot grow memory.
const MAX_SESSIONS = 10_000;

/** Session id → expiry (ms since the epoch), oldest first. */
const sessions = processMap<string, number>("sessions", MAX_SESSIONS);

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Starts a session and returns its id, the value of the login cookie. */
export function startSession(now = Date.now()): string {
  const id = randomId();
  sessions().set(id, now + SESSION_LIFETIME_MS);
  return id;
}

/** Whether `id` names a session that was started here and has neither ended nor expired. */
export function isLiveSession(id: string, now = Date.now()): boolean {
  const store = sessions();
  const expires = store.get(id);
  if (expires === undefined) return false;
  if (expires > now) return true;
  store.delete(id);
  return false;
}

export function endSession(id: string): void {
  sessions().delete(id);
}
