"use client";
import { Suspense } from "react";
import { useParams } from "next/navigation";
import { ArrayPage } from "./ArrayPage";
import { decodeKeySegment } from "@/lib/key-segment";

/** The key is one path segment, encoded by lib/key-segment.ts in every link to it. */
function keyFromSegment(segment: string): string {
  try {
    return decodeKeySegment(segment);
  } catch {
    return segment;
  }
}

function ArrayPageOfKey() {
  const { key } = useParams<{ key: string }>();
  const arrayKey = keyFromSegment(key);
  return (
    <>
      <title>{`${arrayKey} · numpy-redis`}</title>
      {/* Keyed by the array, so going to another one starts from fresh state (and a fresh follower). */}
      <ArrayPage key={arrayKey} arrayKey={arrayKey} />
    </>
  );
}

/**
 * The array page, keyed by the URL read on the client: the route's shell then holds no
 * key and no data, so it is prerendered once and prefetched, and a click needs no server
 * request. The title comes from here too (React puts it in the head) for the same reason.
 *
 * The boundary cacheComponents needs around the key's reader is in this module, not in the
 * route's page: a navigation that arrives before this module's script then waits for it
 * with the list still on screen. With the boundary in the server page, the script's load
 * suspended inside it, React committed the (empty) fallback, and once the script was in
 * held the page back until 300 ms after that commit (its fallback throttle).
 */
export function ArrayPageFromUrl() {
  return (
    <Suspense fallback={<span data-testid="array-route-fallback" hidden />}>
      <ArrayPageOfKey />
    </Suspense>
  );
}
