/* NP.SNAPSHOT: one version's etag, length and bytes in one reply. */
#ifndef NPY_SNAPSHOT_H
#define NPY_SNAPSHOT_H

#include "redis_api.h"

int npySnapshotRegister(RedisModuleCtx *ctx);

#endif
