import "server-only";
import { ApiError } from "./errors";

// What a cursor a listing handed out can look like: SCAN's number on one server,
// the folded per-master cursors (base64url) on a cluster. scanArrayKeys and
// cluster/scan.ts check the exact form once they know which kind of Redis runs.
const CURSOR_SHAPE = /^[\w.:-]{1,4096}$/;

/**
 * The cursor= of a request that goes on from where an earlier answer stopped
 * (a listing page, a count, a round of deleting by pattern): "0" to start.
 * `earlier` names that answer in the error ("page", "count", "round").
 */
export function parseCursor(cursor: string, earlier: string): string {
  if (!CURSOR_SHAPE.test(cursor)) throw new ApiError(400, `cursor must be "0" to start or the cursor the previous ${earlier} returned, not "${cursor}"`);
  return cursor;
}
