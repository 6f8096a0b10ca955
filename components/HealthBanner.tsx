"use client";
// A banner that appears only when Redis is unreachable or lacks the module,
// with the server's reason. It checks again every few seconds.
import { useEffect, useState } from "react";
import type { Health } from "@/lib/api-types";
import { checkHealth } from "@/lib/client/shared-health";

const RECHECK_MS = 5000;

export function HealthBanner() {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    let mounted = true;
    let timer: ReturnType<typeof setTimeout>;
    const check = async () => {
      const answer = await checkHealth();
      if (!mounted) return;
      setHealth(answer);
      timer = setTimeout(() => void check(), RECHECK_MS);
    };
    void check();
    return () => {
      mounted = false;
      clearTimeout(timer);
    };
  }, []);
  if (!health || health.ok) return null;
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="mx-auto max-w-7xl px-4 py-2 text-sm">
        <strong className="font-semibold">Redis is not ready:</strong> {health.error}
      </p>
    </div>
  );
}
