import type { Metadata } from "next";
import { ArrayPage } from "@/components/ArrayPage";
import { decodeKeySegment } from "@/lib/key-segment";

interface Props {
  params: Promise<{ key: string }>;
}

/** The key is one path segment, encoded by lib/key-segment.ts in every link to it. */
function keyFromSegment(segment: string): string {
  try {
    return decodeKeySegment(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { key } = await params;
  return { title: `${keyFromSegment(key)} · numpy-redis` };
}

export default async function Page({ params }: Props) {
  const { key } = await params;
  const arrayKey = keyFromSegment(key);
  // Keyed by the array, so going to another one starts from fresh state (and a fresh follower).
  // No Suspense boundary here: a navigation that reached the page before its script would show
  // the empty fallback, and React then holds the page back for its fallback throttle (300 ms)
  // once the script is in; without one, the navigation commits the page as soon as it can render.
  return <ArrayPage key={arrayKey} arrayKey={arrayKey} />;
}
