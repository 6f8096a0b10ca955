// Downloads that are meant to be cut short: start one, change the array, see how it ends.

export interface InterruptedDownload {
  /** Reads the rest: "complete" when the body ended normally, "cut short" when it failed. */
  finish(): Promise<{ outcome: "complete" | "cut short"; received: number }>;
}

/** Starts a GET of `url` and reads its first chunk. */
export async function startDownload(url: string): Promise<InterruptedDownload> {
  const reader = (await fetch(url)).body!.getReader();
  let received = (await reader.read()).value?.byteLength ?? 0;
  return {
    async finish() {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return { outcome: "complete", received };
          received += value.byteLength;
        }
      } catch {
        return { outcome: "cut short", received };
      }
    },
  };
}
