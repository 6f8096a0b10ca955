import { cookieValue, SESSION_COOKIE } from "@/lib/server/access";
import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { sessionCookie } from "@/lib/server/session-cookie";
import { endSession } from "@/lib/server/sessions";

/** POST /api/logout: ends the session on the server (its cookie no longer works anywhere), clears the cookie, returns to /login. */
export const POST = apiRoute(
  (request) => {
    const id = cookieValue(request, SESSION_COOKIE);
    if (id) endSession(id);
    return new Response(null, { status: 303, headers: { Location: "/login", "Set-Cookie": sessionCookie(request, "") } });
  },
  { requireLogin: false },
);

export const GET = methodNotAllowed(["POST"]);
