// Holds a page's block reductions (GET …/plane?reduce=…) part way, so a
// refinement can be seen unrefined, then part refined, with no timing: the
// browser's request is sent through a relay on 127.0.0.1 that forwards the
// app's streamed reply whole records at a time (lib/npy/block-records.ts),
// as many as the gate lets through.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { RECORD_HEADER_BYTES } from "../../lib/npy/block-records";

/** How many records may pass so far, and a wake-up for the relays waiting on more. */
export class RecordGate {
  allowed = 0;
  private waiting: (() => void)[] = [];

  /** Lets `records` more through (Infinity: the rest). */
  pass(records: number): void {
    this.allowed += records;
    for (const wake of this.waiting.splice(0)) wake();
  }

  changed(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** Routes the page's block reductions through a relay held by the returned gate (closed by `close`). */
export async function gateRefinement(page: Page): Promise<{ gate: RecordGate; close: () => Promise<void> }> {
  const gate = new RecordGate();
  const relay = createServer((request, response) => {
    void relayRecords(new URL(request.url!, "http://relay").searchParams.get("to")!, request.headers["if-match"], response, gate);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const { port } = relay.address() as AddressInfo;
  await page.route(/\/plane\?.*reduce=/, (route) => route.continue({ url: `http://127.0.0.1:${port}/?to=${encodeURIComponent(route.request().url())}` }));
  return {
    gate,
    close: () => {
      gate.pass(Infinity);
      relay.closeAllConnections();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}

/** Forwards the reply of `url` whole records at a time, as many as the gate lets through. */
async function relayRecords(url: string, ifMatch: string | string[] | undefined, response: ServerResponse, gate: RecordGate): Promise<void> {
  const upstream = await fetch(url, { headers: typeof ifMatch === "string" ? { "If-Match": ifMatch } : {} });
  const headers = ["content-type", "etag", "x-plane-shape", "x-plane-reductions"].flatMap((name) => {
    const value = upstream.headers.get(name);
    return value === null ? [] : [[name, value] as [string, string]];
  });
  response.writeHead(upstream.status, Object.fromEntries(headers));
  let pending = Buffer.alloc(0);
  let passed = 0;
  const body = upstream.body!.getReader();
  for (let chunk = await body.read(); !chunk.done; chunk = await body.read()) {
    pending = Buffer.concat([pending, chunk.value]);
    for (let length = recordLength(pending); length <= pending.length; length = recordLength(pending)) {
      while (passed >= gate.allowed) await gate.changed();
      response.write(pending.subarray(0, length));
      pending = pending.subarray(length);
      passed++;
    }
  }
  response.end(pending);
}

/** Bytes of the record at the start of `bytes` (Infinity until its header is in). */
function recordLength(bytes: Buffer): number {
  if (bytes.length < RECORD_HEADER_BYTES) return Infinity;
  return RECORD_HEADER_BYTES + 3 * bytes.readUInt32LE(4) * bytes.readUInt32LE(12) * 8;
}
