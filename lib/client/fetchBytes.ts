// Downloads an array's bytes with progress and cancel. The buffer is sized
// from Content-Length up front so a 256 MiB array is never copied while it
// arrives, and it can be transferred to the worker as is.
export interface Progress {
  received: number;
  total: number | null;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The API answers errors as JSON {error}; anything else is shown by status. */
export async function errorFromResponse(response: Response): Promise<HttpError> {
  let reason = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === "string") reason = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return new HttpError(response.status, reason);
}

export async function fetchBytes(url: string, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<ArrayBuffer> {
  const response = await fetch(url, { signal, cache: "no-store" });
  if (!response.ok) throw await errorFromResponse(response);
  const length = response.headers.get("Content-Length");
  const total = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  let buffer = new Uint8Array(total ?? 1 << 20);
  let received = 0;
  onProgress({ received, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.length > buffer.length) {
      const grown = new Uint8Array(Math.max(buffer.length * 2, received + value.length));
      grown.set(buffer.subarray(0, received));
      buffer = grown;
    }
    buffer.set(value, received);
    received += value.length;
    onProgress({ received, total });
  }
  if (total !== null && received !== total) {
    throw new Error(`the server announced ${total} bytes but sent ${received}; reload to try again`);
  }
  return received === buffer.length ? buffer.buffer : buffer.slice(0, received).buffer;
}
