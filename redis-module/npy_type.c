/* Type methods of numpyarry. Loading re-validates the bytes, so a corrupt or
 * truncated RDB/RESTORE payload is refused instead of stored. */
#include "npy_type.h"

#include "npy_validate.h"
#include "npy_value.h"

RedisModuleType *NpyType = NULL;

/* "NPYEND!!": none of its bytes is 0x0a or 0x00, the first bytes of what
 * follows a value in a DUMP payload, so a cut value cannot end in it. */
#define NPY_END_MARKER 0x4E5059454E442121ULL

/* The robj and moduleValue the server wraps around our value. */
#define SERVER_WRAPPER_BYTES 32

/* Loads the string and refuses it on a short read or when it is not a valid .npy. */
static RedisModuleString *loadValidBytes(RedisModuleIO *io, NpyDescrSummary *descr) {
    RedisModuleString *bytes = RedisModule_LoadString(io);
    if (RedisModule_IsIOError(io) || bytes == NULL) {
        if (bytes) RedisModule_FreeString(NULL, bytes);
        return NULL;
    }
    size_t len;
    const char *ptr = RedisModule_StringPtrLen(bytes, &len);
    NpyInfo info;
    char err[NPY_ERROR_CAPACITY];
    if (npyValidate((const unsigned char *)ptr, len, &info, err, sizeof(err)) < 0) {
        RedisModule_LogIOError(io, "warning", "numpyarry value refused on load: invalid .npy: %s", err);
        RedisModule_FreeString(NULL, bytes);
        return NULL;
    }
    *descr = npyDescrSummary(&info);
    return bytes;
}

/* encver 0: the byte count written before the bytes must agree with them. */
static void *loadEncver0(RedisModuleIO *io) {
    uint64_t declared = RedisModule_LoadUnsigned(io);
    if (RedisModule_IsIOError(io)) return NULL;
    NpyDescrSummary descr;
    RedisModuleString *bytes = loadValidBytes(io, &descr);
    if (bytes == NULL) return NULL;
    size_t len;
    RedisModule_StringPtrLen(bytes, &len);
    if (declared != len) {
        RedisModule_LogIOError(io, "warning",
                               "numpyarry value refused on load: size field says %llu bytes but %zu follow",
                               (unsigned long long)declared, len);
        RedisModule_FreeString(NULL, bytes);
        return NULL;
    }
    return npyValueNew(bytes, descr);
}

/* encver 1 and 2: the bytes, the etag, the end marker. The end marker catches
 * a value cut short whose missing tail the reader would otherwise fill from
 * whatever follows it (a DUMP's version field reads as a small number followed
 * by a module EOF). encver 2's etag is the hash of the bytes, kept so loading
 * does not read them twice; encver 1's was an id the master assigned, which
 * other servers holding the same bytes would not share, so it is recomputed. */
static void *loadWithEtag(RedisModuleIO *io, int etag_is_hash) {
    NpyDescrSummary descr;
    RedisModuleString *bytes = loadValidBytes(io, &descr);
    if (bytes == NULL) return NULL;
    uint64_t etag = RedisModule_LoadUnsigned(io);
    uint64_t marker = RedisModule_IsIOError(io) ? 0 : RedisModule_LoadUnsigned(io);
    if (RedisModule_IsIOError(io) || marker != NPY_END_MARKER) {
        if (!RedisModule_IsIOError(io))
            RedisModule_LogIOError(io, "warning",
                                   "numpyarry value refused on load: end marker missing (truncated or corrupt)");
        RedisModule_FreeString(NULL, bytes);
        return NULL;
    }
    return etag_is_hash ? npyValueWithEtag(bytes, etag, descr) : npyValueNew(bytes, descr);
}

static void *npyRdbLoad(RedisModuleIO *io, int encver) {
    if (encver == 0) return loadEncver0(io);
    if (encver == 1 || encver == 2) return loadWithEtag(io, encver == 2);
    RedisModule_LogIOError(
        io, "warning", "numpyarry encoding version %d is newer than this module reads (up to %d): upgrade the module",
        encver, NPY_ENCVER);
    return NULL;
}

static void npyRdbSave(RedisModuleIO *io, void *ptr) {
    const NpyValue *value = ptr;
    size_t len;
    const char *bytes = npyValueBytes(value, &len);
    RedisModule_SaveStringBuffer(io, bytes, len);
    RedisModule_SaveUnsigned(io, npyValueEtagUncached(value));
    RedisModule_SaveUnsigned(io, NPY_END_MARKER);
}

/* Rewrites the value as the command that recreates it (and its etag). */
static void npyAofRewrite(RedisModuleIO *io, RedisModuleString *key, void *ptr) {
    size_t len;
    const char *bytes = npyValueBytes(ptr, &len);
    RedisModule_EmitAOF(io, "NP.SET", "sb", key, bytes, len);
}

/* Same accounting as a string (its robj and allocation) plus our wrapper. */
static size_t npyMemUsage(const void *ptr) {
    const NpyValue *value = ptr;
    return RedisModule_MallocSizeString(value->bytes) + RedisModule_MallocSize((void *)value) + SERVER_WRAPPER_BYTES;
}

/* The digest covers the bytes only: equal data digests equal anywhere. */
static void npyDigest(RedisModuleDigest *digest, void *ptr) {
    size_t len;
    const char *bytes = npyValueBytes(ptr, &len);
    RedisModule_DigestAddStringBuffer(digest, bytes, len);
    RedisModule_DigestEndSequence(digest);
}

static void npyFree(void *ptr) {
    npyValueFree(ptr);
}

/* One unit per 4 KiB page: above the server's threshold of 64 (256 KiB)
 * UNLINK and FLUSHALL ASYNC free the value on the lazy-free thread. */
static size_t npyFreeEffort(RedisModuleString *key, const void *ptr) {
    (void)key;
    size_t len;
    npyValueBytes(ptr, &len);
    return 1 + len / 4096;
}

/* COPY: a deep copy; the same bytes, so the same etag (known or not yet). */
static void *npyCopy(RedisModuleString *fromkey, RedisModuleString *tokey, const void *ptr) {
    (void)fromkey;
    (void)tokey;
    const NpyValue *value = ptr;
    return npyValueWithEtag(RedisModule_CreateStringFromString(NULL, value->bytes), value->etag, value->descr);
}

/* The server copies the methods; static keeps them valid regardless. */
static RedisModuleTypeMethods methods = {
    .version = REDISMODULE_TYPE_METHOD_VERSION,
    .rdb_load = npyRdbLoad,
    .rdb_save = npyRdbSave,
    .aof_rewrite = npyAofRewrite,
    .mem_usage = npyMemUsage,
    .digest = npyDigest,
    .free = npyFree,
    .free_effort = npyFreeEffort,
    .copy = npyCopy,
};

int npyTypeRegister(RedisModuleCtx *ctx) {
    NpyType = RedisModule_CreateDataType(ctx, "numpyarry", NPY_ENCVER, &methods);
    return NpyType ? REDISMODULE_OK : REDISMODULE_ERR;
}

/* Opens a key for reading. Returns 0 with *value (NULL when the key is
 * missing), or -1 after replying WRONGTYPE. */
int npyReadValue(RedisModuleCtx *ctx, RedisModuleString *name, NpyValue **value) {
    RedisModuleKey *key = RedisModule_OpenKey(ctx, name, REDISMODULE_READ);
    int type = RedisModule_KeyType(key);
    *value = NULL;
    if (type != REDISMODULE_KEYTYPE_EMPTY && RedisModule_ModuleTypeGetType(key) != NpyType) {
        RedisModule_CloseKey(key);
        RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
        return -1;
    }
    if (type != REDISMODULE_KEYTYPE_EMPTY) *value = RedisModule_ModuleTypeGetValue(key);
    RedisModule_CloseKey(key);
    return 0;
}
