// Short human texts for sizes and durations in lists and metadata.
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/**
 * A time to live in milliseconds (the API's `ttl`; -1: none) in two units at most,
 * "1 min 30 s", so a countdown moves every second while under an hour.
 */
export function formatTtl(ttlMs: number): string {
  if (ttlMs < 0) return "—";
  const seconds = Math.ceil(ttlMs / 1000);
  const units: [string, number][] = [
    ["d", 86400],
    ["h", 3600],
    ["min", 60],
    ["s", 1],
  ];
  const first = units.findIndex(([, size]) => seconds >= size);
  if (first < 0) return "0 s";
  const parts = units.slice(first, first + 2).map(([name, size], i) => {
    const count = i === 0 ? Math.floor(seconds / size) : Math.floor((seconds % units[first][1]) / size);
    return count > 0 ? `${count} ${name}` : null;
  });
  return parts.filter(Boolean).join(" ");
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? "() scalar" : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
