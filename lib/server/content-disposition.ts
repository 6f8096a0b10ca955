// `Content-Disposition: attachment` naming the download `{key}.npy` (or `{name}.npz`):
// an ASCII fallback safe in any browser, plus RFC 8187 `filename*` with the exact name.

function asciiFallback(key: string): string {
  const safe = key
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+|_+$/g, "")
    .slice(0, 120);
  return safe || "array";
}

function encodeRfc8187(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function attachmentDisposition(name: string, extension: "npy" | "npz" = "npy"): string {
  const exact = name.replace(/[/\\]/g, "_");
  return `attachment; filename="${asciiFallback(name)}.${extension}"; filename*=UTF-8''${encodeRfc8187(exact)}.${extension}`;
}
