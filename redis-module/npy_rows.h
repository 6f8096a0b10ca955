/* NP.ROWS: the browse list's rows for many keys in one command. */
#ifndef NPY_ROWS_H
#define NPY_ROWS_H

#include "redis_api.h"

int npyRowsRegister(RedisModuleCtx *ctx);

#endif
