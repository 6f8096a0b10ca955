// A minimal Server-Sent Events reader over fetch, for tests of /api/events.

export interface SseMessage {
  event: string; // "message" when the server named none
  data: string;
}

export interface SseStream {
  /** Resolves with the first message (from now or already received) that matches, or rejects after timeoutMs. */
  next(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Every message so far. */
  messages: SseMessage[];
  close(): void;
}

export async function openEventStream(url: string, init: RequestInit = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, { ...init, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  let consumed = 0;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
          }
          if (data.length) messages.push({ event, data: data.join("\n") });
          waiters.forEach((w) => w());
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    messages,
    next(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = consumed; i < messages.length; i++) {
            if (match(messages[i])) {
              consumed = i + 1;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(messages[i]);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
