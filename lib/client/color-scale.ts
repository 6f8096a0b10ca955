// Color scales for the heatmap: the colormap is applied linearly, so log and
// symlog are applied to the values first and the colorbar is labelled in data units.
import type { ColorScale } from "./view-state";

export type Domain = [number, number];

export type DomainResult = { ok: true; domain: Domain; auto: boolean } | { ok: false; error: string };

/** Linear width around zero of the symlog scale, in data units. */
const SYMLOG_LINEAR_WIDTH = 1;

export function transformValue(scale: ColorScale, v: number): number {
  if (scale === "linear") return v;
  if (scale === "log") return v > 0 ? Math.log10(v) : NaN;
  return Math.sign(v) * Math.log10(1 + Math.abs(v) / SYMLOG_LINEAR_WIDTH);
}

function parseBound(text: string, which: string): number | string {
  const v = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(v)) return `${which} "${text}" is not a finite number`;
  return v;
}

export interface AutoBounds {
  clippedMin: number;
  clippedMax: number;
  minPositive: number;
}

/**
 * The domain to colour: typed bounds when given (checked against the scale),
 * otherwise the plane's clipped percentiles.
 */
export function resolveDomain(scale: ColorScale, minText: string, maxText: string, auto: AutoBounds): DomainResult {
  let lo = auto.clippedMin;
  let hi = auto.clippedMax;
  if (scale === "log" && !(lo > 0)) lo = auto.minPositive;
  if (minText.trim() !== "") {
    const v = parseBound(minText, "minimum");
    if (typeof v === "string") return { ok: false, error: v };
    lo = v;
  }
  if (maxText.trim() !== "") {
    const v = parseBound(maxText, "maximum");
    if (typeof v === "string") return { ok: false, error: v };
    hi = v;
  }
  if (scale === "log") {
    if (minText.trim() !== "" && lo <= 0) return { ok: false, error: `log scale needs a minimum above 0, not ${lo}` };
    if (maxText.trim() !== "" && hi <= 0) return { ok: false, error: `log scale needs a maximum above 0, not ${hi}` };
    if (!(lo > 0)) return { ok: false, error: "log scale needs values above 0, and this slice has none; use linear or symlog" };
  }
  // Checked first: a slice without finite values has auto bounds of +Infinity and -Infinity.
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    return { ok: false, error: "This slice has no finite values to colour (it is empty, or all NaN or ±Infinity)." };
  if (lo > hi) return { ok: false, error: `minimum ${lo} is above maximum ${hi}` };
  return { ok: true, domain: [lo, hi], auto: minText.trim() === "" && maxText.trim() === "" };
}

/** Short text for a number on a colorbar or in a stats table. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(6)));
}

/** Colorbar ticks in data units for a transformed scale. */
export function colorbarTicks(scale: ColorScale, domain: Domain): { tickvals: number[]; ticktext: string[] } | null {
  if (scale === "linear") return null;
  const tLo = transformValue(scale, domain[0]);
  const tHi = transformValue(scale, domain[1]);
  // Decades, plus 2× and 5× steps when the range spans only a few decades.
  const few = Math.abs(tHi - tLo) < 3;
  const mantissas = few ? [1, 2, 5] : [1];
  const candidates: number[] = [];
  if (scale === "log") {
    for (let e = Math.floor(tLo) - 1; e <= Math.ceil(tHi); e++) for (const m of mantissas) candidates.push(m * 10 ** e);
  } else {
    const maxExp = Math.ceil(Math.max(Math.abs(tLo), Math.abs(tHi)));
    candidates.push(0);
    for (let e = 0; e <= maxExp + 1; e++) for (const m of mantissas) candidates.push(m * 10 ** e, -m * 10 ** e);
  }
  const values = candidates
    .filter((c) => {
      const t = transformValue(scale, c);
      return t >= tLo - 1e-9 && t <= tHi + 1e-9;
    })
    .sort((a, b) => a - b);
  if (values.length < 2) return null;
  return { tickvals: values.map((v) => transformValue(scale, v)), ticktext: values.map(formatNumber) };
}

/** About `count` round values (1, 2 or 5 × 10ⁿ apart) within a linear domain. */
export function linearTicks(domain: Domain, count = 6): number[] {
  const [lo, hi] = domain;
  if (!(hi > lo)) return [lo];
  const rough = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  // The 1, 2, 5 or 10 step nearest to the rough one (on a log scale), as d3's ticks choose.
  const error = rough / magnitude;
  const step = magnitude * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1);
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step); i * step <= hi + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Colorbar ticks on any scale: positions (0 at the low end, 1 at the high end) and labels in data units. */
export function colorbarLabels(scale: ColorScale, domain: Domain): { at: number; text: string }[] {
  const tLo = transformValue(scale, domain[0]);
  const tHi = transformValue(scale, domain[1]);
  const span = tHi - tLo;
  const transformed = colorbarTicks(scale, domain);
  const ticks = transformed
    ? transformed.tickvals.map((t, i) => ({ t, text: transformed.ticktext[i] }))
    : linearTicks(domain).map((v) => ({ t: v, text: formatNumber(v) }));
  if (!(span > 0)) return [{ at: 0.5, text: formatNumber(domain[0]) }];
  return ticks.map(({ t, text }) => ({ at: (t - tLo) / span, text })).filter((tick) => tick.at >= -1e-9 && tick.at <= 1 + 1e-9);
}
