// Who may use the dashboard: the Origin check against cross-site writes, the Host
// check against DNS rebinding, and DASHBOARD_TOKEN auth. proxy.ts (pages) and the API
// route wrapper (lib/server/api-route.ts) both call it.
import { createHash, timingSafeEqual } from "node:crypto";
import { isLoopbackHostname } from "@/lib/access-rules.mjs";
import type { HeaderReader } from "./api-reply";
import { rawSocketAddress } from "./raw-request";
import { isLiveSession } from "./sessions";

export const SESSION_COOKIE = "numpy_redis_session";
const WRITE_METHODS = new Set(["PUT", "DELETE", "POST", "PATCH"]);

/**
 * What the checks read of a request: a web Request, or the app's own server's
 * view of a node:http request (lib/server/node-api.ts), so both decide alike.
 */
export interface AccessRequest {
  method: string;
  headers: HeaderReader;
}

export type AccessVerdict = { allowed: true } | { allowed: false; status: 401 | 403; reason: string };

interface AccessSettings {
  token: string | undefined;
  trustProxy: boolean;
}

let settings: AccessSettings | null = null;

/**
 * The settings every request is judged by, read from the environment once: it
 * is fixed for the process's life, and reading process.env costs a lookup in
 * the C environment on every request.
 * TRUST_PROXY=1: the app runs behind a reverse proxy that sets X-Forwarded-Host,
 * -Proto and -For. Without it those headers are the client's own words and are ignored.
 */
function accessSettings(): AccessSettings {
  return (settings ??= { token: process.env.DASHBOARD_TOKEN || undefined, trustProxy: process.env.TRUST_PROXY === "1" });
}

export function dashboardToken(): string | undefined {
  return accessSettings().token;
}

function behindTrustedProxy(): boolean {
  return accessSettings().trustProxy;
}

function forwarded(request: AccessRequest, name: string): string | null {
  if (!behindTrustedProxy()) return null;
  return request.headers.get(name)?.split(",")[0].trim() || null;
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  return hostHeader.split(":")[0];
}

/** Scheme, host and port the browser addressed: this server's, or the trusted proxy's. */
export function appOrigin(request: AccessRequest): string | null {
  // The app's own server speaks plain HTTP; TLS is a proxy's job in front of it (TRUST_PROXY).
  const scheme = forwarded(request, "x-forwarded-proto") ?? "http";
  const host = forwarded(request, "x-forwarded-host") ?? request.headers.get("host");
  if (!host) return null;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/** The address the request came from: the socket's peer, or the one the trusted proxy names last. */
export function clientAddress(request: AccessRequest): string {
  const chain = behindTrustedProxy() ? request.headers.get("x-forwarded-for") : null;
  return chain?.split(",").at(-1)?.trim() || rawSocketAddress() || "unknown";
}

/** A write whose Origin is not exactly this app's (another site, scheme or port). No Origin: curl, scripts. */
export function isForeignWrite(request: AccessRequest): boolean {
  if (!WRITE_METHODS.has(request.method)) return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  let originOrigin: string;
  try {
    originOrigin = new URL(origin).origin;
  } catch {
    return true; // garbage is foreign
  }
  // "null" (sandboxed frames, file://) parses to the opaque origin "null": foreign too.
  return originOrigin === "null" || originOrigin !== appOrigin(request);
}

/**
 * Without a token the app trusts loopback callers only; a page on a rebinding
 * domain that resolves to 127.0.0.1 still sends its own name as Host, so refuse it.
 */
function isRebindingAttempt(request: AccessRequest): boolean {
  if (dashboardToken()) return false;
  // Host only: a same-origin page (which a rebound one is) can set X-Forwarded-Host itself.
  const host = request.headers.get("host") ?? "";
  return host !== "" && !isLoopbackHost(host);
}

function isLoopbackHost(host: string): boolean {
  return isLoopbackHostname(hostnameOf(host));
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Compares digests of both strings so neither content nor length leaks through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

export function cookieValue(request: AccessRequest, name: string): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Whether the request carries the dashboard token (bearer) or a login cookie; true when no token is set. */
export function isAuthenticated(request: AccessRequest): boolean {
  const token = dashboardToken();
  if (!token) return true;
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim();
  if (bearer !== undefined) return constantTimeEqual(bearer, token);
  const cookie = cookieValue(request, SESSION_COOKIE);
  return cookie !== null && isLiveSession(cookie);
}

/**
 * The access decision for any request, page or API. `requireLogin: false` is for
 * the login endpoint itself, which still gets the Host and Origin checks.
 */
export function checkAccess(request: AccessRequest, { requireLogin = true } = {}): AccessVerdict {
  if (isRebindingAttempt(request)) {
    return {
      allowed: false,
      status: 403,
      reason: `requests addressed to host "${request.headers.get("host")}" are refused: without DASHBOARD_TOKEN the dashboard answers loopback names only (127.0.0.1, localhost)`,
    };
  }
  if (isForeignWrite(request)) {
    return {
      allowed: false,
      status: 403,
      reason: `cross-origin ${request.method} refused: Origin ${request.headers.get("origin")} is not this dashboard's origin`,
    };
  }
  if (requireLogin && !isAuthenticated(request)) {
    return {
      allowed: false,
      status: 401,
      reason: "authentication required: send Authorization: Bearer <DASHBOARD_TOKEN> or log in at /login",
    };
  }
  return { allowed: true };
}
