// The TTL editor's number and unit, turned into whole seconds for the API.
export const TTL_UNITS = { s: 1, min: 60, h: 3600, d: 86400 } as const;
export type TtlUnit = keyof typeof TTL_UNITS;
/** The units in the order the editor lists them (Object.keys types them only as strings). */
export const TTL_UNIT_NAMES = Object.keys(TTL_UNITS) as TtlUnit[];

/** Whole seconds, or a sentence saying what is wrong with the input. */
export function ttlSeconds(amount: string, unit: TtlUnit): number | string {
  const value = Number(amount.trim());
  if (amount.trim() === "" || !Number.isFinite(value) || value <= 0) return "enter a number above 0";
  const seconds = Math.round(value * TTL_UNITS[unit]);
  return seconds >= 1 ? seconds : "the TTL must be at least 1 second";
}

/** A TTL in milliseconds as the editor's starting value, in the largest unit that divides it. */
export function ttlFields(ttlMs: number): { amount: string; unit: TtlUnit } {
  if (ttlMs < 0) return { amount: "1", unit: "h" };
  const seconds = Math.max(1, Math.round(ttlMs / 1000));
  for (const unit of ["d", "h", "min"] as const) {
    if (seconds % TTL_UNITS[unit] === 0) return { amount: String(seconds / TTL_UNITS[unit]), unit };
  }
  return { amount: String(seconds), unit: "s" };
}
