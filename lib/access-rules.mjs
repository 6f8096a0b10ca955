// Access rules shared by `npm start` and the app server (plain Node, scripts/) and by
// the app itself (lib/server/access.ts), so all of them judge a host name and a
// dashboard token by the same rule.

/** Shorter tokens can be guessed; 16 characters of `openssl rand -hex` carry 64 bits. */
export const MIN_TOKEN_LENGTH = 16;

/** Loopback names: localhost (and *.localhost), all of 127.0.0.0/8, and ::1, bracketed or not. */
export function isLoopbackHostname(hostname) {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare.endsWith(".localhost") || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** Why DASHBOARD_TOKEN cannot be used, or null when it can. */
export function dashboardTokenProblem(token) {
  if (token.length >= MIN_TOKEN_LENGTH) return null;
  return `DASHBOARD_TOKEN is ${token.length} characters long; use at least ${MIN_TOKEN_LENGTH}, ` + "e.g. DASHBOARD_TOKEN=$(openssl rand -hex 24)";
}
