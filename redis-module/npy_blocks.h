/* NP.BLOCKS: each block of a plane's window as its min, max and mean. */
#ifndef NPY_BLOCKS_H
#define NPY_BLOCKS_H

#include "redis_api.h"

int npyBlocksRegister(RedisModuleCtx *ctx);

#endif
