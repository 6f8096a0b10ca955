/* NP.BLOCKS: each block of a plane's window as its min, max and mean. */
#ifndef NPY_BLOCKS_H
#define NPY_BLOCKS_H

#include "redis_api.h"

/* One call reads at most this many elements and answers at most this many
 * blocks, so it holds the server for a few milliseconds (see README). */
#define NPY_BLOCKS_MAX_ELEMENTS (UINT64_C(1) << 22)
#define NPY_BLOCKS_MAX_BLOCKS (UINT64_C(1) << 21)

int npyBlocksRegister(RedisModuleCtx *ctx);

#endif
