/**
 * Float formats JavaScript has no native type for: IEEE half precision and
 * the x87 80-bit extended long double numpy writes as f16 on x86-64.
 */

const HALF_SUBNORMAL = 2 ** -24;

/** Decode an IEEE 754 binary16 bit pattern. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * HALF_SUBNORMAL;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Round a number to the nearest float16 value (ties to even), returned as a number. */
export function roundToHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.abs(x);
  if (magnitude >= 65520) return Math.sign(x) * Infinity;
  // Quantum of the binade holding x, never finer than the subnormal step.
  const exponent = Math.max(Math.floor(Math.log2(magnitude)), -14);
  let quantum = 2 ** (exponent - 10);
  if (magnitude / quantum >= 2048) quantum *= 2; // log2 rounding at a binade edge
  const scaled = magnitude / quantum;
  let rounded = Math.round(scaled);
  if (rounded - scaled === 0.5 && rounded % 2 === 1) rounded -= 1;
  return Math.sign(x) * rounded * quantum;
}

/** Multiply x by 2^e without overflowing or underflowing in between. */
function scaleByPowerOfTwo(x: number, e: number): number {
  let value = x;
  let exponent = e;
  while (exponent > 1000) {
    value *= 2 ** 1000;
    exponent -= 1000;
  }
  while (exponent < -1000) {
    value *= 2 ** -1000;
    exponent += 1000;
  }
  return value * 2 ** exponent;
}

export interface LongDouble {
  /** The nearest float64 (ties to even). */
  value: number;
  /** Whether value is exactly the stored long double. */
  exact: boolean;
}

/**
 * Decode the 10 significant bytes of an x87 extended value: a 64-bit
 * significand with an explicit integer bit, then sign and a 15-bit exponent.
 * `bytes` is 16 bytes in file order; big-endian files store it reversed.
 */
export function decodeLongDouble(bytes: Uint8Array, offset: number, bigEndian: boolean): LongDouble {
  const at = (i: number) => (bigEndian ? bytes[offset + 15 - i] : bytes[offset + i]);
  let significand = 0n;
  for (let i = 7; i >= 0; i--) significand = (significand << 8n) | BigInt(at(i));
  const top = at(8) | (at(9) << 8);
  const negative = (top & 0x8000) !== 0;
  const biased = top & 0x7fff;
  const sign = negative ? -1 : 1;
  if (biased === 0x7fff) {
    const infinite = (significand & ((1n << 63n) - 1n)) === 0n;
    return { value: infinite ? sign * Infinity : NaN, exact: true };
  }
  if (significand === 0n) return { value: negative ? -0 : 0, exact: true };
  // value = significand × 2^power; denormals use the minimum exponent.
  const power = Math.max(biased, 1) - 16383 - 63;
  const bitLength = significand.toString(2).length;
  const topExponent = power + bitLength - 1;
  if (topExponent > 1023) return { value: sign * Infinity, exact: false };
  const precision = topExponent >= -1022 ? 53 : topExponent + 1075;
  const shift = bitLength - precision;
  if (shift <= 0) return { value: sign * scaleByPowerOfTwo(Number(significand), power), exact: true };
  const shiftBig = BigInt(shift);
  let quotient = significand >> shiftBig;
  const remainder = significand & ((1n << shiftBig) - 1n);
  const half = 1n << (shiftBig - 1n);
  if (remainder > half || (remainder === half && (quotient & 1n) === 1n)) quotient += 1n;
  const value = sign * scaleByPowerOfTwo(Number(quotient), power + shift);
  return { value, exact: remainder === 0n && Number.isFinite(value) };
}
