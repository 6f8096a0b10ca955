// Any base works: only whether `next` keeps its origin matters, not which origin it is.
const BASE = "http://dashboard.invalid";
// Backslashes, whitespace and control characters: browsers drop or turn them into "/"
// before resolving ("/\evil.example", "/\t/evil.example" both lead off-site).
const BROWSER_REWRITTEN = /[\\\s\u0000-\u001f\u007f]/;

/** Where to go after login: a path on this dashboard only, never another site. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || BROWSER_REWRITTEN.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  return url.pathname + url.search + url.hash;
}
