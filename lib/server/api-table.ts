import "server-only";
import { jsonReply, type ApiReply, type ApiRequest } from "./api-reply";
import type { TableHandler } from "./api-route";
import { rememberArrayKeys } from "./array-events";
import { arrayKeyFromPath } from "./array-key";
import { listArrays, lookUpArrays, parseListQuery, parseLookupKeys } from "./array-list";
import { checkHealth } from "./health";
import { arrayReply } from "./transfer";

/**
 * The API routes whose cost per request matters most: the health probe, the
 * listing (a browse page loads 100 000 rows in pages) and an array's bytes
 * (small arrays, planes and frames are fetched many at a time).
 * Defined once here; the app's own server (scripts/lib/app-server.ts, through
 * lib/server/node-api.ts) answers them before Next's request handler, and the
 * Next route files export the same handlers, so both serve the same API.
 */
interface TableRoute {
  path: RegExp;
  methods: Partial<Record<string, TableHandler>>;
}

async function health(): Promise<ApiReply> {
  const { status, body } = await checkHealth();
  return jsonReply(status, body);
}

function wantsAttachment(query: URLSearchParams): boolean {
  const flag = query.get("download");
  return flag !== null && flag !== "0" && flag !== "false";
}

/** GET/HEAD /api/arrays/{key}: the exact .npy bytes (Range, If-None-Match, If-Range; ?download=1). */
function arrayBytes(head: boolean): TableHandler {
  return (request: ApiRequest) => arrayReply(request.headers, arrayKeyFromPath(request.path), { head, attachment: wantsAttachment(request.query) });
}

/**
 * GET /api/arrays?match=GLOB&cursor=C&count=N: one page of arrays with their headers.
 * GET /api/arrays?key=A&key=B: the same rows for the named keys (live updates).
 */
async function arrayRows(request: ApiRequest): Promise<ApiReply> {
  const keys = parseLookupKeys(request.query);
  const body = keys ? await lookUpArrays(keys) : await listArrays(parseListQuery(request.query));
  rememberArrayKeys(body.items.map((item) => item.key));
  return jsonReply(200, body);
}

export const HEALTH_ROUTE: TableRoute = { path: /^\/api\/health\/?$/, methods: { GET: health } };

export const ARRAY_BYTES_ROUTE: TableRoute = { path: /^\/api\/arrays\/[^/]+\/?$/, methods: { GET: arrayBytes(false), HEAD: arrayBytes(true) } };

export const ARRAY_LIST_ROUTE: TableRoute = { path: /^\/api\/arrays\/?$/, methods: { GET: arrayRows } };

const API_TABLE: TableRoute[] = [HEALTH_ROUTE, ARRAY_LIST_ROUTE, ARRAY_BYTES_ROUTE];

/** The table's handler for a method and raw path, or null: Next serves that request. */
export function tableHandler(method: string, path: string): TableHandler | null {
  for (const route of API_TABLE) {
    if (route.path.test(path)) return route.methods[method] ?? null;
  }
  return null;
}
