// Runs once when the Next server starts, inside the compiled app: hands the API
// table's node:http server (lib/server/node-api.ts) to scripts/lib/app-server.ts,
// which answers those routes before Next's request handler.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerNodeApi } = await import("./lib/server/node-api");
  registerNodeApi();
}
