// Downloads that overlap a change of the array: start one, change the array, see what arrives.

export interface OverlappedDownload {
  /** Reads the rest: "complete" when the body ended normally, "cut short" when it failed; and every byte received. */
  finish(): Promise<{ outcome: "complete" | "cut short"; bytes: Buffer }>;
}

/** Starts a GET of `url` and reads its first chunk. */
export async function startDownload(url: string): Promise<OverlappedDownload> {
  const reader = (await fetch(url)).body!.getReader();
  const first = (await reader.read()).value;
  const chunks: Uint8Array[] = first ? [first] : [];
  const bytes = () => Buffer.concat(chunks);
  return {
    async finish() {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return { outcome: "complete", bytes: bytes() };
          chunks.push(value);
        }
      } catch {
        return { outcome: "cut short", bytes: bytes() };
      }
    },
  };
}
