/* The value stored under a numpyarry key: the .npy bytes exactly as received,
 * kept as the server's own string object (no copy), an etag, and a 16-byte
 * summary of the descr (its span and item size), so NP.INFO re-reads only the
 * shape and the dict around the descr: its cost follows its reply, not the
 * number of fields. MEMORY USAGE stays within 64 bytes of a plain string. */
#ifndef NPY_VALUE_H
#define NPY_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "npy_validate.h"
#include "redis_api.h"

/* An etag is shown as 16 lowercase hex digits. */
#define NPY_ETAG_HEX_LEN 16

typedef struct {
    RedisModuleString *bytes; /* owned reference */
    uint64_t etag;            /* identifies this exact value; never reused for other bytes */
    NpyDescrSummary descr;    /* of the validated header */
} NpyValue;

/* Takes ownership of bytes, which npyValidate accepted with this summary. */
NpyValue *npyValueNew(RedisModuleString *bytes, uint64_t etag, NpyDescrSummary descr);

/* Thread-safe: the server may call it from its lazy-free thread. */
void npyValueFree(NpyValue *value);

const char *npyValueBytes(const NpyValue *value, size_t *len);

/* Formats the etag as 16 lowercase hex digits plus NUL into out. */
void npyEtagFormat(uint64_t etag, char out[NPY_ETAG_HEX_LEN + 1]);

/* Parses 16 hex digits; returns 0 or -1. */
int npyEtagParse(const char *text, size_t len, uint64_t *etag);

/* Seeds the generator from the server's random source; call once at load. */
void npyEtagSeed(void);

/* A fresh etag: a bijective mix of a random seed and a counter, so no two
 * values of one server share one and servers are independent in practice. */
uint64_t npyEtagNext(void);

/* The etag of a copy: derived from the source's etag and the destination
 * key, so a master, its replicas and an AOF replay of the same COPY agree,
 * while the copy still differs from its source. */
uint64_t npyEtagDerive(uint64_t source_etag, const char *tokey, size_t len);

#endif
