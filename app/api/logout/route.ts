import { SESSION_COOKIE } from "@/lib/server/access";
import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/logout: clears the session cookie and returns to /login. */
export const POST = apiRoute(
  async () =>
    new Response(null, {
      status: 303,
      headers: { Location: "/login", "Set-Cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` },
    }),
  { requireLogin: false },
);

export const GET = methodNotAllowed(["POST"]);
