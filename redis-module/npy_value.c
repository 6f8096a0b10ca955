/* NpyValue lifetime and etags: see npy_value.h. */
#include "npy_value.h"

#include "npy_hash.h"

NpyValue *npyValueNew(RedisModuleString *bytes, NpyDescrSummary descr) {
    return npyValueWithEtag(bytes, NPY_ETAG_UNKNOWN, descr);
}

NpyValue *npyValueWithEtag(RedisModuleString *bytes, uint64_t etag, NpyDescrSummary descr) {
    NpyValue *value = RedisModule_Alloc(sizeof(*value));
    value->bytes = bytes;
    value->etag = etag;
    value->descr = descr;
    return value;
}

void npyValueReplace(NpyValue *value, RedisModuleString *bytes, NpyDescrSummary descr) {
    RedisModule_FreeString(NULL, value->bytes);
    value->bytes = bytes;
    value->etag = NPY_ETAG_UNKNOWN;
    value->descr = descr;
}

void npyValueFree(NpyValue *value) {
    /* A NULL context is how a string is released outside any command. */
    RedisModule_FreeString(NULL, value->bytes);
    RedisModule_Free(value);
}

const char *npyValueBytes(const NpyValue *value, size_t *len) {
    return RedisModule_StringPtrLen(value->bytes, len);
}

uint64_t npyValueEtag(NpyValue *value) {
    if (value->etag == NPY_ETAG_UNKNOWN) value->etag = npyValueEtagUncached(value);
    return value->etag;
}

uint64_t npyValueEtagUncached(const NpyValue *value) {
    if (value->etag != NPY_ETAG_UNKNOWN) return value->etag;
    size_t len;
    const char *bytes = npyValueBytes(value, &len);
    return npyHash64(bytes, len);
}

void npyEtagFormat(uint64_t etag, char out[NPY_ETAG_HEX_LEN + 1]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = NPY_ETAG_HEX_LEN - 1; i >= 0; i--) {
        out[i] = digits[etag & 0xF];
        etag >>= 4;
    }
    out[NPY_ETAG_HEX_LEN] = '\0';
}

/* GETRANGE's clamping: inclusive, negative from the end; [*from, *to) out. */
void npyClampRange(long long start, long long end, size_t len, size_t *from, size_t *to) {
    long long n = (long long)len;
    *from = *to = 0;
    if (start < 0 && end < 0 && start > end) return;
    if (start < 0) start += n;
    if (end < 0) end += n;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= n) end = n - 1;
    if (n == 0 || start > end) return;
    *from = (size_t)start;
    *to = (size_t)end + 1;
}
