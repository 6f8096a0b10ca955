"use client";
// Where the app's Redis is, as GET /api/health says (no credentials): null until it answers.
import { useEffect, useState } from "react";
import type { RedisAddress } from "@/lib/redis-address";
import { fetchHealth } from "./api";

export function useRedisAddress(): RedisAddress | null {
  const [address, setAddress] = useState<RedisAddress | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(controller.signal).then(
      (health) => setAddress(health.address ?? null),
      () => undefined, // aborted: the page went away
    );
    return () => controller.abort();
  }, []);
  return address;
}
