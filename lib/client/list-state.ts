// The browse list's state in the URL query, so Back restores it and a link shares it:
// `q` filter as typed, `sort` column (`-` first for descending, `none` for scan order),
// `tree=1`, one `open` per expanded folder, `y` scroll offset in pixels.
// Defaults are left out to keep links short.
import { SORT_COLUMNS, type SortColumn, type SortOrder } from "./sort-rows";

export interface ListState {
  filter: string;
  sort: SortOrder | null;
  tree: boolean;
  open: ReadonlySet<string>;
  scrollTop: number;
}

export const DEFAULT_SORT: SortOrder = { column: "key", descending: false };

export const DEFAULT_LIST_STATE: ListState = { filter: "", sort: DEFAULT_SORT, tree: false, open: new Set(), scrollTop: 0 };

function parseSort(text: string | null): SortOrder | null {
  if (text === null) return DEFAULT_SORT;
  if (text === "none") return null;
  const descending = text.startsWith("-");
  const column = (descending ? text.slice(1) : text) as SortColumn;
  return SORT_COLUMNS.includes(column) ? { column, descending } : DEFAULT_SORT;
}

function serializeSort(sort: SortOrder | null): string | null {
  if (sort === null) return "none";
  if (sort.column === DEFAULT_SORT.column && sort.descending === DEFAULT_SORT.descending) return null;
  return `${sort.descending ? "-" : ""}${sort.column}`;
}

export function parseListState(query: URLSearchParams): ListState {
  const y = Number(query.get("y"));
  return {
    filter: query.get("q") ?? "",
    sort: parseSort(query.get("sort")),
    tree: query.get("tree") === "1",
    open: new Set(query.getAll("open")),
    scrollTop: Number.isFinite(y) && y > 0 ? Math.round(y) : 0,
  };
}

export function serializeListState(state: ListState): string {
  const query = new URLSearchParams();
  if (state.filter) query.set("q", state.filter);
  const sort = serializeSort(state.sort);
  if (sort) query.set("sort", sort);
  if (state.tree) query.set("tree", "1");
  // Folders only matter in tree mode; a flat list's link stays short.
  if (state.tree) for (const path of [...state.open].sort()) query.append("open", path);
  if (state.scrollTop > 0) query.set("y", String(Math.round(state.scrollTop)));
  return query.toString();
}
