"use client";
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

/**
 * The array page, keyed by the URL read on the client: the route's shell then holds no
 * key and no data, so it is prerendered once and prefetched, and a click needs no server
 * request. The title comes from here too (React puts it in the head) for the same reason.
 */
export function ArrayPageFromUrl() {
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
