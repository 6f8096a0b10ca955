"use client";
// Where the app's Redis is, as GET /api/health says (no credentials): null until it answers.
import { useEffect, useState } from "react";
import type { RedisAddress } from "@/lib/redis-address";
import { healthWithAddress } from "./shared-health";

export function useRedisAddress(): RedisAddress | null {
  const [address, setAddress] = useState<RedisAddress | null>(null);
  useEffect(() => {
    let mounted = true;
    void healthWithAddress().then((health) => {
      if (mounted) setAddress(health.address ?? null);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return address;
}
