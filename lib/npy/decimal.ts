/**
 * Exact decimal spelling of floats: the shortest decimal that reads back as
 * the same value at the float's own precision (what numpy's repr shows for
 * float16 and float32), spelled the way JavaScript's Number#toString spells it.
 */
import { roundToHalf } from "./floats";

export type FloatPrecision = 16 | 32 | 64;

const ROUND: Record<FloatPrecision, (x: number) => number> = {
  16: roundToHalf,
  32: Math.fround,
  64: (x) => x,
};

const MAX_DIGITS: Record<FloatPrecision, number> = { 16: 5, 32: 9, 64: 17 };

/** JavaScript's Number#toString layout for digits × 10^(point − digits.length). */
function layout(digits: string, point: number, negative: boolean): string {
  const k = digits.length;
  const n = point;
  let body: string;
  if (k <= n && n <= 21) body = digits + "0".repeat(n - k);
  else if (0 < n && n <= 21) body = `${digits.slice(0, n)}.${digits.slice(n)}`;
  else if (-6 < n && n <= 0) body = `0.${"0".repeat(-n)}${digits}`;
  else {
    const e = n - 1;
    body = `${digits[0]}${k > 1 ? `.${digits.slice(1)}` : ""}e${e >= 0 ? "+" : "-"}${Math.abs(e)}`;
  }
  return (negative ? "-" : "") + body;
}

/** Digits and decimal-point position of x rounded to p significant digits. */
function rounded(x: number, p: number): { digits: string; point: number } {
  const [mantissa, exponent] = x.toExponential(p - 1).split("e");
  return { digits: mantissa.replace(".", ""), point: Number(exponent) + 1 };
}

function value(digits: string, point: number): number {
  return Number(`${digits}e${point - digits.length}`);
}

/**
 * The p-digit decimal one unit in the last place up or down, or null when that
 * changes the digit count (then it is a shorter decimal, already tried).
 */
function neighbour(digits: string, point: number, step: 1n | -1n): { digits: string; point: number } | null {
  const next = (BigInt(digits) + step).toString();
  return next.length === digits.length ? { digits: next, point } : null;
}

/** Shortest digits that round to x at this precision; the closest to x among equally short ones. */
function shortestDigits(x: number, precision: FloatPrecision): { digits: string; point: number } {
  const round = ROUND[precision];
  for (let p = 1; p <= MAX_DIGITS[precision]; p++) {
    const nearest = rounded(x, p);
    if (round(value(nearest.digits, nearest.point)) === x) return nearest;
    // Just above a power of two the rounding interval is lopsided: a farther p-digit decimal may still round to x.
    for (const step of [1n, -1n] as const) {
      const other = neighbour(nearest.digits, nearest.point, step);
      if (other && round(value(other.digits, other.point)) === x) return other;
    }
  }
  return rounded(x, MAX_DIGITS[precision]);
}

/** "NaN", "Infinity", "-0", "0.1", "1e-7", "3.4028235e+38": exact at the given precision. */
export function formatFloat(x: number, precision: FloatPrecision = 64): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  if (precision === 64) return String(x);
  const negative = x < 0;
  const { digits, point } = shortestDigits(Math.abs(x), precision);
  const trimmed = digits.replace(/0+$/, "") || "0";
  return layout(trimmed, point, negative);
}
