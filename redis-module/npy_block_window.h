/* Where NP.BLOCKS's window lies in a validated payload: the request checked
 * against the array's header (axes, indices, ranges, the per-call bounds, a
 * dtype of real numbers) and turned into the element format, the two axes
 * of the window and its first byte. Pure C, no Redis dependency, so the
 * fuzzer runs it on every payload the validator accepts. */
#ifndef NPY_BLOCK_WINDOW_H
#define NPY_BLOCK_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "npy_reduce.h"
#include "npy_validate.h"

/* One call reads at most this many elements and answers at most this many
 * blocks, so it holds the server for a few milliseconds (see README). */
#define NPY_BLOCKS_MAX_ELEMENTS (UINT64_C(1) << 22)
#define NPY_BLOCKS_MAX_BLOCKS (UINT64_C(1) << 21)

typedef struct {
    long long start, stop, step;
} NpyBlockRange;

/* What a client asked for; axes and index take defaults when not given. */
typedef struct {
    NpyBlockRange rows, cols;
    int has_axes, has_index;
    long long axes[2];
    long long index[NPY_MAX_DIMS];
    int index_count;
} NpyBlockQuery;

typedef struct {
    NpyNumberFormat format;
    NpyBlockAxis rows, cols;
    uint64_t first; /* the window's first element, in bytes from the payload's start */
} NpyBlockWindow;

/* Checks `query` against the payload npyValidate accepted as `info`. Returns
 * 0 with the window, every element of which lies inside the payload's `len`
 * bytes, or -1 with a message naming the problem in err. */
int npyBlockWindow(const unsigned char *payload, size_t len, const NpyInfo *info, const NpyBlockQuery *query,
                   NpyBlockWindow *out, char *err, size_t errcap);

#endif
