// Where the worker stops downloading an array whole and shows it a plane (or a window) at a time;
// the list reads them too, to know at a click whether the array opens a plane at a time.

/** Arrays up to this size are downloaded whole, as one request is then the quickest way to every view. */
export const WHOLE_DOWNLOAD_LIMIT = 8 << 20;
/** Planes bigger than this are never fetched whole: the heatmap asks the server for the window on screen, sampled to the plot's pixels. */
export const HUGE_PLANE_BYTES = 16 << 20;
