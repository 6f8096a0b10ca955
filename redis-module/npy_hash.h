/* The etag's hash: 64 bits of the stored bytes, the same on every server and
 * every byte order, so a replica, an AOF replay, a COPY or a RESTORE arrives
 * at the etag of the master without being told it. Not cryptographic: it
 * tells versions of an array apart, it does not resist someone choosing
 * bytes to collide. */
#ifndef NPY_HASH_H
#define NPY_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t npyHash64(const void *data, size_t len);

#endif
