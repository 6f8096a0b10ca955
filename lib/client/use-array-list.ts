"use client";
// The browse list's data: every matching array's row, fetched page after page in
// the background so sorting covers all of them, and kept current by the event
// stream, filtered by a Redis glob.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { listArrays, lookUpArrays } from "./api";
import { globMatcher } from "./glob-match";
import type { ArrayEvent, ArrayListItem } from "@/lib/api-types";
import { LookupQueue } from "./lookup-queue";
import { useArrayEvents } from "./use-array-events";

/** A small first page paints the first screen sooner; later pages are larger. */
const FIRST_PAGE_COUNT = 200;
const PAGE_COUNT = 1000;
/**
 * Rows held at most: 12 000 arrays are 12 requests and a sort of milliseconds; past
 * this a key space is better narrowed with the filter, and the page says so.
 */
export const MAX_LOADED_ROWS = 100_000;

export interface ArrayListState {
  items: readonly ArrayListItem[];
  loading: boolean;
  done: boolean;
  /** Loading stopped at MAX_LOADED_ROWS with more arrays left unread. */
  capped: boolean;
  error: string | null;
  live: boolean;
  loadMore: () => void;
  upsertKey: (key: string) => void;
  removeKey: (key: string) => void;
}

/** How one listing (one filter, between two resyncs) is going; named by its listing so a late reply for another is never shown. */
interface ListingStatus {
  listing: string;
  loading: boolean;
  done: boolean;
  capped: boolean;
  error: string | null;
}

/** A listing that has just started: its first page is asked for at once. */
function startedListing(listing: string): ListingStatus {
  return { listing, loading: true, done: false, capped: false, error: null };
}

export function useArrayList(match: string): ArrayListState {
  const rows = useRef(new Map<string, ArrayListItem>());
  const [items, setItems] = useState<readonly ArrayListItem[]>([]);
  const cursor = useRef("0");
  const generation = useRef(0);
  const inFlight = useRef(false);
  const [resyncs, setResyncs] = useState(0);
  const listing = `${resyncs}:${match}`;
  const [status, setStatus] = useState(() => startedListing(listing));
  const { loading, done, capped, error } = status.listing === listing ? status : startedListing(listing);
  /** Records how `of` goes; a status kept for another listing is replaced, and only the current listing's is shown. */
  const report = useCallback((of: string, patch: Partial<Omit<ListingStatus, "listing">>) => {
    setStatus((s) => ({ ...(s.listing === of ? s : startedListing(of)), ...patch }));
  }, []);

  // Live updates can arrive by the thousand: take a snapshot of the rows (and re-render) at most once a frame.
  const frame = useRef(0);
  const bump = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setItems(Array.from(rows.current.values()));
    });
  }, []);

  // Rows for keys named by live events, looked up in batches.
  const lookups = useMemo(
    () =>
      new LookupQueue(lookUpArrays, ({ items, missing }) => {
        for (const item of items) rows.current.set(item.key, item);
        for (const key of missing) rows.current.delete(key);
        bump();
      }),
    [bump],
  );

  // A new filter or a resync lists from the start.
  useEffect(() => {
    generation.current++;
    lookups.clear();
    inFlight.current = false;
    rows.current = new Map();
    cursor.current = "0";
    bump();
  }, [match, bump, resyncs, lookups]);

  // Reads pages until the last (or the cap) after each reset above and each loadMore after a failed page.
  const [pageRequests, setPageRequests] = useState(0);
  useEffect(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    const gen = generation.current;
    const of = listing;
    const readPages = async () => {
      try {
        for (;;) {
          const page = await listArrays(match, cursor.current, cursor.current === "0" ? FIRST_PAGE_COUNT : PAGE_COUNT);
          if (gen !== generation.current) return;
          for (const item of page.items) rows.current.set(item.key, item);
          cursor.current = page.cursor;
          if (page.items.length) bump();
          if (page.cursor === "0") {
            report(of, { done: true, error: null });
            break;
          }
          if (rows.current.size >= MAX_LOADED_ROWS) {
            report(of, { capped: true, error: null });
            return;
          }
        }
      } catch (e) {
        if (gen === generation.current) report(of, { error: e instanceof Error ? e.message : String(e) });
      } finally {
        if (gen === generation.current) {
          inFlight.current = false;
          report(of, { loading: false });
        }
      }
    };
    void readPages();
  }, [match, bump, listing, report, pageRequests]);

  const matches = useMemo(() => globMatcher(match), [match]);
  const upsertKey = useCallback(
    (key: string) => {
      if (matches(key)) lookups.add(key);
    },
    [matches, lookups],
  );

  const removeKey = useCallback(
    (key: string) => {
      if (rows.current.delete(key)) bump();
    },
    [bump],
  );

  const live = useArrayEvents(
    (event: ArrayEvent) => {
      if (event.type === "set") upsertKey(event.key);
      else if (event.type === "renamed") {
        removeKey(event.from);
        upsertKey(event.key);
      } else removeKey(event.key);
    },
    () => setResyncs((n) => n + 1),
  );

  const loadMore = useCallback(() => {
    if (done || capped) return;
    // Live events may have filled the list to the cap since the last page.
    if (!inFlight.current && rows.current.size >= MAX_LOADED_ROWS) return report(listing, { capped: true });
    report(listing, { loading: true });
    setPageRequests((n) => n + 1);
  }, [done, capped, listing, report]);

  return { items, loading, done, capped, error, live, loadMore, upsertKey, removeKey };
}
