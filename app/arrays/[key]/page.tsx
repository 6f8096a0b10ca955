import { ArrayPageFromUrl } from "@/components/ArrayPageFromUrl";

// The key is read from the URL on the client, so the route's shell (prerendered once, with no
// key and no data in it) is what the list prefetches, and a click needs no server request.
// The Suspense boundary cacheComponents needs around that read is inside ArrayPageFromUrl.
export default function Page() {
  return <ArrayPageFromUrl />;
}
