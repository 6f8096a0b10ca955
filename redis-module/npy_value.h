/* The value stored under a numpyarry key: the .npy bytes exactly as received,
 * kept as the server's own string object (no copy), their etag, and a 16-byte
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

/* The etag is computed the first time it is asked for, not by NP.SET: hashing
 * 16 MiB costs a sixth of SET's own work on it, and most writes are read (and
 * asked for their etag) at most once. A hash that happens to be this value is
 * simply computed again each time. */
#define NPY_ETAG_UNKNOWN 0

typedef struct {
    RedisModuleString *bytes; /* owned reference */
    uint64_t etag;            /* npyHash64 of the bytes, or NPY_ETAG_UNKNOWN until asked */
    NpyDescrSummary descr;    /* of the validated header */
} NpyValue;

/* Takes ownership of bytes, which npyValidate accepted with this summary. */
NpyValue *npyValueNew(RedisModuleString *bytes, NpyDescrSummary descr);

/* For bytes whose etag is already known (read back from an RDB, a copy). */
NpyValue *npyValueWithEtag(RedisModuleString *bytes, uint64_t etag, NpyDescrSummary descr);

/* The value's etag, hashing the bytes the first time and keeping the result.
 * Main thread only: commands. */
uint64_t npyValueEtag(NpyValue *value);

/* The etag without keeping it: for saving, which runs in a fork child (where
 * storing it would copy the page the value sits on, for nothing) or for DUMP. */
uint64_t npyValueEtagUncached(const NpyValue *value);

/* Gives the value other bytes (taking ownership) and their summary, freeing
 * the old bytes; the etag is hashed again when next asked. */
void npyValueReplace(NpyValue *value, RedisModuleString *bytes, NpyDescrSummary descr);

/* Thread-safe: the server may call it from its lazy-free thread. */
void npyValueFree(NpyValue *value);

const char *npyValueBytes(const NpyValue *value, size_t *len);

/* Formats the etag as 16 lowercase hex digits plus NUL into out. */
void npyEtagFormat(uint64_t etag, char out[NPY_ETAG_HEX_LEN + 1]);

/* GETRANGE's clamping of [start, end] (inclusive, negative from the end) to
 * len bytes: the half-open [*from, *to), empty when out of range. */
void npyClampRange(long long start, long long end, size_t len, size_t *from, size_t *to);

#endif
