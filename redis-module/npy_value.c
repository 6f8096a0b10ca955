/* NpyValue lifetime and etags: see npy_value.h. */
#include "npy_value.h"

static uint64_t etag_seed;
static uint64_t etag_counter;

NpyValue *npyValueNew(RedisModuleString *bytes, uint64_t etag, NpyDescrSummary descr) {
    NpyValue *value = RedisModule_Alloc(sizeof(*value));
    value->bytes = bytes;
    value->etag = etag;
    value->descr = descr;
    return value;
}

void npyValueFree(NpyValue *value) {
    /* A NULL context is how a string is released outside any command. */
    RedisModule_FreeString(NULL, value->bytes);
    RedisModule_Free(value);
}

const char *npyValueBytes(const NpyValue *value, size_t *len) {
    return RedisModule_StringPtrLen(value->bytes, len);
}

void npyEtagFormat(uint64_t etag, char out[NPY_ETAG_HEX_LEN + 1]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = NPY_ETAG_HEX_LEN - 1; i >= 0; i--) {
        out[i] = digits[etag & 0xF];
        etag >>= 4;
    }
    out[NPY_ETAG_HEX_LEN] = '\0';
}

int npyEtagParse(const char *text, size_t len, uint64_t *etag) {
    if (len != NPY_ETAG_HEX_LEN) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return -1;
        v = v << 4 | (uint64_t)d;
    }
    *etag = v;
    return 0;
}

void npyEtagSeed(void) {
    RedisModule_GetRandomBytes((unsigned char *)&etag_seed, sizeof(etag_seed));
}

/* splitmix64's finaliser: a bijection, so distinct inputs give distinct etags. */
static uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t npyEtagNext(void) {
    return mix64(etag_seed + 0x9e3779b97f4a7c15ULL * ++etag_counter);
}

uint64_t npyEtagDerive(uint64_t source_etag, const char *tokey, size_t len) {
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a over the key name */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)tokey[i]) * 0x100000001b3ULL;
    return mix64(source_etag ^ mix64(h + 1));
}
