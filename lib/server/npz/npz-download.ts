import "server-only";
import { MAX_NPZ_KEYS } from "@/lib/api-types";
import { decodeKey } from "../array-key";
import { lookUpArrays, namedKeys, scanArrayKeys } from "../array-list";
import { keyBytes } from "../array-store";
import { attachmentDisposition } from "../content-disposition";
import { ApiError } from "../errors";
import { wholeArray } from "../transfer";
import { storedZip, type ZipMember } from "./stored-zip";

const SCAN_PAGE = 500;

export type NpzQuery = { kind: "keys"; keys: string[] } | { kind: "match"; match: string };

export function parseNpzQuery(params: URLSearchParams): NpzQuery {
  const keys = namedKeys(params, MAX_NPZ_KEYS, "use match= for more");
  const match = params.get("match");
  if (keys.length > 0 && match !== null) throw new ApiError(400, "give key= (named arrays) or match= (a glob), not both");
  if (keys.length > 0) return { kind: "keys", keys };
  if (match === null || match === "") throw new ApiError(400, "name the arrays: key=A&key=B, or match=GLOB (match=* for all)");
  return { kind: "match", match };
}

/** Every named key must be an array, checked before the first byte goes out (a 404 then still names them). */
async function checkNamed(keys: string[]): Promise<void> {
  // One NP.ROWS for all of them (at most MAX_NPZ_KEYS): a row holds a key's header facts, not its bytes.
  const { missing } = await lookUpArrays(keys);
  if (missing.length > 0)
    throw new ApiError(
      404,
      `no array named ${missing
        .slice(0, 5)
        .map((key) => `"${key}"`)
        .join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`,
    );
}

async function* matchingKeys(match: string): AsyncGenerator<Buffer> {
  let cursor = "0";
  do {
    const page = await scanArrayKeys({ match, cursor, count: SCAN_PAGE });
    yield* page.keys;
    cursor = page.cursor;
  } while (cursor !== "0");
}

/**
 * One member per array, each one version read atomically as it comes up. An array
 * deleted before its turn is left out; a key that is not UTF-8 has no member name.
 */
async function* members(keys: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<ZipMember> {
  for await (const key of keys) {
    const name = decodeKey(key);
    if (name === null) continue;
    const array = await wholeArray(key);
    if (!array) continue;
    try {
      yield { name: `${name}.npy`, size: array.length, chunks: array.chunks };
    } finally {
      // The archive left before this member's bytes were all read (the client went away).
      array.abandon();
    }
  }
}

function archiveName(query: NpzQuery): string {
  if (query.kind === "keys") return query.keys.length === 1 ? query.keys[0] : "arrays";
  const stem = query.match.replace(/[*?[\]\\]+/g, "").replace(/:+$/, "");
  return stem || "arrays";
}

/**
 * GET /api/npz: an .npz np.load opens, one member `<key>.npy` per array holding its
 * stored bytes exactly; streamed member after member (stored, not recompressed), so
 * the first byte goes out at once and memory stays flat; Zip64 past 4 GiB.
 */
export async function npzResponse(query: NpzQuery): Promise<Response> {
  if (query.kind === "keys") await checkNamed(query.keys);
  const keys = query.kind === "keys" ? query.keys.map(keyBytes) : matchingKeys(query.match);
  const archive = storedZip(members(keys));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await archive.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await archive.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": attachmentDisposition(archiveName(query), "npz"),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
