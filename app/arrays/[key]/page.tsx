import type { Metadata } from "next";
import { Suspense } from "react";
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
  return (
    <Suspense>
      <ArrayPage key={arrayKey} arrayKey={arrayKey} />
    </Suspense>
  );
}
