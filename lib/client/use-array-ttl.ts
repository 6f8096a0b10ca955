"use client";
// The array's time to live, counting down each second, read again whenever
// any client writes the key or sets, changes or removes its TTL (a "set" event).
import { useCallback, useEffect, useState } from "react";
import { fetchInfo } from "./api";
import { expiryOf, remainingMs } from "./ttl";
import { useArrayEvents } from "./use-array-events";

export function useArrayTtl(key: string, ttlMsAtLoad: number): number {
  const [expiresAt, setExpiresAt] = useState(() => expiryOf(ttlMsAtLoad, Date.now()));
  const [now, setNow] = useState(() => Date.now());
  // A newly loaded TTL waits for a clock reading (render reads no clock) to become a deadline; until then it shows as read.
  const [loaded, setLoaded] = useState({ key, ttlMsAtLoad });
  const [unstamped, setUnstamped] = useState<number | null>(null);
  if (loaded.key !== key || loaded.ttlMsAtLoad !== ttlMsAtLoad) {
    setLoaded({ key, ttlMsAtLoad });
    setUnstamped(ttlMsAtLoad);
  }

  useEffect(() => {
    if (unstamped === null) return;
    const stamp = setTimeout(() => {
      setExpiresAt(expiryOf(unstamped, Date.now()));
      setUnstamped(null);
    }, 0);
    return () => clearTimeout(stamp);
  }, [unstamped]);

  const reread = useCallback(async () => {
    try {
      const info = await fetchInfo(key);
      if (!info) return;
      setExpiresAt(expiryOf(info.ttl, Date.now()));
      setUnstamped(null);
    } catch {
      // The page's own loader reports an unreachable server; the countdown keeps its last reading.
    }
  }, [key]);

  useArrayEvents(
    (event) => {
      if (event.key === key && (event.type === "set" || event.type === "renamed")) void reread();
    },
    () => void reread(),
  );

  useEffect(() => {
    if (expiresAt === null) return;
    const tick = () => setNow(Date.now());
    // The first reading of a new expiry at once, then one a second.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [expiresAt]);

  return remainingMs(unstamped === null ? expiresAt : expiryOf(unstamped, now), now);
}
