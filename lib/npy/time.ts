/** datetime64 and timedelta64 values spelled as numpy spells them. */
import { splitTimeUnit } from "./dtype";

/** numpy's NaT: the minimum int64. */
export const NAT = -(2n ** 63n);

/** Count of each unit per day, for units below a day. */
const PER_DAY: Record<string, bigint> = {
  h: 24n,
  m: 1440n,
  s: 86400n,
  ms: 86400n * 10n ** 3n,
  us: 86400n * 10n ** 6n,
  ns: 86400n * 10n ** 9n,
  ps: 86400n * 10n ** 12n,
  fs: 86400n * 10n ** 15n,
  as: 86400n * 10n ** 18n,
};

const FRACTION_DIGITS: Record<string, number> = { ms: 3, us: 6, ns: 9, ps: 12, fs: 15, as: 18 };

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function pad(value: bigint, width: number): string {
  return value.toString().padStart(width, "0");
}

/** ISO 8601 years: 4 digits, more when needed, a minus sign before year 0. */
function formatYear(year: bigint): string {
  return year < 0n ? `-${pad(-year, 4)}` : pad(year, 4);
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days). */
function civilFromDays(days: bigint): { year: bigint; month: bigint; day: bigint } {
  const z = days + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = doy - (153n * mp + 2n) / 5n + 1n;
  const month = mp < 10n ? mp + 3n : mp - 9n;
  return { year: yoe + era * 400n + (month <= 2n ? 1n : 0n), month, day };
}

function formatDate(days: bigint): string {
  const { year, month, day } = civilFromDays(days);
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** ISO 8601 at the unit's precision ("2024-02-29", "2024-02-29T13:45:30.123456789") or "NaT". */
export function formatDatetime(count: bigint, unitText: string): string {
  if (count === NAT) return "NaT";
  const { unit, count: multiplier } = splitTimeUnit(unitText);
  const value = count * multiplier;
  switch (unit) {
    case "generic":
      return value.toString();
    case "Y":
      return formatYear(1970n + value);
    case "M":
      return `${formatYear(1970n + floorDiv(value, 12n))}-${pad(value - floorDiv(value, 12n) * 12n + 1n, 2)}`;
    case "W":
      return formatDate(value * 7n);
    case "D":
      return formatDate(value);
  }
  const perDay = PER_DAY[unit];
  const days = floorDiv(value, perDay);
  const within = value - days * perDay;
  const perHour = perDay / 24n;
  const hours = within / perHour;
  let time = `T${pad(hours, 2)}`;
  if (unit !== "h") {
    const perMinute = perHour / 60n;
    time += `:${pad((within % perHour) / perMinute, 2)}`;
    if (unit !== "m") {
      const perSecond = perMinute / 60n;
      time += `:${pad((within % perMinute) / perSecond, 2)}`;
      const digits = FRACTION_DIGITS[unit];
      if (digits) time += `.${pad(within % perSecond, digits)}`;
    }
  }
  return formatDate(days) + time;
}

/** "<count> <unit>" in the base unit ("75 s" for 3 × 25s), a bare count for generic units, or "NaT". */
export function formatTimedelta(count: bigint, unitText: string): string {
  if (count === NAT) return "NaT";
  const { unit, count: multiplier } = splitTimeUnit(unitText);
  const value = count * multiplier;
  return unit === "generic" ? value.toString() : `${value} ${unit}`;
}
