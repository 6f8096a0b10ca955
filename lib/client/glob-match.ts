// Redis's glob rules (*, ?, [abc], [^a-z], backslash escapes), so rows
// announced by the event stream are filtered like SCAN MATCH would.
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") source += "[\\s\\S]*";
    else if (c === "?") source += "[\\s\\S]";
    else if (c === "\\" && i + 1 < pattern.length) source += escapeChar(pattern[++i]);
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end === -1) {
        source += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith("^");
      if (negate) body = body.slice(1);
      source += `[${negate ? "^" : ""}${body.replace(/[\\\]]/g, "\\$&")}]`;
      i = end;
    } else source += escapeChar(c);
  }
  return new RegExp(`^${source}$`, "u");
}

// Only the characters with a meaning in a pattern: under the "u" flag escaping any
// other ("\-", "\/") is a syntax error, which made every pattern with a "-" match all keys.
function escapeChar(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function globMatches(pattern: string, key: string): boolean {
  return globMatcher(pattern)(key);
}

/** A test for one pattern, compiled once: live updates test thousands of keys against it. */
export function globMatcher(pattern: string): (key: string) => boolean {
  if (pattern === "" || pattern === "*") return () => true;
  try {
    const regExp = globToRegExp(pattern);
    return (key) => regExp.test(key);
  } catch {
    return () => true;
  }
}

const GLOB_CHARACTERS = /[*?[\\]/;

/** A glob matching every key that starts with `prefix`, whatever characters it holds. */
export function prefixGlob(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
}

/**
 * The SCAN pattern for what was typed in the filter box: a glob as it is, plain
 * text as a substring (`frame` finds `myframe:1`), since few people type `*frame*`.
 */
export function filterToGlob(typed: string): string {
  const text = typed.trim();
  if (text === "" || GLOB_CHARACTERS.test(text)) return text;
  return `*${text}*`;
}
