import { NextResponse, type NextRequest } from "next/server";
import { checkAccess } from "@/lib/server/access";

/**
 * Pages: the Host check, and with DASHBOARD_TOKEN a login. /api/* is guarded in
 * its handlers (lib/server/api-route.ts) instead, because a proxy in front of a
 * route makes Next buffer the request body, which would hold whole uploads in
 * memory (and cut them at proxyClientMaxBodySize).
 */
export function proxy(request: NextRequest) {
  const isLogin = request.nextUrl.pathname === "/login";
  const verdict = checkAccess(request, { requireLogin: !isLogin });
  if (verdict.allowed) return NextResponse.next();
  if (verdict.status === 401) {
    // Next needs an absolute Location here; build it on the host name the browser used.
    const origin = `${request.nextUrl.protocol}//${request.headers.get("host") ?? request.nextUrl.host}`;
    const login = new URL("/login", origin);
    login.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(login, 307);
  }
  return new NextResponse(verdict.reason, { status: verdict.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
