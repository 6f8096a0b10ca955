/* Binds the API pointers declared in redis_api.h through the server's GetApi. */
#include "redis_api.h"

#define REDIS_API_DEFINE(ret, name, params) ret(*RedisModule_##name) params = NULL;
REDIS_API_FUNCTIONS(REDIS_API_DEFINE)
#undef REDIS_API_DEFINE

typedef int (*GetApiFunc)(const char *name, void *out_fnptr);

int redisApiBind(RedisModuleCtx *ctx, const char **missing) {
    GetApiFunc getApi = (GetApiFunc)((void **)ctx)[0];
    /* GetApi returns REDISMODULE_ERR for a name the server does not have. */
#define REDIS_API_BIND(ret, name, params)                                                                              \
    if (getApi("RedisModule_" #name, (void *)&RedisModule_##name) != REDISMODULE_OK) {                                 \
        *missing = "RedisModule_" #name;                                                                               \
        return REDISMODULE_ERR;                                                                                        \
    }
    REDIS_API_FUNCTIONS(REDIS_API_BIND)
#undef REDIS_API_BIND
    return REDISMODULE_OK;
}
