import { clientAddress, constantTimeEqual, dashboardToken } from "@/lib/server/access";
import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { jsonError } from "@/lib/server/errors";
import { loginWait, noteFailedLogin, noteSuccessfulLogin } from "@/lib/server/login-throttle";
import { safeNextPath } from "@/lib/server/safe-next-path";
import { sessionCookie } from "@/lib/server/session-cookie";
import { startSession } from "@/lib/server/sessions";

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
  return { token: formText(form, "token", ""), next: safeNextPath(formText(form, "next", "/")), wantsJson: false };
}

// The login form sends text fields; a file uploaded under one of their names counts as the field missing.
function formText(form: FormData | null, name: string, missing: string): string {
  const value = form?.get(name);
  return typeof value === "string" ? value : missing;
}

// Relative Location: right behind any host name or reverse proxy.
const seeOther = (path: string) => new Response(null, { status: 303, headers: { Location: path } });

function refused(attempt: LoginAttempt, error: "wrong" | "wait", waitMs = 0): Response {
  const seconds = Math.ceil(waitMs / 1000);
  if (!attempt.wantsJson) return seeOther(`/login?error=${error}${seconds ? `&wait=${seconds}` : ""}&next=${encodeURIComponent(attempt.next)}`);
  if (error === "wrong") return jsonError(401, "wrong token: use the DASHBOARD_TOKEN the server was started with");
  return jsonError(429, `too many wrong tokens from this address; try again in ${seconds} s`, { "Retry-After": String(seconds) });
}

/**
 * POST /api/login: form fields `token` and `next` (the /login page) → 303 to `next`
 * with a session cookie, or back to /login?error=…; a JSON body {token} → 204 / 401.
 * After five wrong tokens from one address, each further attempt waits twice as long
 * as the one before (429 with Retry-After), whether or not its token is right.
 */
export const POST = apiRoute(
  async (request) => {
    const token = dashboardToken();
    const attempt = await readAttempt(request);
    if (token === undefined) return attempt.wantsJson ? new Response(null, { status: 204 }) : seeOther(attempt.next);
    const client = clientAddress(request);
    const wait = loginWait(client);
    if (wait > 0) return refused(attempt, "wait", wait);
    if (!constantTimeEqual(attempt.token, token)) {
      noteFailedLogin(client);
      return refused(attempt, "wrong");
    }
    noteSuccessfulLogin(client);
    const response = attempt.wantsJson ? new Response(null, { status: 204 }) : seeOther(attempt.next);
    response.headers.append("Set-Cookie", sessionCookie(request, startSession()));
    return response;
  },
  { requireLogin: false },
);

export const GET = methodNotAllowed(["POST"]);
