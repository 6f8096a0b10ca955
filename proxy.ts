import { NextResponse, type NextRequest } from "next/server";
import { checkAccess } from "@/lib/server/access";

/**
 * Pages: the Host check, and with DASHBOARD_TOKEN a login. /api/* is guarded in
 * its handlers (lib/server/api-route.ts) instead, because a proxy in front of a
 * route makes Next buffer the request body, which would hold whole uploads in
 * memory (and cut them at proxyClientMaxBodySize).
 */
export async function proxy(request: NextRequest) {
  const isLogin = request.nextUrl.pathname === "/login";
  const verdict = await checkAccess(request, { requireLogin: !isLogin });
  if (verdict.allowed) return NextResponse.next();
  if (verdict.status === 401) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
    // Relative, so the browser stays on the host name it used.
    return new NextResponse(null, { status: 307, headers: { Location: login.pathname + login.search } });
  }
  return new NextResponse(verdict.reason, { status: verdict.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
