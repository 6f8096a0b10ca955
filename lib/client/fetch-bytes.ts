// Downloads an array's bytes with progress and cancel, conditionally when the
// caller already has a version. The buffer is sized from Content-Length up
// front so a 256 MiB array is never copied while it arrives, and it can be
// transferred to the worker as is.
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

/** One stored version of an array: its bytes and the ETag that names them. */
export interface FetchedVersion {
  buffer: ArrayBuffer;
  etag: string | null;
}

/** fetch() and stream reads fail with a bare TypeError ("network error") when the connection breaks. */
function connectionBroke(e: unknown, signal: AbortSignal): unknown {
  if (signal.aborted || !(e instanceof TypeError)) return e;
  return new Error(`the connection to the dashboard broke during the download (${e.message}): check that the dashboard is still running`);
}

/**
 * Downloads the array's current version; with `ifNoneMatch` (the ETag of the
 * version already shown) an unchanged array costs a 304 and returns null.
 */
export async function fetchBytes(
  url: string,
  signal: AbortSignal,
  onProgress: (p: Progress) => void,
  ifNoneMatch: string | null = null,
): Promise<FetchedVersion | null> {
  try {
    return await readVersion(url, signal, onProgress, ifNoneMatch);
  } catch (e) {
    throw connectionBroke(e, signal);
  }
}

async function readVersion(url: string, signal: AbortSignal, onProgress: (p: Progress) => void, ifNoneMatch: string | null): Promise<FetchedVersion | null> {
  const headers: HeadersInit = ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {};
  const response = await fetch(url, { signal, cache: "no-store", headers });
  if (response.status === 304) return null;
  if (!response.ok) throw await errorFromResponse(response);
  const etag = response.headers.get("ETag");
  const length = response.headers.get("Content-Length");
  const total = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  if (!response.body) return { buffer: await response.arrayBuffer(), etag };
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
    throw new Error(`the download was cut off: the server announced ${total} bytes but sent ${received}; retry`);
  }
  return { buffer: received === buffer.length ? buffer.buffer : buffer.slice(0, received).buffer, etag };
}
