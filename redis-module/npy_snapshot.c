/* NP.SNAPSHOT key [start end]: what a download needs of one version, in one
 * reply: nil when the key is missing, WRONGTYPE for another type, else
 *
 *   1) etag     16 hex digits, as NP.ETAG
 *   2) bytes    total length, as NP.LEN
 *   3) range    with start and end: the bytes NP.GETRANGE key start end gives
 *
 * A download asked MULTI NP.ETAG NP.LEN NP.GETRANGE EXEC: five commands and
 * five replies for what one command can answer, from one look at the key, so
 * the range and the etag always belong to the same version. The range comes
 * last, so a client can relay a big one as it arrives after reading the two
 * small fields. */
#include "npy_snapshot.h"

#include "npy_type.h"
#include "npy_value.h"

#define ERR_NOT_INTEGER "ERR value is not an integer or out of range"

/* Where a GETRANGE-style index (negative from the end) falls in len bytes, within [0, len]. */
static long long fromEnd(long long index, size_t len) {
    long long n = (long long)len;
    if (index < 0) index += n;
    return index < 0 ? 0 : index;
}

/* The bytes [start, end] (inclusive, negative from the end) select, as GETRANGE selects them. */
static void replyRange(RedisModuleCtx *ctx, const char *bytes, size_t len, long long start, long long end) {
    if (start < 0 && end < 0 && start > end) {
        RedisModule_ReplyWithStringBuffer(ctx, "", 0);
        return;
    }
    long long from = fromEnd(start, len), to = fromEnd(end, len);
    if (to >= (long long)len) to = (long long)len - 1;
    if (len == 0 || from > to) RedisModule_ReplyWithStringBuffer(ctx, "", 0);
    else RedisModule_ReplyWithStringBuffer(ctx, bytes + from, (size_t)(to - from + 1));
}

/* The array under name; NULL after replying nil (missing) or WRONGTYPE (another type). */
static NpyValue *arrayOrReply(RedisModuleCtx *ctx, RedisModuleString *name) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, name, REDISMODULE_READ);
    int type = RedisModule_KeyType(key);
    NpyValue *value = NULL;
    if (type == REDISMODULE_KEYTYPE_EMPTY) RedisModule_ReplyWithNull(ctx);
    else if (RedisModule_ModuleTypeGetType(key) != NpyType) RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    else value = RedisModule_ModuleTypeGetValue(key);
    RedisModule_CloseKey(key);
    return value;
}

static int npSnapshotCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long start = 0, end = 0;
    if (argc != 2 && argc != 4) return RedisModule_WrongArity(ctx);
    int ranged = argc == 4;
    if (ranged && (RedisModule_StringToLongLong(argv[2], &start) != REDISMODULE_OK ||
                   RedisModule_StringToLongLong(argv[3], &end) != REDISMODULE_OK))
        return RedisModule_ReplyWithError(ctx, ERR_NOT_INTEGER);
    NpyValue *value = arrayOrReply(ctx, argv[1]);
    if (value == NULL) return REDISMODULE_OK;
    char hex[NPY_ETAG_HEX_LEN + 1];
    size_t len;
    const char *bytes = npyValueBytes(value, &len);
    npyEtagFormat(value->etag, hex);
    RedisModule_ReplyWithArray(ctx, ranged ? 3 : 2);
    RedisModule_ReplyWithStringBuffer(ctx, hex, NPY_ETAG_HEX_LEN);
    RedisModule_ReplyWithLongLong(ctx, (long long)len);
    if (ranged) replyRange(ctx, bytes, len, start, end);
    return REDISMODULE_OK;
}

int npySnapshotRegister(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "np.snapshot", npSnapshotCommand, "readonly", 1, 1, 1);
}
