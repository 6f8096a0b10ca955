/* The numpyarry data type: registration and its type methods. */
#ifndef NPY_TYPE_H
#define NPY_TYPE_H

#include "npy_value.h"
#include "redis_api.h"

/* RDB encoding versions:
 *   0  the reference design: unsigned byte count, then the bytes
 *   1  the bytes, the unsigned etag, an unsigned end marker; the etag was
 *      an id the master assigned, so it is recomputed on load
 *   2  as 1, the etag being npyHash64 of the bytes */
#define NPY_ENCVER 2

extern RedisModuleType *NpyType;

int npyTypeRegister(RedisModuleCtx *ctx);

/* Opens a key for reading. Returns 0 with *value (NULL when the key is
 * missing), or -1 after replying WRONGTYPE. */
int npyReadValue(RedisModuleCtx *ctx, RedisModuleString *name, NpyValue **value);

#endif
