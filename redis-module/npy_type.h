/* The numpyarry data type: registration and its type methods. */
#ifndef NPY_TYPE_H
#define NPY_TYPE_H

#include "redis_api.h"

/* RDB encoding versions:
 *   0  the reference design: unsigned byte count, then the bytes
 *   1  the bytes, the unsigned etag, an unsigned end marker */
#define NPY_ENCVER 1

extern RedisModuleType *NpyType;

int npyTypeRegister(RedisModuleCtx *ctx);

#endif
