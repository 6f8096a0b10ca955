/* NP.ROWS key [key ...]: for each key, in order, the compact row a listing
 * shows, or nil when the key is missing or holds another type:
 *
 *   1) etag            16 hex digits, as NP.ETAG
 *   2) version         "1.0", "2.0" or "3.0"
 *   3) header          the dict text, padding trimmed, as NP.INFO's header
 *   4) descr           the descr value's source text
 *   5) shape           array of integers
 *   6) fortran_order   0 or 1
 *   7) bytes           total length, as NP.LEN
 *   8) pttl            milliseconds to live, -1 for none (as PTTL)
 *
 * A listing asked NP.INFO and PTTL per key: two commands and a field/value
 * reply per key. One NP.ROWS per page (per hash slot on a cluster) answers
 * the same from one atomic look at the keys. Unlike the single-key commands it
 * never replies WRONGTYPE: a listing skips keys that are not arrays. */
#include "npy_rows.h"

#include <stdio.h>
#include <string.h>

#include "npy_type.h"
#include "npy_validate.h"
#include "npy_value.h"

#define ROW_FIELDS 8

/* The array under name, or NULL when it is missing or not an array. */
static NpyValue *arrayOrNull(RedisModuleCtx *ctx, RedisModuleString *name, mstime_t *expire) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, name, REDISMODULE_READ);
    NpyValue *value = NULL;
    *expire = REDISMODULE_NO_EXPIRE;
    if (RedisModule_KeyType(key) != REDISMODULE_KEYTYPE_EMPTY && RedisModule_ModuleTypeGetType(key) == NpyType) {
        value = RedisModule_ModuleTypeGetValue(key);
        *expire = RedisModule_GetAbsExpire(key);
    }
    RedisModule_CloseKey(key);
    return value;
}

/* PTTL's answer from an absolute expiry: -1 for none, never below 0 for a
 * key still present (one due this millisecond is still readable). */
static long long pttlOf(mstime_t expire) {
    if (expire == REDISMODULE_NO_EXPIRE) return -1;
    mstime_t left = expire - RedisModule_Milliseconds();
    return left > 0 ? left : 0;
}

static void replyRow(RedisModuleCtx *ctx, NpyValue *value, mstime_t expire) {
    NpyInfo info;
    char err[NPY_ERROR_CAPACITY], version[8], hex[NPY_ETAG_HEX_LEN + 1];
    size_t len;
    const char *bytes = npyValueBytes(value, &len);
    /* Validated when stored: read the header with the stored descr summary, as NP.INFO does. */
    if (npyReadStoredHeader((const unsigned char *)bytes, len, &value->descr, &info, err, sizeof(err)) < 0) {
        RedisModule_ReplyWithError(ctx, "ERR stored value no longer parses as .npy (please report this)");
        return;
    }
    snprintf(version, sizeof(version), "%d.%d", info.major, info.minor);
    npyEtagFormat(npyValueEtag(value), hex);
    RedisModule_ReplyWithArray(ctx, ROW_FIELDS);
    RedisModule_ReplyWithStringBuffer(ctx, hex, NPY_ETAG_HEX_LEN);
    RedisModule_ReplyWithStringBuffer(ctx, version, strlen(version));
    RedisModule_ReplyWithStringBuffer(ctx, bytes + info.header.offset, info.header.length);
    RedisModule_ReplyWithStringBuffer(ctx, bytes + info.descr.offset, info.descr.length);
    RedisModule_ReplyWithArray(ctx, info.ndim);
    for (int i = 0; i < info.ndim; i++) RedisModule_ReplyWithLongLong(ctx, (long long)info.shape[i]);
    RedisModule_ReplyWithLongLong(ctx, info.fortran_order);
    RedisModule_ReplyWithLongLong(ctx, (long long)len);
    RedisModule_ReplyWithLongLong(ctx, pttlOf(expire));
}

static int npRowsCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc < 2) return RedisModule_WrongArity(ctx);
    RedisModule_ReplyWithArray(ctx, argc - 1);
    for (int i = 1; i < argc; i++) {
        mstime_t expire;
        NpyValue *value = arrayOrNull(ctx, argv[i], &expire);
        if (value == NULL) RedisModule_ReplyWithNull(ctx);
        else replyRow(ctx, value, expire);
    }
    return REDISMODULE_OK;
}

int npyRowsRegister(RedisModuleCtx *ctx) {
    /* Keys 1 to the last, step 1: Cluster checks they share a slot. */
    return RedisModule_CreateCommand(ctx, "np.rows", npRowsCommand, "readonly", 1, -1, 1);
}
