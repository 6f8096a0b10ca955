/* Entry point: binds the API, registers the numpyarry type and NP.* commands. */
#include "npy_blocks.h"
#include "npy_commands.h"
#include "npy_rows.h"
#include "npy_snapshot.h"
#include "npy_type.h"
#include "redis_api.h"

#define NPY_MODULE_NAME "numpy"
#define NPY_MODULE_VERSION 10000 /* 1.0.0 */

__attribute__((visibility("default"))) int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    (void)argv;
    (void)argc;
    const char *missing = NULL;
    if (redisApiBind(ctx, &missing) != REDISMODULE_OK) {
        if (RedisModule_Log) RedisModule_Log(ctx, "warning", "numpy module: this server lacks %s", missing);
        return REDISMODULE_ERR;
    }
    RedisModule_SetModuleAttribs(ctx, NPY_MODULE_NAME, NPY_MODULE_VERSION, REDISMODULE_APIVER_1);
    /* Short reads while loading become errors we check, not server panics. */
    RedisModule_SetModuleOptions(ctx, REDISMODULE_OPTIONS_HANDLE_IO_ERRORS);
    if (npyTypeRegister(ctx) != REDISMODULE_OK) {
        RedisModule_Log(ctx, "warning",
                        "could not register the numpyarry data type (is another module using the name?)");
        return REDISMODULE_ERR;
    }
    if (npyCommandsRegister(ctx) != REDISMODULE_OK) return REDISMODULE_ERR;
    if (npySnapshotRegister(ctx) != REDISMODULE_OK) return REDISMODULE_ERR;
    if (npyBlocksRegister(ctx) != REDISMODULE_OK) return REDISMODULE_ERR;
    return npyRowsRegister(ctx);
}
