"use client";
// Asks the worker for the latest arguments while keeping at most one call in
// flight. Every answer is shown when it arrives, even when newer arguments
// are already waiting, so a slider drag or playback paints frames as fast as
// the worker answers instead of dropping each answer as stale and painting
// nothing until the motion stops.
import { useEffect, useRef, useState } from "react";

export interface LatestAnswer<A, R> {
  args: A;
  result: R | null;
  error: string | null;
}

/** `args` null: ask nothing (yet). Arguments must keep their identity while they stay the same (useMemo). */
export function useLatestCall<A, R>(args: A | null, call: (args: A) => Promise<R>): LatestAnswer<A, R> | null {
  const [answer, setAnswer] = useState<LatestAnswer<A, R> | null>(null);
  const wanted = useRef<A | null>(args);
  const busy = useRef(false);
  const mounted = useRef(true);
  const latestCall = useRef(call);

  useEffect(() => {
    latestCall.current = call;
  });

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    wanted.current = args;
    const send = () => {
      const sent = wanted.current;
      if (sent === null || busy.current) return;
      busy.current = true;
      const settle = (result: R | null, error: string | null) => {
        busy.current = false;
        if (!mounted.current) return;
        setAnswer({ args: sent, result, error });
        if (wanted.current !== sent) send();
      };
      latestCall.current(sent).then(
        (result) => settle(result, null),
        (e: unknown) => settle(null, e instanceof Error ? e.message : String(e)),
      );
    };
    send();
  }, [args]);

  return answer;
}
