import { Suspense } from "react";
import { ArrayBrowser } from "@/components/ArrayBrowser";

export default function HomePage() {
  // The list's state comes from the URL query (useSearchParams), read on the client.
  return (
    <Suspense>
      <ArrayBrowser />
    </Suspense>
  );
}
