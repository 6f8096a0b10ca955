/* NP.SET, NP.GET, NP.INFO, NP.GETRANGE, NP.LEN, NP.ETAG. Every command checks
 * its arity and the key's type before touching the value, and replies early
 * on any error. */
#include "npy_commands.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "npy_header_memo.h"
#include "npy_type.h"
#include "npy_validate.h"
#include "npy_value.h"

#define ERR_SYNTAX "ERR syntax error"
#define ERR_EXPIRE "ERR invalid expire time in 'np.set' command"

/* ---------- shared helpers ---------- */

static int argIs(RedisModuleString *arg, const char *word) {
    size_t len;
    const char *s = RedisModule_StringPtrLen(arg, &len);
    if (len != strlen(word)) return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
        if (c != word[i]) return 0;
    }
    return 1;
}

/* ---------- NP.SET ---------- */

typedef enum { EXPIRE_NONE, EXPIRE_EX, EXPIRE_PX, EXPIRE_EXAT, EXPIRE_PXAT } ExpireKind;

typedef struct {
    int nx, xx, keepttl;
    int added; /* reply :1 created / :0 replaced instead of OK */
    ExpireKind expire_kind;
    long long expire_arg;
} SetOptions;

static ExpireKind expireKindOf(RedisModuleString *arg) {
    if (argIs(arg, "EX")) return EXPIRE_EX;
    if (argIs(arg, "PX")) return EXPIRE_PX;
    if (argIs(arg, "EXAT")) return EXPIRE_EXAT;
    if (argIs(arg, "PXAT")) return EXPIRE_PXAT;
    return EXPIRE_NONE;
}

/* Earlier versions wrote `ETAG <hex>` into the AOF and the replication
 * stream, carrying an id the master chose. The etag is now the hash of the
 * bytes, so the option is skipped where such commands can still come from
 * (an old AOF, an old master) and is a syntax error from clients. */
static int isLegacyEtag(RedisModuleCtx *ctx, RedisModuleString *arg) {
    return argIs(arg, "ETAG") &&
           (RedisModule_GetContextFlags(ctx) & (REDISMODULE_CTX_FLAGS_REPLICATED | REDISMODULE_CTX_FLAGS_LOADING));
}

/* The same option rules as SET: NX/XX exclusive, one expiry kind or KEEPTTL. */
static int parseSetOptions(RedisModuleCtx *ctx, RedisModuleString **argv, int argc, SetOptions *opts) {
    memset(opts, 0, sizeof(*opts));
    for (int i = 3; i < argc; i++) {
        ExpireKind kind = expireKindOf(argv[i]);
        int has_next = i + 1 < argc;
        if (argIs(argv[i], "NX") && !opts->xx) {
            opts->nx = 1;
        } else if (argIs(argv[i], "XX") && !opts->nx) {
            opts->xx = 1;
        } else if (argIs(argv[i], "ADDED")) {
            opts->added = 1;
        } else if (argIs(argv[i], "KEEPTTL") && opts->expire_kind == EXPIRE_NONE) {
            opts->keepttl = 1;
        } else if (kind != EXPIRE_NONE && !opts->keepttl && has_next &&
                   (opts->expire_kind == EXPIRE_NONE || opts->expire_kind == kind)) {
            opts->expire_kind = kind;
            if (RedisModule_StringToLongLong(argv[++i], &opts->expire_arg) != REDISMODULE_OK) {
                RedisModule_ReplyWithError(ctx, ERR_NOT_INTEGER);
                return -1;
            }
        } else if (has_next && isLegacyEtag(ctx, argv[i])) {
            i++;
        } else {
            RedisModule_ReplyWithError(ctx, ERR_SYNTAX);
            return -1;
        }
    }
    return 0;
}

/* The absolute expiry in ms (REDISMODULE_NO_EXPIRE without one), or -2 after
 * replying that it is invalid. */
static mstime_t absoluteExpire(RedisModuleCtx *ctx, const SetOptions *opts) {
    long long v = opts->expire_arg;
    int seconds = opts->expire_kind == EXPIRE_EX || opts->expire_kind == EXPIRE_EXAT;
    int relative = opts->expire_kind == EXPIRE_EX || opts->expire_kind == EXPIRE_PX;
    if (opts->expire_kind == EXPIRE_NONE) return REDISMODULE_NO_EXPIRE;
    if (v <= 0 || (seconds && v > LLONG_MAX / 1000)) goto invalid;
    if (seconds) v *= 1000;
    if (relative) {
        mstime_t now = RedisModule_Milliseconds();
        if (v > LLONG_MAX - now) goto invalid;
        v += now;
    }
    return v;
invalid:
    RedisModule_ReplyWithError(ctx, ERR_EXPIRE);
    return -2;
}

/* Commands run on the server's main thread only, so one memo serves them all. */
static NpyHeaderMemo last_header;

/* Validates the payload into *descr, or replies why it is not a .npy. */
static int replyIfInvalidNpy(RedisModuleCtx *ctx, RedisModuleString *payload, NpyDescrSummary *descr) {
    size_t len;
    const char *bytes = RedisModule_StringPtrLen(payload, &len);
    char err[NPY_ERROR_CAPACITY], reply[NPY_ERROR_CAPACITY + 32];
    if (npyValidateRemembering(&last_header, (const unsigned char *)bytes, len, descr, err, sizeof(err)) == 0) return 0;
    snprintf(reply, sizeof(reply), "ERR invalid .npy: %s", err);
    RedisModule_ReplyWithError(ctx, reply);
    return -1;
}

/* Keeps the argument string itself instead of copying it. Inside MULTI or a
 * script the server still references the argument until the whole
 * transaction is propagated, and a lazy free on another thread must not race
 * it on the shared refcount, so there the bytes are copied. Trimming comes
 * first: the server trims retained arguments later, which could move them. */
static RedisModuleString *retainPayload(RedisModuleCtx *ctx, RedisModuleString *payload) {
    int shared = RedisModule_GetContextFlags(ctx) & (REDISMODULE_CTX_FLAGS_MULTI | REDISMODULE_CTX_FLAGS_LUA);
    RedisModuleString *bytes =
        shared ? RedisModule_CreateStringFromString(NULL, payload) : RedisModule_HoldString(NULL, payload);
    RedisModule_TrimStringAllocation(bytes);
    return bytes;
}

/* Replicas and the AOF run the command again and hash the same bytes into
 * the same etag, so it replicates verbatim, as SET does, unless it carries an
 * expiry: a relative one becomes absolute (PXAT) so a replica or an AOF replay
 * does not restart the clock, and the settled NX/XX is dropped with it. */
static void replicateSet(RedisModuleCtx *ctx, RedisModuleString **argv, mstime_t expire_at) {
    if (expire_at == REDISMODULE_NO_EXPIRE) RedisModule_ReplicateVerbatim(ctx);
    else RedisModule_Replicate(ctx, "NP.SET", "sscl", argv[1], argv[2], "PXAT", (long long)expire_at);
}

/* Stores the value. Overwriting an array gives its value the new bytes in
 * place (no key deletion and re-insertion, no new value to allocate), which
 * keeps the TTL: drop it unless KEEPTTL. */
static void storeValue(RedisModuleCtx *ctx, RedisModuleKey *key, int existed, RedisModuleString *payload,
                       NpyDescrSummary descr, const SetOptions *opts, mstime_t expire_at) {
    RedisModuleString *bytes = retainPayload(ctx, payload);
    if (existed) {
        npyValueReplace(RedisModule_ModuleTypeGetValue(key), bytes, descr);
        if (!opts->keepttl && expire_at == REDISMODULE_NO_EXPIRE &&
            RedisModule_GetAbsExpire(key) != REDISMODULE_NO_EXPIRE)
            RedisModule_SetExpire(key, REDISMODULE_NO_EXPIRE);
    } else {
        RedisModule_ModuleTypeSetValue(key, NpyType, npyValueNew(bytes, descr));
    }
    if (expire_at != REDISMODULE_NO_EXPIRE) RedisModule_SetAbsExpire(key, expire_at);
}

/* NP.SET key npy [NX|XX] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL] [ADDED]
 * ADDED answers whether the write created the key, as SADD and HSET count what
 * they add: an uploader learns "created or replaced" in the same atomic step. */
static int npSetCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    SetOptions opts;
    NpyDescrSummary descr;
    if (argc < 3) return RedisModule_WrongArity(ctx);
    if (parseSetOptions(ctx, argv, argc, &opts) < 0) return REDISMODULE_OK;
    mstime_t expire_at = absoluteExpire(ctx, &opts);
    if (expire_at == -2) return REDISMODULE_OK;
    if (replyIfInvalidNpy(ctx, argv[2], &descr) < 0) return REDISMODULE_OK;

    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
    int type = RedisModule_KeyType(key);
    if (type != REDISMODULE_KEYTYPE_EMPTY && RedisModule_ModuleTypeGetType(key) != NpyType) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    }
    if ((opts.nx && type != REDISMODULE_KEYTYPE_EMPTY) || (opts.xx && type == REDISMODULE_KEYTYPE_EMPTY)) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithNull(ctx);
    }
    int existed = type != REDISMODULE_KEYTYPE_EMPTY;
    storeValue(ctx, key, existed, argv[2], descr, &opts, expire_at);
    RedisModule_CloseKey(key);

    replicateSet(ctx, argv, expire_at);
    RedisModule_NotifyKeyspaceEvent(ctx, REDISMODULE_NOTIFY_MODULE, "np.set", argv[1]);
    if (opts.expire_kind != EXPIRE_NONE)
        RedisModule_NotifyKeyspaceEvent(ctx, REDISMODULE_NOTIFY_GENERIC, "expire", argv[1]);
    if (opts.added) return RedisModule_ReplyWithLongLong(ctx, !existed);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* ---------- reads ---------- */

/* NP.GET key: the stored bytes, or nil. */
static int npGetCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    NpyValue *value;
    if (argc != 2) return RedisModule_WrongArity(ctx);
    if (npyReadValue(ctx, argv[1], &value) < 0) return REDISMODULE_OK;
    if (value == NULL) return RedisModule_ReplyWithNull(ctx);
    return RedisModule_ReplyWithString(ctx, value->bytes);
}

/* NP.LEN key: total bytes, 0 when missing (like STRLEN). */
static int npLenCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    NpyValue *value;
    size_t len = 0;
    if (argc != 2) return RedisModule_WrongArity(ctx);
    if (npyReadValue(ctx, argv[1], &value) < 0) return REDISMODULE_OK;
    if (value) npyValueBytes(value, &len);
    return RedisModule_ReplyWithLongLong(ctx, (long long)len);
}

/* NP.ETAG key: 16 hex digits naming these exact bytes, or nil. */
static int npEtagCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    NpyValue *value;
    char hex[NPY_ETAG_HEX_LEN + 1];
    if (argc != 2) return RedisModule_WrongArity(ctx);
    if (npyReadValue(ctx, argv[1], &value) < 0) return REDISMODULE_OK;
    if (value == NULL) return RedisModule_ReplyWithNull(ctx);
    npyEtagFormat(npyValueEtag(value), hex);
    return RedisModule_ReplyWithStringBuffer(ctx, hex, NPY_ETAG_HEX_LEN);
}

/* NP.GETRANGE key start end: a byte range, "" when missing or out of range. */
static int npGetRangeCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    NpyValue *value;
    long long start, end;
    size_t len = 0;
    const char *bytes = "";
    if (argc != 4) return RedisModule_WrongArity(ctx);
    if (RedisModule_StringToLongLong(argv[2], &start) != REDISMODULE_OK ||
        RedisModule_StringToLongLong(argv[3], &end) != REDISMODULE_OK)
        return RedisModule_ReplyWithError(ctx, ERR_NOT_INTEGER);
    if (npyReadValue(ctx, argv[1], &value) < 0) return REDISMODULE_OK;
    if (value) bytes = npyValueBytes(value, &len);
    return npyReplyRange(ctx, bytes, len, start, end);
}

int npyReplyRange(RedisModuleCtx *ctx, const char *bytes, size_t len, long long start, long long end) {
    size_t from, to;
    npyClampRange(start, end, len, &from, &to);
    return RedisModule_ReplyWithStringBuffer(ctx, bytes + from, to - from);
}

static void replyField(RedisModuleCtx *ctx, const char *name) {
    RedisModule_ReplyWithSimpleString(ctx, name);
}

/* The data section numpy reads: size x itemsize, or the whole pickle after the header. */
static uint64_t dataBytes(const NpyInfo *info, size_t len) {
    return info->holds_objects ? len - info->data_offset : info->data_bytes;
}

static void replyInfo(RedisModuleCtx *ctx, NpyValue *value, const char *bytes, size_t len, const NpyInfo *info) {
    char version[8], hex[NPY_ETAG_HEX_LEN + 1];
    snprintf(version, sizeof(version), "%d.%d", info->major, info->minor);
    npyEtagFormat(npyValueEtag(value), hex);
    RedisModule_ReplyWithArray(ctx, 24);
    replyField(ctx, "version");
    RedisModule_ReplyWithStringBuffer(ctx, version, strlen(version));
    replyField(ctx, "header");
    RedisModule_ReplyWithStringBuffer(ctx, bytes + info->header.offset, info->header.length);
    replyField(ctx, "descr");
    RedisModule_ReplyWithStringBuffer(ctx, bytes + info->descr.offset, info->descr.length);
    replyField(ctx, "shape");
    RedisModule_ReplyWithArray(ctx, info->ndim);
    for (int i = 0; i < info->ndim; i++) RedisModule_ReplyWithLongLong(ctx, (long long)info->shape[i]);
    replyField(ctx, "fortran_order");
    RedisModule_ReplyWithLongLong(ctx, info->fortran_order);
    replyField(ctx, "data_offset");
    RedisModule_ReplyWithLongLong(ctx, (long long)info->data_offset);
    replyField(ctx, "bytes");
    RedisModule_ReplyWithLongLong(ctx, (long long)len);
    replyField(ctx, "file_bytes");
    RedisModule_ReplyWithLongLong(ctx, (long long)len);
    replyField(ctx, "data_bytes");
    RedisModule_ReplyWithLongLong(ctx, (long long)dataBytes(info, len));
    replyField(ctx, "itemsize");
    RedisModule_ReplyWithLongLong(ctx, (long long)info->itemsize);
    replyField(ctx, "size");
    RedisModule_ReplyWithLongLong(ctx, (long long)info->count);
    replyField(ctx, "etag");
    RedisModule_ReplyWithStringBuffer(ctx, hex, NPY_ETAG_HEX_LEN);
}

/* NP.INFO key: field/value pairs describing the array, without its data. */
static int npInfoCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    NpyValue *value;
    NpyInfo info;
    char err[NPY_ERROR_CAPACITY];
    size_t len;
    if (argc != 2) return RedisModule_WrongArity(ctx);
    if (npyReadValue(ctx, argv[1], &value) < 0) return REDISMODULE_OK;
    if (value == NULL) return RedisModule_ReplyWithNull(ctx);
    const char *bytes = npyValueBytes(value, &len);
    /* Validated when stored: the descr's span and size come from the value. */
    if (npyReadStoredHeader((const unsigned char *)bytes, len, &value->descr, &info, err, sizeof(err)) < 0)
        return RedisModule_ReplyWithError(ctx, "ERR stored value no longer parses as .npy (please report this)");
    replyInfo(ctx, value, bytes, len, &info);
    return REDISMODULE_OK;
}

/* ---------- registration ---------- */

typedef struct {
    const char *name;
    RedisModuleCmdFunc func;
    const char *flags;
} CommandSpec;

static const CommandSpec COMMANDS[] = {
    {"np.set", npSetCommand, "write deny-oom"}, {"np.get", npGetCommand, "readonly"},
    {"np.info", npInfoCommand, "readonly"},     {"np.getrange", npGetRangeCommand, "readonly"},
    {"np.len", npLenCommand, "readonly fast"},  {"np.etag", npEtagCommand, "readonly"},
};

int npyCommandsRegister(RedisModuleCtx *ctx) {
    for (size_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++) {
        const CommandSpec *c = &COMMANDS[i];
        /* Key positions 1,1,1 let Cluster route every command. */
        if (RedisModule_CreateCommand(ctx, c->name, c->func, c->flags, 1, 1, 1) != REDISMODULE_OK)
            return REDISMODULE_ERR;
    }
    return REDISMODULE_OK;
}
