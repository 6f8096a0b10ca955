// How wide a matrix column must be for the longest text numpy prints for a
// dtype (e.g. -9223372036854775808, -1.7976931348623157e+308), in characters, so
// every value shows whole and columns do not shift as the table scrolls.
const INT_DIGITS: Record<number, number> = { 1: 4, 2: 6, 4: 11, 8: 20 };
const FLOAT_CHARS: Record<number, number> = { 2: 10, 4: 15, 8: 24, 16: 30 };
/** Text longer than this is cut in the cell (the whole text is in its tooltip). */
export const MAX_CELL_CHARS = 48;

export function cellChars(kind: string, itemsize: number): number {
  switch (kind) {
    case "bool":
      return 5;
    case "int":
    case "uint":
      return INT_DIGITS[itemsize] ?? 20;
    case "float":
      return FLOAT_CHARS[itemsize] ?? 30;
    case "complex":
      // Both parts, a sign between them, "j" and the parentheses numpy writes.
      return 2 * (FLOAT_CHARS[itemsize / 2] ?? 30) + 4;
    case "datetime":
    case "timedelta":
      return 32;
    case "unicode":
      return Math.min(MAX_CELL_CHARS, Math.max(4, itemsize / 4 + 2));
    case "bytes":
      return Math.min(MAX_CELL_CHARS, Math.max(4, itemsize * 4 + 3));
    default:
      return Math.min(MAX_CELL_CHARS, Math.max(8, itemsize * 3));
  }
}
