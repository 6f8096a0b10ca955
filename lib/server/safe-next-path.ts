/** Where to go after login: a same-site path only, never another site ("//evil", "https://…"). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\\\")) return "/";
  return next;
}
