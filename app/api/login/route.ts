import { constantTimeEqual, dashboardToken, SESSION_COOKIE, sessionCookieValue } from "@/lib/server/access";
import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { jsonError } from "@/lib/server/errors";
import { safeNextPath } from "@/lib/server/safe-next-path";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const THIRTY_DAYS = 30 * 24 * 60 * 60;

interface LoginAttempt {
  token: string;
  next: string;
  wantsJson: boolean;
}

async function readAttempt(request: Request): Promise<LoginAttempt> {
  if ((request.headers.get("content-type") ?? "").includes("application/json")) {
    const body = (await request.json().catch(() => ({}))) as { token?: unknown };
    return { token: typeof body.token === "string" ? body.token : "", next: "/", wantsJson: true };
  }
  const form = await request.formData().catch(() => null);
  return { token: String(form?.get("token") ?? ""), next: safeNextPath(String(form?.get("next") ?? "/")), wantsJson: false };
}

// Relative Location: right behind any host name or reverse proxy.
const seeOther = (path: string) => new Response(null, { status: 303, headers: { Location: path } });

function sessionCookie(request: Request, value: string): string {
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${THIRTY_DAYS}${secure ? "; Secure" : ""}`;
}

/**
 * POST /api/login: form fields `token` and `next` (the /login page) → 303 to `next`
 * with the session cookie, or back to /login?error=1; a JSON body {token} → 204 / 401.
 */
export const POST = apiRoute(
  async (request) => {
    const token = dashboardToken();
    const attempt = await readAttempt(request);
    const accepted = token === undefined || (await constantTimeEqual(attempt.token, token));
    if (!accepted) {
      if (attempt.wantsJson) return jsonError(401, "wrong token: use the DASHBOARD_TOKEN the server was started with");
      return seeOther(`/login?error=1&next=${encodeURIComponent(attempt.next)}`);
    }
    const response = attempt.wantsJson ? new Response(null, { status: 204 }) : seeOther(attempt.next);
    if (token !== undefined) response.headers.append("Set-Cookie", sessionCookie(request, await sessionCookieValue(token)));
    return response;
  },
  { requireLogin: false },
);

export const GET = methodNotAllowed(["POST"]);
