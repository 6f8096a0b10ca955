/* The NP.* commands. */
#ifndef NPY_COMMANDS_H
#define NPY_COMMANDS_H

#include "redis_api.h"

int npyCommandsRegister(RedisModuleCtx *ctx);

#endif
