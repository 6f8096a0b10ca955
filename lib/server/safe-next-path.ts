// Any base works: only whether `next` keeps its origin matters, not which origin it is.
const BASE = "http://dashboard.invalid";
const BACKSLASH_OR_SPACE = /[\\\s]/;
const DELETE = 0x7f;

// Backslashes, whitespace and ASCII control characters: browsers drop or turn them into "/"
// before resolving ("/\evil.example", "/\t/evil.example" both lead off-site).
function browserRewrites(path: string): boolean {
  if (BACKSLASH_OR_SPACE.test(path)) return true;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code < 0x20 || code === DELETE) return true;
  }
  return false;
}

/** Where to go after login: a path on this dashboard only, never another site. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || browserRewrites(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  return url.pathname + url.search + url.hash;
}
