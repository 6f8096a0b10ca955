import "server-only";

/**
 * Moving an array's bytes between HTTP clients and Redis, in one place. Every
 * transfer runs on a connection of the app's own (wire.ts, from pool.ts) to the
 * node that holds the key (route.ts), speaking RESP encoded by resp.ts.
 * Downloads are one atomic read each (download.ts: a snapshot of one version,
 * read whole when small, else relayed as Redis sends it by relay.ts); uploads stream to NP.SET as they arrive or from
 * a spool (upload.ts); a plane that is not contiguous is gathered from many
 * runs read in one MULTI (plane.ts); bulk-limit.ts reads the size limits Redis enforces.
 */
export { arrayReply, wholeArray } from "./download";
export { planeResponse } from "./plane";
export { storeUpload, type UploadResult } from "./upload";
