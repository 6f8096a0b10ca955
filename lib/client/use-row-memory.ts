"use client";
// MEMORY USAGE for the rows on screen only: asked for a moment after scrolling
// stops, in batches, and remembered per row version (a rewritten array is asked again).
import { useEffect, useRef, useState } from "react";
import type { ArrayListItem, ArrayMemory } from "@/lib/api-types";
import { errorFromResponse } from "./fetch-bytes";

const SETTLE_MS = 200;
const BATCH = 200;

async function fetchMemory(keys: string[], signal: AbortSignal): Promise<ArrayMemory> {
  const response = await fetch(`/api/array-memory?${new URLSearchParams(keys.map((key) => ["key", key]))}`, { cache: "no-store", signal });
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as ArrayMemory;
}

/** Bytes per visible row once known; undefined while not asked yet, null when Redis had no answer. */
export function useRowMemory(visible: readonly ArrayListItem[]): (item: ArrayListItem) => number | null | undefined {
  const known = useRef(new WeakMap<ArrayListItem, number | null>());
  const [, setVersion] = useState(0);

  useEffect(() => {
    const wanted = visible.filter((item) => !known.current.has(item));
    if (wanted.length === 0) return;
    const abort = new AbortController();
    const load = async () => {
      try {
        for (let i = 0; i < wanted.length; i += BATCH) {
          const batch = wanted.slice(i, i + BATCH);
          const { bytes } = await fetchMemory(
            batch.map((item) => item.key),
            abort.signal,
          );
          for (const item of batch) known.current.set(item, bytes[item.key] ?? null);
          setVersion((v) => v + 1);
        }
      } catch {
        // A column of extra detail: rows stay without it and are asked again when next on screen.
      }
    };
    const timer = setTimeout(() => void load(), SETTLE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [visible]);

  return (item) => known.current.get(item);
}
