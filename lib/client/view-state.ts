// The array page keeps its whole view in the URL query so a copied link
// reproduces it. Defaults are left out of the URL to keep links short.
import { COLORMAP_NAMES, type ColormapName } from "./colormaps";

export const VIEW_KINDS = ["heatmap", "image", "line", "histogram", "table"] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

export const COLOR_SCALES = ["linear", "log", "symlog"] as const;
export type ColorScale = (typeof COLOR_SCALES)[number];

export const COMPLEX_PARTS = ["amplitude", "phase", "real", "imaginary"] as const;
export type ComplexPart = (typeof COMPLEX_PARTS)[number];

export const CLIP_PERCENTS = [0, 0.1, 0.5, 1, 2, 5] as const;

/** How a heatmap cell summarises the block of elements it stands for when downsampled. */
export const REDUCE_MODES = ["mean", "max", "min"] as const;
export type ReduceMode = (typeof REDUCE_MODES)[number];

/** A line view of a plane draws rows (along its x axis) or columns (along its y axis). */
export const PROFILE_DIRECTIONS = ["row", "column"] as const;
export type ProfileDirection = (typeof PROFILE_DIRECTIONS)[number];

export interface ViewState {
  view: ViewKind | null;
  xAxis: number | null;
  yAxis: number | null;
  indices: number[];
  colormap: ColormapName;
  reverse: boolean;
  scale: ColorScale;
  /** Manual domain bounds as typed; "" means automatic. */
  domainMin: string;
  domainMax: string;
  clipPercent: number;
  reduce: ReduceMode;
  field: string | null;
  complexPart: ComplexPart;
  /** The line view's rows or columns, and which one ("all": every one, overlaid); null for the defaults. */
  profile: ProfileDirection | null;
  profileAt: number | "all" | null;
}

export const DEFAULT_VIEW_STATE: ViewState = {
  view: null,
  xAxis: null,
  yAxis: null,
  indices: [],
  colormap: "viridis",
  reverse: false,
  scale: "linear",
  domainMin: "",
  domainMax: "",
  clipPercent: 0,
  reduce: "mean",
  field: null,
  complexPart: "amplitude",
  profile: null,
  profileAt: null,
};

function oneOf<T extends string>(options: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : fallback;
}

function axis(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

function profileAt(value: string | null): number | "all" | null {
  if (value === "all") return "all";
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

export function parseViewState(query: URLSearchParams): ViewState {
  const clip = Number(query.get("clip"));
  const indices = (query.get("idx") ?? "")
    .split(",")
    .filter((s) => s !== "")
    .map((s) => (/^\d+$/.test(s) ? Number(s) : 0));
  return {
    view: query.has("view") ? oneOf(VIEW_KINDS, query.get("view"), "table") : null,
    xAxis: axis(query.get("x")),
    yAxis: axis(query.get("y")),
    indices,
    colormap: oneOf(COLORMAP_NAMES, query.get("cmap"), DEFAULT_VIEW_STATE.colormap),
    reverse: query.get("rev") === "1",
    scale: oneOf(COLOR_SCALES, query.get("scale"), DEFAULT_VIEW_STATE.scale),
    domainMin: query.get("min") ?? "",
    domainMax: query.get("max") ?? "",
    clipPercent: (CLIP_PERCENTS as readonly number[]).includes(clip) ? clip : 0,
    reduce: oneOf(REDUCE_MODES, query.get("reduce"), DEFAULT_VIEW_STATE.reduce),
    field: query.get("field"),
    complexPart: oneOf(COMPLEX_PARTS, query.get("part"), DEFAULT_VIEW_STATE.complexPart),
    profile: query.has("prof") ? oneOf(PROFILE_DIRECTIONS, query.get("prof"), "row") : null,
    profileAt: profileAt(query.get("at")),
  };
}

export function serializeViewState(state: ViewState): string {
  const query = new URLSearchParams();
  const d = DEFAULT_VIEW_STATE;
  if (state.view) query.set("view", state.view);
  if (state.xAxis !== null) query.set("x", String(state.xAxis));
  if (state.yAxis !== null) query.set("y", String(state.yAxis));
  if (state.indices.length) query.set("idx", state.indices.join(","));
  if (state.colormap !== d.colormap) query.set("cmap", state.colormap);
  if (state.reverse) query.set("rev", "1");
  if (state.scale !== d.scale) query.set("scale", state.scale);
  if (state.domainMin !== "") query.set("min", state.domainMin);
  if (state.domainMax !== "") query.set("max", state.domainMax);
  if (state.clipPercent !== d.clipPercent) query.set("clip", String(state.clipPercent));
  if (state.reduce !== d.reduce) query.set("reduce", state.reduce);
  if (state.field !== null) query.set("field", state.field);
  if (state.complexPart !== d.complexPart) query.set("part", state.complexPart);
  if (state.profile !== null) query.set("prof", state.profile);
  if (state.profileAt !== null) query.set("at", String(state.profileAt));
  return query.toString();
}
