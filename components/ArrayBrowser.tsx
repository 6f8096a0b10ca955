"use client";
// The browse page: filter, sort, flat or tree list of every array, uploads.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ArrayListItem } from "@/lib/api-types";
import { arrayPageUrl, npzUrl } from "@/lib/client/api";
import { formatBytes, formatTtl } from "@/lib/client/format";
import { treeRows, type TreeRow } from "@/lib/client/key-tree";
import { describeListItem } from "@/lib/client/list-row";
import { prefetchArray } from "@/lib/client/array-prefetch";
import { firstPlanePrefix } from "@/lib/client/first-plane-prefix";
import { prepareSpareWorker } from "@/lib/client/spare-worker";
import { filterToGlob, prefixGlob } from "@/lib/client/glob-match";
import { describeListCount } from "@/lib/client/list-count";
import { DEFAULT_SORT } from "@/lib/client/list-state";
import { sortRows, type SortColumn, type SortOrder } from "@/lib/client/sort-rows";
import { useArrayCount } from "@/lib/client/use-array-count";
import { useArrayList } from "@/lib/client/use-array-list";
import { useListState } from "@/lib/client/use-list-state";
import { useRowMemory } from "@/lib/client/use-row-memory";
import { useVirtualRows } from "@/lib/client/use-virtual-rows";
import { applySelectionClick, type SelectionClick } from "@/lib/client/selection";
import { EmptyState } from "./EmptyState";
import { ErrorNote } from "./ErrorNote";
import { KeyName } from "./KeyName";
import { ListActions } from "./ListActions";
import { UploadPanel } from "./UploadPanel";
import { inputClass, panelClass, secondaryTextClass } from "./styles";
import { Checkbox } from "./Checkbox";

const ROW_HEIGHT = 40;
/** Any key names the array route's one shell; this one only has to be a valid segment. */
const SHELL_PREFETCH_KEY = "_";
const FILTER_DEBOUNCE_MS = 300;
/** How often the scroll position is written to the URL while scrolling. */
const SCROLL_REPORT_MS = 200;
const GRID = "grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] sm:grid-cols-[minmax(0,2fr)_9rem_minmax(0,1fr)_5.5rem_5rem_3.5rem_5.5rem] gap-3 items-center px-3";

const COLUMNS: { column: SortColumn; label: string; className: string }[] = [
  { column: "key", label: "Key", className: "" },
  { column: "shape", label: "Shape", className: "hidden sm:flex" },
  { column: "dtype", label: "Dtype", className: "" },
  { column: "bytes", label: "Size", className: "hidden sm:flex justify-end" },
  { column: "ttl", label: "TTL", className: "hidden sm:flex justify-end" },
  { column: "order", label: "Order", className: "hidden sm:flex justify-center" },
];

export function ArrayBrowser() {
  const [state, update] = useListState();
  const { filter, sort, tree, open } = state;
  const [match, setMatch] = useState(() => filterToGlob(filter));
  const list = useArrayList(match);
  const total = useArrayCount(match);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  /** The last clicked row, with the filter it was clicked under. */
  /** The last clicked row, and which selection (see below) it was clicked in. */
  const selectionAnchor = useRef<{ selection: number; key: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // Most visits to this page end with a click on an array: start the worker that
  // will load it while the user reads the list, not after the click. At once, not
  // when the page is first idle: its script loads and its warm-up runs off this
  // thread, and a new user's click the moment the list showed came before that idle
  // moment and waited for a cold worker's script. (plotly.js is not evaluated here:
  // that is one long task, and a click landing in it waited for all of it.)
  useEffect(prepareSpareWorker, []);

  // The array route's shell holds no key (ArrayPageFromUrl), so one prefetch serves every row:
  // asked for now, not when the first row scrolls into view, so that a click on a row the moment
  // it shows finds the shell and its script here instead of asking the server for them.
  const router = useRouter();
  useEffect(() => {
    router.prefetch(arrayPageUrl(SHELL_PREFETCH_KEY));
  }, [router]);

  useEffect(() => {
    const timer = setTimeout(() => setMatch(filterToGlob(filter)), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filter]);

  // A selection is of the arrays a filter showed: a new filter starts a new one, numbered,
  // so a shift-click never ranges from a row clicked under an earlier filter (even the same one).
  const [selection, setSelection] = useState({ match, number: 0 });
  if (selection.match !== match) {
    setSelection({ match, number: selection.number + 1 });
    setSelected(new Set());
  }

  const sorted = useMemo(() => sortRows(list.items, sort ?? (tree ? DEFAULT_SORT : null)), [list.items, sort, tree]);
  const rows: TreeRow<ArrayListItem>[] = useMemo(
    () => (tree ? treeRows(sorted, (i) => i.key, open) : sorted.map((item) => ({ kind: "leaf", item, name: item.key, depth: 0 }))),
    [sorted, tree, open],
  );

  const toggleSort = (column: SortColumn) =>
    update({ sort: sort?.column === column ? (sort.descending ? null : { column, descending: true }) : { column, descending: false } });
  const toggleFolder = useCallback(
    (path: string) => {
      const next = new Set(open);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      update({ open: next });
    },
    [open, update],
  );
  const leafKeys = useMemo(() => rows.flatMap((row) => (row.kind === "leaf" ? [row.item.key] : [])), [rows]);
  const select = useCallback(
    (click: SelectionClick) => {
      // Read the anchor now: the updater runs later, after it has moved to this click.
      const anchor = selectionAnchor.current?.selection === selection.number ? selectionAnchor.current.key : null;
      setSelected((current) => applySelectionClick(current, leafKeys, anchor, click));
      selectionAnchor.current = { selection: selection.number, key: click.key };
    },
    [leafKeys, selection.number],
  );
  const allSelected = list.items.length > 0 && list.items.every((item) => selected.has(item.key));
  const selectAll = (checked: boolean) => setSelected(checked ? new Set(list.items.map((item) => item.key)) : new Set());
  const ttlOf = (key: string) => list.items.find((item) => item.key === key)?.ttl ?? -1;
  const matchingCount = list.done ? list.items.length : total?.exact ? total.total : null;
  const reportScroll = useCallback((scrollTop: number) => update({ scrollTop }), [update]);

  const empty = list.done && list.items.length === 0 && !list.error;

  return (
    <main className="mx-auto flex h-[calc(100dvh-3.5rem)] max-w-7xl flex-col gap-3 px-4 py-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-1 basis-full flex-col gap-1 text-xs font-medium text-slate-600 sm:basis-auto dark:text-slate-400">
          <span>
            Filter keys{" "}
            <span className="font-normal">
              (text anywhere in the key, or a Redis glob: <code>*</code> <code>?</code> <code>[ab]</code>)
            </span>
          </span>
          <input
            type="search"
            className={`${inputClass} font-mono`}
            placeholder="frame"
            value={filter}
            onChange={(e) => update({ filter: e.target.value, scrollTop: 0 })}
          />
        </label>
        <Checkbox className="gap-2 pb-2 text-sm" checked={tree} onChange={(checked) => update({ tree: checked })}>
          Tree by <code>:</code>
        </Checkbox>
        <UploadPanel onStored={list.upsertKey} />
      </div>
      <div className={`flex min-h-8 flex-wrap items-center gap-3 text-xs ${secondaryTextClass}`}>
        <span className="flex items-center gap-3" aria-live="polite">
          <span data-testid="array-count">{describeListCount({ loaded: list.items.length, done: list.done, capped: list.capped, total })}</span>
          {list.loading && <span>scanning…</span>}
          {message && <span role="status">{message}</span>}
        </span>
        <ListActions
          selected={[...selected]}
          match={match}
          matchingCount={matchingCount}
          ttlOf={ttlOf}
          onClearSelection={() => setSelected(new Set())}
          onMessage={setMessage}
        />
        <span className="ml-auto flex items-center gap-1.5" title="Arrays written by other clients appear without a reload">
          <span className={`h-2 w-2 rounded-full ${list.live ? "bg-emerald-500" : "bg-slate-400"}`} aria-hidden />
          {list.live ? "live" : "not live"}
        </span>
      </div>
      {list.error && (
        // Redis may be back (a stall, a restart, loading finished): Retry carries on from where the listing stopped.
        <ErrorNote onRetry={list.loadMore}>Could not list arrays: {list.error}</ErrorNote>
      )}
      {empty && match === "" ? (
        <EmptyState />
      ) : (
        <div className={`${panelClass} flex min-h-0 flex-1 flex-col overflow-hidden`} data-testid="array-list-panel" data-match={match}>
          <ListHeader sort={sort} onSort={toggleSort} count={list.items.length} loaded={list.done} allSelected={allSelected} onSelectAll={selectAll} />
          {empty ? (
            <p className={`p-6 text-center text-sm ${secondaryTextClass}`}>
              No arrays match <code className="font-mono">{match}</code>.
            </p>
          ) : (
            <VirtualArrayRows
              key={match}
              rows={rows}
              onToggle={toggleFolder}
              initialScrollTop={state.scrollTop}
              complete={list.done || list.capped}
              onScroll={reportScroll}
              selected={selected}
              onSelect={select}
            />
          )}
        </div>
      )}
    </main>
  );
}

interface ListHeaderProps {
  sort: SortOrder | null;
  onSort: (column: SortColumn) => void;
  count: number;
  /** Every matching array is loaded, so "all" means all matching. */
  loaded: boolean;
  allSelected: boolean;
  onSelectAll: (checked: boolean) => void;
}

function ListHeader({ sort, onSort, count, loaded, allSelected, onSelectAll }: ListHeaderProps) {
  return (
    <div className="flex h-9 shrink-0 items-center border-b border-slate-200 pl-3 text-xs font-semibold text-slate-600 dark:border-slate-800 dark:text-slate-300">
      <input
        type="checkbox"
        className="h-4 w-4 shrink-0 accent-sky-600"
        aria-label={`Select all ${count} matching`}
        title={loaded ? "Select every matching array" : "Select every array loaded so far"}
        checked={allSelected}
        onChange={(e) => onSelectAll(e.target.checked)}
      />
      <div role="group" aria-label="Sort by column" className={`${GRID} min-w-0 flex-1`}>
        {COLUMNS.map(({ column, label, className }) => (
          <button
            key={column}
            type="button"
            className={`flex items-center gap-1 rounded text-left ${className}`}
            onClick={() => onSort(column)}
            aria-label={`Sort by ${label}`}
          >
            {label}
            <span aria-hidden className="text-slate-400">
              {sort?.column === column ? (sort.descending ? "▼" : "▲") : ""}
            </span>
          </button>
        ))}
        <span className="hidden justify-end sm:flex" title="MEMORY USAGE: what Redis holds for the key, asked for the rows on screen">
          Memory
        </span>
      </div>
    </div>
  );
}

interface VirtualArrayRowsProps {
  rows: TreeRow<ArrayListItem>[];
  onToggle: (path: string) => void;
  /** Where the list was scrolled to when the page was left (from the URL). */
  initialScrollTop: number;
  /** No more rows will load: restore the scroll position even if the list is now shorter. */
  complete: boolean;
  onScroll: (scrollTop: number) => void;
  selected: ReadonlySet<string>;
  onSelect: (click: SelectionClick) => void;
}

function VirtualArrayRows({ rows, onToggle, initialScrollTop, complete, onScroll, selected, onSelect }: VirtualArrayRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const visible = useVirtualRows(scroller, rows.length, ROW_HEIGHT);
  const restored = useRef(initialScrollTop === 0);
  const report = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onScreen = useMemo(
    () => rows.slice(visible.start, visible.end).flatMap((row) => (row.kind === "leaf" ? [row.item] : [])),
    [rows, visible.start, visible.end],
  );
  const memoryOf = useRowMemory(onScreen);

  // Rows arrive page by page: scroll back once there are enough of them to scroll to.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (restored.current || !el) return;
    if (visible.totalHeight >= initialScrollTop + el.clientHeight || complete) {
      el.scrollTop = initialScrollTop;
      restored.current = true;
    }
  }, [visible.totalHeight, initialScrollTop, complete]);
  useEffect(() => () => clearTimeout(report.current), []);

  const onScrolled = () => {
    if (!restored.current) return;
    clearTimeout(report.current);
    report.current = setTimeout(() => onScroll(scroller.current?.scrollTop ?? 0), SCROLL_REPORT_MS);
  };
  return (
    <div ref={scroller} onScroll={onScrolled} className="min-h-0 flex-1 overflow-y-auto" role="list" aria-label="Arrays" data-testid="array-list">
      <div style={{ height: visible.totalHeight, position: "relative" }}>
        {rows.slice(visible.start, visible.end).map((row, i) => (
          <div
            key={row.kind === "leaf" ? `k:${row.item.key}` : `f:${row.path}`}
            role="listitem"
            style={{ position: "absolute", top: (visible.start + i) * ROW_HEIGHT, left: 0, right: 0, height: ROW_HEIGHT }}
          >
            {row.kind === "leaf" ? (
              <ArrayRow
                item={row.item}
                name={row.name}
                depth={row.depth}
                memory={memoryOf(row.item)}
                selected={selected.has(row.item.key)}
                onSelect={onSelect}
              />
            ) : (
              <FolderRow row={row} onToggle={onToggle} />
            )}
          </div>
        ))}
      </div>
    </div>
  );
}

function FolderRow({ row, onToggle }: { row: Extract<TreeRow<ArrayListItem>, { kind: "folder" }>; onToggle: (path: string) => void }) {
  return (
    <div className="flex h-full items-center border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800/60 dark:hover:bg-slate-800/50">
      <button
        type="button"
        aria-expanded={row.open}
        onClick={() => onToggle(row.path)}
        className="flex h-full min-w-0 flex-1 items-center gap-2 px-3 text-left text-sm"
        style={{ paddingLeft: 12 + row.depth * 16 }}
      >
        <span aria-hidden className="w-3 text-slate-400">
          {row.open ? "▾" : "▸"}
        </span>
        <span className="font-mono">{row.name}:</span>
        <span className={`text-xs ${secondaryTextClass}`}>{row.count}</span>
      </button>
      <a
        className="mr-3 rounded px-2 py-1 text-xs text-sky-800 hover:bg-sky-50 dark:text-sky-300 dark:hover:bg-slate-800"
        href={npzUrl({ match: prefixGlob(row.path) })}
        download
        aria-label={`Download the ${row.count} arrays under ${row.path} as .npz`}
      >
        .npz
      </a>
    </div>
  );
}

interface ArrayRowProps {
  item: ArrayListItem;
  name: string;
  depth: number;
  /** MEMORY USAGE in bytes; undefined until asked. */
  memory: number | null | undefined;
  selected: boolean;
  onSelect: (click: SelectionClick) => void;
}

function ArrayRow({ item, name, depth, memory, selected, onSelect }: ArrayRowProps) {
  const text = describeListItem(item);
  // The array page's server part is fetched when the pointer comes over its row, so a click
  // after that navigates without waiting for the server; rows merely scrolled past fetch nothing.
  const [intent, setIntent] = useState(false);
  return (
    <div className={`flex h-full items-center border-b border-slate-100 pl-3 dark:border-slate-800/60 ${selected ? "bg-sky-50 dark:bg-slate-800/70" : ""}`}>
      <input
        type="checkbox"
        className="h-4 w-4 shrink-0 accent-sky-600"
        aria-label={`Select ${item.key}`}
        checked={selected}
        // onClick, not onChange: only the click says whether Shift was held (for a range).
        onClick={(e) => onSelect({ key: item.key, checked: e.currentTarget.checked, shift: e.shiftKey })}
        readOnly
      />
      <Link
        href={arrayPageUrl(item.key)}
        className={`${GRID} h-full min-w-0 flex-1 text-sm hover:bg-sky-50 dark:hover:bg-slate-800/50`}
        data-key={item.key}
        prefetch={intent ? true : "auto"}
        onPointerEnter={() => setIntent(true)}
        onPointerDown={() => prefetchArray(item.key, firstPlanePrefix(item))}
        onClick={() => prefetchArray(item.key, firstPlanePrefix(item))}
      >
        <span className="truncate font-mono" style={{ paddingLeft: depth * 16 }} title={item.key}>
          <KeyName name={name} />
        </span>
        <span className="hidden truncate font-mono text-slate-600 sm:block dark:text-slate-300">{text.shape}</span>
        <span className="truncate text-slate-600 dark:text-slate-300" title={text.dtype}>
          <span className="font-mono sm:hidden">{text.shape} </span>
          {text.dtype}
        </span>
        <span className="hidden text-right tabular-nums text-slate-600 sm:block dark:text-slate-300">{formatBytes(item.bytes)}</span>
        <span className="hidden text-right tabular-nums text-slate-600 sm:block dark:text-slate-400" data-column="ttl">
          {formatTtl(item.ttl)}
        </span>
        <span className="hidden text-center text-slate-600 sm:block dark:text-slate-400">{text.order}</span>
        <span className="hidden text-right tabular-nums text-slate-600 sm:block dark:text-slate-400" data-column="memory">
          {memory === undefined ? "…" : memory === null ? "—" : formatBytes(memory)}
        </span>
      </Link>
    </div>
  );
}
