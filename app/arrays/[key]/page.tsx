import { Suspense } from "react";
import { ArrayPageFromUrl } from "@/components/ArrayPageFromUrl";

// The key is read from the URL on the client, so the route's shell (prerendered once, with no
// key and no data in it) is what the list prefetches, and a click needs no server request.
// cacheComponents needs a boundary around what reads a param the build does not know.
export default function Page() {
  return (
    <Suspense>
      <ArrayPageFromUrl />
    </Suspense>
  );
}
