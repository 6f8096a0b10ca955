// The Next server for this app: `next start`'s job (or `next dev`'s, with --dev),
// plus three things Next's route handlers cannot do. What passes between this
// server and the app's code is typed once, in lib/app-server-contract.ts.
// - Speed for small requests: the routes of lib/server/api-table.ts (the health
//   probe, the listing, an array's bytes) are answered on node:http before Next's
//   request handler, which costs milliseconds per request. instrumentation.ts
//   hands this server those routes, compiled with the app, when Next starts.
// - Content-Length: Next removes it from every route-handler response and streams
//   it chunked; array downloads need it (progress bars, download managers, clients
//   that check completeness). A route that knows its length sends it as
//   LENGTH_HEADER, and this server turns that into a real Content-Length.
// - The raw request body: handlers get the body as a web ReadableStream that copies
//   every 64 KiB chunk, which made a 16 MiB upload cost three times its NP.SET.
//   Each request runs inside an AsyncLocalStorage the app's code reads
//   (lib/server/raw-request.ts), so it can read the Node request itself.
//
//   HOST=127.0.0.1 PORT=3000 NEXT_DIST_DIR=.next node --import tsx scripts/lib/app-server.ts [--dev]
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { dashboardTokenProblem } from "../../lib/access-rules.mjs";
import { LENGTH_HEADER, nodeApiServer, provideRawRequests, type RawRequest } from "../../lib/app-server-contract";
import { deferContinue, refuseMalformed } from "./request-gate";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dev = process.argv.includes("--dev");
const rawRequests = new AsyncLocalStorage<RawRequest>();
provideRawRequests(rawRequests);

/** Makes LENGTH_HEADER, when a handler sets it, the response's Content-Length. */
function exposeContentLength(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  const appendHeader = res.appendHeader.bind(res);
  const named = (name: string) => (name.toLowerCase() === LENGTH_HEADER ? "content-length" : name);
  res.setHeader = (name, value) => setHeader(named(name), value);
  res.appendHeader = (name, value) => appendHeader(named(name), value);
}

const tokenProblem = process.env.DASHBOARD_TOKEN ? dashboardTokenProblem(process.env.DASHBOARD_TOKEN) : null;
if (tokenProblem) {
  console.error(`cannot start: ${tokenProblem}`);
  process.exit(1);
}

const hostname = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
// Next reads NODE_ENV; `next dev` and `next start` set it the same way.
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });

const app = next({ dev, dir: ROOT, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const nodeApi = nodeApiServer();
if (!nodeApi) throw new Error("instrumentation.ts did not register the API table's server; rebuild the app (next build)");

function serve(req: IncomingMessage, res: ServerResponse): void {
  if (refuseMalformed(req, res)) return;
  if (nodeApi!.serve(req, res)) return;
  exposeContentLength(res);
  void rawRequests.run(req, () => handle(req, res));
}

const server = createServer(serve);
server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
  deferContinue(req, res);
  serve(req, res);
});
// Node closes an idle keep-alive connection after 5 s, and a client may send its next
// request on it in that same instant (fetch reuses a connection up to a second before
// the server's announced timeout; an event loop busy moving arrays for longer than that
// closes it under the request, and a PUT's body then meets EPIPE). A long timeout moves
// that race to connections idle for a minute, where clients rarely send.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.on("error", (error) => {
  console.error(`cannot serve on ${hostname}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const shown = hostname.includes(":") ? `[${hostname}]` : hostname;
  console.log(`numpy-redis dashboard ${dev ? "(development) " : ""}ready on http://${shown}:${port}`);
});

function shutdown(): void {
  server.close(() => process.exit(0));
  // Open SSE streams keep connections alive; do not wait for them.
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
}
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
