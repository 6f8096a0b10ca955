import { appOrigin, SESSION_COOKIE } from "./access";
import { SESSION_LIFETIME_MS } from "./sessions";

/** Set-Cookie for a session id; an empty id clears the cookie. Secure whenever the browser reached us over https. */
export function sessionCookie(request: Request, id: string): string {
  const secure = appOrigin(request)?.startsWith("https:") ? "; Secure" : "";
  const maxAge = id ? SESSION_LIFETIME_MS / 1000 : 0;
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}
