// Requests refused before Next sees them, with a JSON reason: Next answers these
// with a bare 500 and a stack trace in the log, for what is the client's mistake.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { WRITE_CONTINUE, type RawRequest } from "../../lib/app-server-contract";

const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
const SERVED = new Set(SERVED_METHODS);

interface Malformation {
  status: number;
  error: string;
  headers?: OutgoingHttpHeaders;
}

function refuse(res: ServerResponse, { status, error, headers = {} }: Malformation): void {
  const body = JSON.stringify({ error });
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Why the request cannot be served at all (a method nobody serves, a path that is not UTF-8), or null. */
function malformation(req: IncomingMessage): Malformation | null {
  const method = req.method ?? "";
  if (!SERVED.has(method)) return { status: 405, error: `method ${method} is not served here`, headers: { Allow: SERVED_METHODS.join(", ") } };
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  // Only a percent sign can make a path fail to decode, so most requests skip the decoding.
  if (!path.includes("%")) return null;
  try {
    decodeURIComponent(path);
  } catch {
    return { status: 400, error: `the path ${path.slice(0, 200)} is not valid percent-encoded UTF-8; encode keys with encodeURIComponent` };
  }
  return null;
}

/** Answers a malformed request itself; true when it did. */
export function refuseMalformed(req: IncomingMessage, res: ServerResponse): boolean {
  const problem = malformation(req);
  if (!problem) return false;
  refuse(res, problem);
  return true;
}

/**
 * `Expect: 100-continue`: an upload (PUT of an array) is told to send its body only
 * once the handler accepted its size (lib/server/raw-request.ts `acceptBody`), so a
 * too-large one gets its 413 first; any other request is told to go on at once.
 */
export function deferContinue(req: RawRequest, res: ServerResponse): void {
  const isUpload = req.method === "PUT" && (req.url ?? "").startsWith("/api/arrays/");
  if (isUpload) req[WRITE_CONTINUE] = () => res.writeContinue();
  else res.writeContinue();
}
