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

#include "npy_commands.h"
#include "npy_type.h"
#include "npy_value.h"

static int npSnapshotCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    long long start = 0, end = 0;
    if (argc != 2 && argc != 4) return RedisModule_WrongArity(ctx);
    int ranged = argc == 4;
    if (ranged && (RedisModule_StringToLongLong(argv[2], &start) != REDISMODULE_OK ||
                   RedisModule_StringToLongLong(argv[3], &end) != REDISMODULE_OK))
        return RedisModule_ReplyWithError(ctx, ERR_NOT_INTEGER);
    NpyValue *value;
    if (npyReadValue(ctx, argv[1], &value) < 0) return REDISMODULE_OK;
    if (value == NULL) return RedisModule_ReplyWithNull(ctx);
    char hex[NPY_ETAG_HEX_LEN + 1];
    size_t len;
    const char *bytes = npyValueBytes(value, &len);
    npyEtagFormat(npyValueEtag(value), hex);
    RedisModule_ReplyWithArray(ctx, ranged ? 3 : 2);
    RedisModule_ReplyWithStringBuffer(ctx, hex, NPY_ETAG_HEX_LEN);
    RedisModule_ReplyWithLongLong(ctx, (long long)len);
    if (ranged) npyReplyRange(ctx, bytes, len, start, end);
    return REDISMODULE_OK;
}

int npySnapshotRegister(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "np.snapshot", npSnapshotCommand, "readonly", 1, 1, 1);
}
