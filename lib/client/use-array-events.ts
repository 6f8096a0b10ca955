"use client";
// Subscribes to the API's Server-Sent Events of array changes. EventSource
// reconnects by itself; the caller hears about every set, delete or rename,
// and about "resync" (events may have been missed: list again), which the server
// sends after its own Redis reconnects and this hook adds after the browser's.
// Every hook in a tab shares one EventSource: the array page follows its array
// and its TTL over the same connection.
import { useEffect, useRef, useState } from "react";
import type { ArrayEvent } from "@/lib/api-types";

interface Listener {
  event(event: ArrayEvent): void;
  resync(): void;
  connected(open: boolean): void;
}

interface SharedSource {
  source: EventSource;
  listeners: Set<Listener>;
  open: boolean;
}

let shared: SharedSource | null = null;

function openShared(): SharedSource {
  const state: SharedSource = { source: new EventSource("/api/events"), listeners: new Set(), open: false };
  const each = (call: (listener: Listener) => void) => state.listeners.forEach(call);
  const setOpen = (open: boolean) => {
    state.open = open;
    each((l) => l.connected(open));
  };
  state.source.onopen = () => setOpen(true);
  state.source.onerror = () => setOpen(false);
  state.source.onmessage = (message) => {
    try {
      const event = JSON.parse(message.data as string) as ArrayEvent;
      if (event && typeof event.key === "string") each((l) => l.event(event));
    } catch {
      // a keep-alive or a message of another shape: nothing to do
    }
  };
  state.source.addEventListener("resync", () => each((l) => l.resync()));
  // Every connection starts with "ready"; a second one means the stream was down for a while.
  let connections = 0;
  state.source.addEventListener("ready", () => {
    if (connections++ > 0) each((l) => l.resync());
  });
  return state;
}

function subscribe(listener: Listener): () => void {
  const state = (shared ??= openShared());
  state.listeners.add(listener);
  listener.connected(state.open);
  return () => {
    state.listeners.delete(listener);
    if (state.listeners.size > 0) return;
    state.source.close();
    if (shared === state) shared = null;
  };
}

export function useArrayEvents(onEvent: (event: ArrayEvent) => void, onResync: () => void): boolean {
  const handler = useRef(onEvent);
  const resync = useRef(onResync);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    handler.current = onEvent;
    resync.current = onResync;
  });
  useEffect(
    () =>
      subscribe({
        event: (event) => handler.current(event),
        resync: () => resync.current(),
        connected: setConnected,
      }),
    [],
  );
  return connected;
}
