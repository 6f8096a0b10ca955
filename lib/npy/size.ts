/** Byte counts and shapes spelled for messages. */

const UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/** "8000000000 bytes (7.45 GiB)"; plain "64 bytes" below 1 KiB. */
export function formatByteCount(bytes: bigint | number): string {
  const exact = `${bytes} bytes`;
  let value = Number(bytes);
  if (value < 1024) return exact;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${exact} (${Number(value.toPrecision(3))} ${UNITS[unit]})`;
}

/** Python's tuple spelling of a shape: "()", "(5,)", "(2, 3)". */
export function formatShape(shape: readonly (number | bigint)[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
