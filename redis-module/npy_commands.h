/* The NP.* commands. */
#ifndef NPY_COMMANDS_H
#define NPY_COMMANDS_H

#include "redis_api.h"

#define ERR_NOT_INTEGER "ERR value is not an integer or out of range"

int npyCommandsRegister(RedisModuleCtx *ctx);

/* Replies the bytes [start, end] select (inclusive, negative from the end), as GETRANGE does. */
int npyReplyRange(RedisModuleCtx *ctx, const char *bytes, size_t len, long long start, long long end);

#endif
