// A Redis key as one URL path segment, for the API (/api/arrays/<segment>) and the
// pages (/arrays/<segment>). encodeURIComponent alone cannot carry every key: URL
// parsers resolve the segments "." and ".." (and their %2E spellings) away, and an
// empty segment vanishes. Those keys, and keys starting with "~" (so the escape stays
// unambiguous), get a "~" in front: "" → "~", "." → "~.", ".." → "~..", "~a" → "~~a".
const ESCAPE = "~";

function needsEscape(key: string): boolean {
  return key === "" || key === "." || key === ".." || key.startsWith(ESCAPE);
}

export function encodeKeySegment(key: string): string {
  const encoded = encodeURIComponent(key);
  return needsEscape(key) ? ESCAPE + encoded : encoded;
}

/** The key a segment names; throws URIError when the segment is not valid percent-encoded UTF-8. */
export function decodeKeySegment(segment: string): string {
  return decodeURIComponent(segment.startsWith(ESCAPE) ? segment.slice(ESCAPE.length) : segment);
}
