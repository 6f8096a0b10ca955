"use client";
// Subscribes to the API's Server-Sent Events of array changes. EventSource
// reconnects by itself; the caller hears about every set, delete or rename,
// and about "resync" (events may have been missed: list again), which the server
// sends after its own Redis reconnects and this hook adds after the browser's.
import { useEffect, useRef, useState } from "react";
import type { ArrayEvent } from "@/lib/api-types";

export function useArrayEvents(onEvent: (event: ArrayEvent) => void, onResync: () => void): boolean {
  const handler = useRef(onEvent);
  const resync = useRef(onResync);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    handler.current = onEvent;
    resync.current = onResync;
  });
  useEffect(() => {
    const source = new EventSource("/api/events");
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.onmessage = (message) => {
      try {
        const event = JSON.parse(message.data as string) as ArrayEvent;
        if (event && typeof event.key === "string") handler.current(event);
      } catch {
        // a keep-alive or a message of another shape: nothing to do
      }
    };
    source.addEventListener("resync", () => resync.current());
    // Every connection starts with "ready"; a second one means the stream was down for a while.
    let connections = 0;
    source.addEventListener("ready", () => {
      if (connections++ > 0) resync.current();
    });
    return () => source.close();
  }, []);
  return connected;
}
