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

/** Redis TTL in seconds: -1 means none. */
export function formatTtl(ttl: number): string {
  if (ttl < 0) return "—";
  if (ttl < 60) return `${ttl} s`;
  if (ttl < 3600) return `${Math.floor(ttl / 60)} min`;
  if (ttl < 86400) return `${Math.floor(ttl / 3600)} h`;
  return `${Math.floor(ttl / 86400)} d`;
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? "() scalar" : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
