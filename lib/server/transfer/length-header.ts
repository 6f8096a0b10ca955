// Next strips Content-Length from handler responses; scripts/lib/app-server.mjs restores it from this.
export const LENGTH_HEADER = "X-Numpy-Redis-Content-Length";
