/* The part of the Redis module API this module uses, declared from the
 * documented signatures (Redis 7.0; unchanged in later Redis and Valkey).
 * The server hands out each function through the GetApi lookup at
 * ((void **)ctx)[0]; redisApiBind fills the pointers and checks every one. */
#ifndef REDIS_API_H
#define REDIS_API_H

#include <stddef.h>
#include <stdint.h>

#define REDISMODULE_OK 0
#define REDISMODULE_ERR 1
#define REDISMODULE_APIVER_1 1

#define REDISMODULE_READ (1 << 0)
#define REDISMODULE_WRITE (1 << 1)

#define REDISMODULE_KEYTYPE_EMPTY 0
#define REDISMODULE_NO_EXPIRE -1

#define REDISMODULE_NOTIFY_GENERIC (1 << 2)
#define REDISMODULE_NOTIFY_MODULE (1 << 13)

#define REDISMODULE_OPTIONS_HANDLE_IO_ERRORS (1 << 0)

#define REDISMODULE_CTX_FLAGS_LUA (1 << 0)
#define REDISMODULE_CTX_FLAGS_MULTI (1 << 1)
#define REDISMODULE_CTX_FLAGS_REPLICATED (1 << 12)
#define REDISMODULE_CTX_FLAGS_LOADING (1 << 13)

/* Methods struct version 3 (Redis 6.2+): up to free_effort/unlink/copy/defrag. */
#define REDISMODULE_TYPE_METHOD_VERSION 3

#define REDISMODULE_ERRORMSG_WRONGTYPE "WRONGTYPE Operation against a key holding the wrong kind of value"

typedef long long mstime_t;
typedef struct RedisModuleCtx RedisModuleCtx;
typedef struct RedisModuleKey RedisModuleKey;
typedef struct RedisModuleString RedisModuleString;
typedef struct RedisModuleIO RedisModuleIO;
typedef struct RedisModuleDigest RedisModuleDigest;
typedef struct RedisModuleType RedisModuleType;

typedef int (*RedisModuleCmdFunc)(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

typedef struct {
    uint64_t version;
    void *(*rdb_load)(RedisModuleIO *io, int encver);
    void (*rdb_save)(RedisModuleIO *io, void *value);
    void (*aof_rewrite)(RedisModuleIO *io, RedisModuleString *key, void *value);
    size_t (*mem_usage)(const void *value);
    void (*digest)(RedisModuleDigest *digest, void *value);
    void (*free)(void *value);
    int (*aux_load)(RedisModuleIO *io, int encver, int when);
    void (*aux_save)(RedisModuleIO *io, int when);
    int aux_save_triggers;
    size_t (*free_effort)(RedisModuleString *key, const void *value);
    void (*unlink)(RedisModuleString *key, const void *value);
    void *(*copy)(RedisModuleString *fromkey, RedisModuleString *tokey, const void *value);
    int (*defrag)(void *defragctx, RedisModuleString *key, void **value);
} RedisModuleTypeMethods;

/* X(return type, name without the RedisModule_ prefix, parameter list) */
#define REDIS_API_FUNCTIONS(X)                                                                                         \
    X(void, Log, (RedisModuleCtx * ctx, const char *levelstr, const char *fmt, ...))                                   \
    X(void, SetModuleAttribs, (RedisModuleCtx * ctx, const char *name, int ver, int apiver))                           \
    X(void, SetModuleOptions, (RedisModuleCtx * ctx, int options))                                                     \
    X(int, CreateCommand,                                                                                              \
      (RedisModuleCtx * ctx, const char *name, RedisModuleCmdFunc cmdfunc, const char *strflags, int firstkey,         \
       int lastkey, int keystep))                                                                                      \
    X(int, GetContextFlags, (RedisModuleCtx * ctx))                                                                    \
    X(mstime_t, Milliseconds, (void))                                                                                  \
    X(int, WrongArity, (RedisModuleCtx * ctx))                                                                         \
    X(RedisModuleKey *, OpenKey, (RedisModuleCtx * ctx, RedisModuleString * keyname, int mode))                        \
    X(void, CloseKey, (RedisModuleKey * key))                                                                          \
    X(int, KeyType, (RedisModuleKey * key))                                                                            \
    X(mstime_t, GetAbsExpire, (RedisModuleKey * key))                                                                  \
    X(int, SetAbsExpire, (RedisModuleKey * key, mstime_t expire))                                                      \
    X(RedisModuleType *, CreateDataType,                                                                               \
      (RedisModuleCtx * ctx, const char *name, int encver, RedisModuleTypeMethods *typemethods))                       \
    X(int, ModuleTypeSetValue, (RedisModuleKey * key, RedisModuleType * mt, void *value))                              \
    X(int, SetExpire, (RedisModuleKey * key, mstime_t expire))                                                         \
    X(RedisModuleType *, ModuleTypeGetType, (RedisModuleKey * key))                                                    \
    X(void *, ModuleTypeGetValue, (RedisModuleKey * key))                                                              \
    X(int, ReplyWithError, (RedisModuleCtx * ctx, const char *err))                                                    \
    X(int, ReplyWithSimpleString, (RedisModuleCtx * ctx, const char *msg))                                             \
    X(int, ReplyWithLongLong, (RedisModuleCtx * ctx, long long ll))                                                    \
    X(int, ReplyWithArray, (RedisModuleCtx * ctx, long len))                                                           \
    X(int, ReplyWithStringBuffer, (RedisModuleCtx * ctx, const char *buf, size_t len))                                 \
    X(int, ReplyWithString, (RedisModuleCtx * ctx, RedisModuleString * str))                                           \
    X(int, ReplyWithNull, (RedisModuleCtx * ctx))                                                                      \
    X(const char *, StringPtrLen, (const RedisModuleString *str, size_t *len))                                         \
    X(int, StringToLongLong, (const RedisModuleString *str, long long *ll))                                            \
    X(RedisModuleString *, HoldString, (RedisModuleCtx * ctx, RedisModuleString * str))                                \
    X(void, TrimStringAllocation, (RedisModuleString * str))                                                           \
    X(RedisModuleString *, CreateStringFromString, (RedisModuleCtx * ctx, const RedisModuleString *str))               \
    X(void, FreeString, (RedisModuleCtx * ctx, RedisModuleString * str))                                               \
    X(size_t, MallocSizeString, (RedisModuleString * str))                                                             \
    X(size_t, MallocSize, (void *ptr))                                                                                 \
    X(int, Replicate, (RedisModuleCtx * ctx, const char *cmdname, const char *fmt, ...))                               \
    X(int, ReplicateVerbatim, (RedisModuleCtx * ctx))                                                                  \
    X(int, NotifyKeyspaceEvent, (RedisModuleCtx * ctx, int type, const char *event, RedisModuleString *key))           \
    X(int, IsIOError, (RedisModuleIO * io))                                                                            \
    X(void, SaveUnsigned, (RedisModuleIO * io, uint64_t value))                                                        \
    X(uint64_t, LoadUnsigned, (RedisModuleIO * io))                                                                    \
    X(void, SaveStringBuffer, (RedisModuleIO * io, const char *str, size_t len))                                       \
    X(RedisModuleString *, LoadString, (RedisModuleIO * io))                                                           \
    X(void, EmitAOF, (RedisModuleIO * io, const char *cmdname, const char *fmt, ...))                                  \
    X(void, LogIOError, (RedisModuleIO * io, const char *levelstr, const char *fmt, ...))                              \
    X(void, DigestAddStringBuffer, (RedisModuleDigest * md, const char *ele, size_t len))                              \
    X(void, DigestEndSequence, (RedisModuleDigest * md))                                                               \
    X(void *, Alloc, (size_t bytes))                                                                                   \
    X(void *, TryAlloc, (size_t bytes))                                                                                \
    X(void, Free, (void *ptr))

#define REDIS_API_DECLARE(ret, name, params) extern ret(*RedisModule_##name) params;
REDIS_API_FUNCTIONS(REDIS_API_DECLARE)
#undef REDIS_API_DECLARE

/* Looks up every function above, Log first so a later miss can be logged.
 * Returns REDISMODULE_ERR with *missing naming the first function not found. */
int redisApiBind(RedisModuleCtx *ctx, const char **missing);

#endif
