"use client";
// The browse page: filter, sort, flat or tree list of every array, uploads.
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ArrayListItem } from "@/lib/api-types";
import { arrayPageUrl } from "@/lib/client/api";
import { formatBytes, formatTtl } from "@/lib/client/format";
import { treeRows, type TreeRow } from "@/lib/client/keyTree";
import { describeListItem } from "@/lib/client/listRow";
import { prefetchArray } from "@/lib/client/arrayPrefetch";
import { loadPlotly } from "@/lib/client/loadPlotly";
import { sortRows, type SortColumn, type SortOrder } from "@/lib/client/sortRows";
import { useArrayList } from "@/lib/client/useArrayList";
import { useVirtualRows } from "@/lib/client/useVirtualRows";
import { EmptyState } from "./EmptyState";
import { UploadPanel } from "./UploadPanel";
import { buttonClass, inputClass, panelClass } from "./styles";
import { Checkbox } from "./Checkbox";

const ROW_HEIGHT = 40;
const FILTER_DEBOUNCE_MS = 300;
const GRID = "grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] sm:grid-cols-[minmax(0,2fr)_9rem_minmax(0,1fr)_6rem_4rem_3.5rem] gap-3 items-center px-3";

const COLUMNS: { column: SortColumn; label: string; className: string }[] = [
  { column: "key", label: "Key", className: "" },
  { column: "shape", label: "Shape", className: "hidden sm:flex" },
  { column: "dtype", label: "Dtype", className: "" },
  { column: "bytes", label: "Size", className: "hidden sm:flex justify-end" },
  { column: "ttl", label: "TTL", className: "hidden sm:flex justify-end" },
  { column: "order", label: "Order", className: "hidden sm:flex justify-center" },
];

export function ArrayBrowser() {
  const [filter, setFilter] = useState("");
  const [match, setMatch] = useState("");
  const [sort, setSort] = useState<SortOrder | null>({ column: "key", descending: false });
  const [tree, setTree] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const list = useArrayList(match);

  // Most visits to this page end with a click on an array: fetch and evaluate
  // plotly.js while the user reads the list, not after the click.
  useEffect(() => {
    const idle = requestIdleCallback(() => loadPlotly(), { timeout: 3000 });
    return () => cancelIdleCallback(idle);
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => setMatch(filter.trim()), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filter]);

  const sorted = useMemo(() => sortRows(list.items, sort ?? (tree ? { column: "key", descending: false } : null)), [list.items, sort, tree]);
  const rows: TreeRow<ArrayListItem>[] = useMemo(
    () => (tree ? treeRows(sorted, (i) => i.key, open) : sorted.map((item) => ({ kind: "leaf", item, name: item.key, depth: 0 }))),
    [sorted, tree, open],
  );

  const toggleSort = (column: SortColumn) =>
    setSort((s) => (s?.column === column ? (s.descending ? null : { column, descending: true }) : { column, descending: false }));
  const toggleFolder = useCallback((path: string) => {
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  }, []);

  const empty = list.done && list.items.length === 0 && !list.error;

  return (
    <main className="mx-auto flex h-[calc(100dvh-3.5rem)] max-w-7xl flex-col gap-3 px-4 py-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-1 basis-full flex-col gap-1 text-xs font-medium text-slate-600 sm:basis-auto dark:text-slate-400">
          <span>
            Filter keys <span className="font-normal">(Redis glob: <code>*</code> <code>?</code> <code>[ab]</code>)</span>
          </span>
          <input type="search" className={`${inputClass} font-mono`} placeholder="frame:*" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <Checkbox className="gap-2 pb-2 text-sm" checked={tree} onChange={setTree}>
          Tree by <code>:</code>
        </Checkbox>
        <UploadPanel onStored={list.upsertKey} />
      </div>
      <div className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
        <span data-testid="array-count">
          {list.items.length} {list.items.length === 1 ? "array" : "arrays"}
          {list.done ? "" : " loaded so far"}
        </span>
        {list.loading && <span>scanning…</span>}
        <span className="ml-auto flex items-center gap-1.5" title="Arrays written by other clients appear without a reload">
          <span className={`h-2 w-2 rounded-full ${list.live ? "bg-emerald-500" : "bg-slate-400"}`} aria-hidden />
          {list.live ? "live" : "not live"}
        </span>
      </div>
      {list.error && (
        <div role="alert" className="flex items-center gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          <p className="flex-1">Could not list arrays: {list.error}</p>
          {/* Redis may be back (a stall, a restart, loading finished): carry on from where the listing stopped. */}
          <button type="button" className={buttonClass} onClick={list.loadMore}>
            Retry
          </button>
        </div>
      )}
      {empty && match === "" ? (
        <EmptyState />
      ) : (
        <div className={`${panelClass} flex min-h-0 flex-1 flex-col overflow-hidden`}>
          <div role="group" aria-label="Sort by column" className={`${GRID} h-9 shrink-0 border-b border-slate-200 text-xs font-semibold text-slate-600 dark:border-slate-800 dark:text-slate-300`}>
            {COLUMNS.map(({ column, label, className }) => (
              <button
                key={column}
                type="button"
                className={`flex items-center gap-1 rounded text-left ${className}`}
                onClick={() => toggleSort(column)}
                aria-label={`Sort by ${label}`}
              >
                {label}
                <span aria-hidden className="text-slate-400">
                  {sort?.column === column ? (sort.descending ? "▼" : "▲") : ""}
                </span>
              </button>
            ))}
          </div>
          {empty ? (
            <p className="p-6 text-center text-sm text-slate-600 dark:text-slate-400">
              No arrays match <code className="font-mono">{match}</code>.
            </p>
          ) : (
            <VirtualArrayRows rows={rows} onToggle={toggleFolder} onNearEnd={list.loadMore} />
          )}
        </div>
      )}
    </main>
  );
}

function VirtualArrayRows({ rows, onToggle, onNearEnd }: { rows: TreeRow<ArrayListItem>[]; onToggle: (path: string) => void; onNearEnd: () => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const window = useVirtualRows(scroller, rows.length, ROW_HEIGHT);
  const nearEnd = window.end >= rows.length - 20;
  useEffect(() => {
    if (nearEnd) onNearEnd();
  }, [nearEnd, rows.length, onNearEnd]);
  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto" role="list" aria-label="Arrays" data-testid="array-list">
      <div style={{ height: window.totalHeight, position: "relative" }}>
        {rows.slice(window.start, window.end).map((row, i) => (
          <div key={row.kind === "leaf" ? `k:${row.item.key}` : `f:${row.path}`} role="listitem" style={{ position: "absolute", top: (window.start + i) * ROW_HEIGHT, left: 0, right: 0, height: ROW_HEIGHT }}>
            {row.kind === "leaf" ? <ArrayRow item={row.item} name={row.name} depth={row.depth} /> : <FolderRow row={row} onToggle={onToggle} />}
          </div>
        ))}
      </div>
    </div>
  );
}

function FolderRow({ row, onToggle }: { row: Extract<TreeRow<ArrayListItem>, { kind: "folder" }>; onToggle: (path: string) => void }) {
  return (
    <button
      type="button"
      aria-expanded={row.open}
      onClick={() => onToggle(row.path)}
      className="flex h-full w-full items-center gap-2 border-b border-slate-100 px-3 text-left text-sm hover:bg-slate-50 dark:border-slate-800/60 dark:hover:bg-slate-800/50"
      style={{ paddingLeft: 12 + row.depth * 16 }}
    >
      <span aria-hidden className="w-3 text-slate-400">
        {row.open ? "▾" : "▸"}
      </span>
      <span className="font-mono">{row.name}:</span>
      <span className="text-xs text-slate-600 dark:text-slate-400">{row.count}</span>
    </button>
  );
}

function ArrayRow({ item, name, depth }: { item: ArrayListItem; name: string; depth: number }) {
  const text = describeListItem(item);
  return (
    <Link
      href={arrayPageUrl(item.key)}
      className={`${GRID} h-full border-b border-slate-100 text-sm hover:bg-sky-50 dark:border-slate-800/60 dark:hover:bg-slate-800/50`}
      data-key={item.key}
      prefetch={false}
      onPointerDown={() => prefetchArray(item.key)}
      onClick={() => prefetchArray(item.key)}
    >
      <span className="truncate font-mono" style={{ paddingLeft: depth * 16 }} title={item.key}>
        {name}
      </span>
      <span className="hidden truncate font-mono text-slate-600 sm:block dark:text-slate-300">{text.shape}</span>
      <span className="truncate text-slate-600 dark:text-slate-300" title={text.dtype}>
        <span className="font-mono sm:hidden">{text.shape} </span>
        {text.dtype}
      </span>
      <span className="hidden text-right tabular-nums text-slate-600 sm:block dark:text-slate-300">{formatBytes(item.bytes)}</span>
      <span className="hidden text-right tabular-nums text-slate-600 dark:text-slate-400 sm:block">{formatTtl(item.ttl)}</span>
      <span className="hidden text-center text-slate-600 dark:text-slate-400 sm:block">{text.order}</span>
    </Link>
  );
}
