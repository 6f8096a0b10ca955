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

const FLOAT64_BITS = new DataView(new ArrayBuffer(8));

/** True when positive finite x lies exactly halfway between (D − 1) × 10^F and D × 10^F. */
function isHalfway(x: number, digits: string, point: number): boolean {
  FLOAT64_BITS.setFloat64(0, x);
  const high = FLOAT64_BITS.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(FLOAT64_BITS.getUint32(4));
  if (biased !== 0) mantissa |= 1n << 52n;
  // x = mantissa × 2^binary; the midpoint is (2D − 1) × 10^F / 2, so compare 2x with (2D − 1) × 10^F.
  const binary = Math.max(biased, 1) - 1075 + 1;
  const decimal = point - digits.length;
  let left = mantissa;
  let right = 2n * BigInt(digits) - 1n;
  if (binary >= 0) left <<= BigInt(binary);
  else right <<= BigInt(-binary);
  if (decimal >= 0) right *= 10n ** BigInt(decimal);
  else left *= 10n ** BigInt(-decimal);
  return left === right;
}

/** Shortest digits that round to x at this precision; the closest to x among equally short ones, ties to even. */
function shortestDigits(x: number, precision: FloatPrecision): { digits: string; point: number } {
  const round = ROUND[precision];
  for (let p = 1; p <= MAX_DIGITS[precision]; p++) {
    const nearest = rounded(x, p);
    if (round(value(nearest.digits, nearest.point)) === x) {
      // toExponential breaks exact ties upwards; numpy (like Number#toString) breaks them to the even digit.
      const odd = Number(nearest.digits[nearest.digits.length - 1]) % 2 === 1;
      const below = odd ? neighbour(nearest.digits, nearest.point, -1n) : null;
      if (below && isHalfway(x, nearest.digits, nearest.point) && round(value(below.digits, below.point)) === x) return below;
      return nearest;
    }
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
