import { ArrayBrowser } from "@/components/ArrayBrowser";

export default function HomePage() {
  return <ArrayBrowser />;
}
